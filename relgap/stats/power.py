"""How many tasks (and trials) a comparison needs.

A paired comparison of two models over ``T`` shared tasks estimates the mean of per-task
differences ``d_t``; its standard error is ``sd(d) / sqrt(T)``. With a two-sided test at
level ``alpha`` and power ``1 - beta`` the minimum detectable difference is

    MDD = (z_{1 - alpha/2} + z_{1 - beta}) * sd(d) / sqrt(T)

(normal approximation; see e.g. Miller 2024, arXiv 2411.00640, section on power).

Trials enter through ``sd(d)``. For pass@1, a task's observed difference is its true
difference plus binomial noise, so with ``n`` trials per task and model

    Var(d) = tau^2 + (w_a + w_b) / n

where ``tau^2`` is the variance across tasks of the true differences and ``w_a``, ``w_b``
the within-task variances ``E[p(1-p)]`` of each model (see :mod:`relgap.stats.variance`).
More trials shrink only the second term: past ``n ≈ (w_a + w_b) / tau^2`` more tasks help
more than more trials.
"""

from __future__ import annotations

import math

from scipy import stats as sps

__all__ = ["minimum_detectable_difference", "sd_of_task_differences", "tasks_needed"]


def _z_sum(alpha: float, power: float, two_sided: bool) -> float:
    if not 0 < alpha < 1 or not 0 < power < 1:
        raise ValueError("alpha and power must lie strictly between 0 and 1")
    z_alpha = sps.norm.ppf(1 - alpha / 2) if two_sided else sps.norm.ppf(1 - alpha)
    return float(z_alpha + sps.norm.ppf(power))


def sd_of_task_differences(
    tau2: float, within_a: float, within_b: float, n_trials: int | float
) -> float:
    """Standard deviation of per-task pass@1 differences with ``n_trials`` per task.

    Args:
        tau2: variance across tasks of the true per-task differences ``p_a - p_b``.
        within_a: within-task variance ``E[p(1-p)]`` of the first model.
        within_b: the same for the second model.
        n_trials: valid trials per task and model.

    Returns:
        ``sqrt(tau2 + (within_a + within_b) / n_trials)``.
    """
    if n_trials <= 0:
        raise ValueError("n_trials must be positive")
    return math.sqrt(max(tau2, 0.0) + (within_a + within_b) / n_trials)


def minimum_detectable_difference(
    n_tasks: int,
    sd_diff: float,
    alpha: float = 0.05,
    power: float = 0.8,
    *,
    two_sided: bool = True,
) -> float:
    """Smallest true mean difference a paired test over ``n_tasks`` detects with ``power``.

    Args:
        n_tasks: shared tasks.
        sd_diff: standard deviation of per-task differences (observed, or from
            :func:`sd_of_task_differences` when planning trials).
        alpha: significance level.
        power: probability of detecting a difference of that size.
        two_sided: two-sided test (default) or one-sided.

    Returns:
        The minimum detectable difference, on the scale of ``sd_diff``; ``inf`` for
        ``n_tasks < 1``.
    """
    if n_tasks < 1:
        return math.inf
    return _z_sum(alpha, power, two_sided) * sd_diff / math.sqrt(n_tasks)


def tasks_needed(
    difference: float,
    sd_diff: float,
    alpha: float = 0.05,
    power: float = 0.8,
    *,
    two_sided: bool = True,
) -> int:
    """Shared tasks needed to detect a true mean difference ``difference`` with ``power``.

    Inverse of :func:`minimum_detectable_difference`:
    ``ceil(((z_{1-alpha/2} + z_power) * sd_diff / difference)^2)``, at least 2.

    Raises:
        ValueError: if ``difference`` is zero.
    """
    if difference == 0:
        raise ValueError("difference must be non-zero")
    z = _z_sum(alpha, power, two_sided)
    return max(2, math.ceil((z * sd_diff / abs(difference)) ** 2))
