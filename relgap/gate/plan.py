"""Sizing a nightly gate: the smallest pass^k drop it can detect, and the trials it needs.

The regression gate compares per-task unbiased pass^k estimates of two runs with a paired,
one-sided test over ``T`` shared tasks. With no true change, a task's difference is pure
sampling noise, of variance ``2 Var(hat pass^k | p, n)``; averaged over tasks whose success
rates follow ``Beta(a, b)`` that gives ``sd(d)``, and

    MDD = (z_{1-alpha} + z_{power}) * sd(d) / sqrt(T)

(:func:`relgap.stats.power.minimum_detectable_difference`, one-sided). The variance of the
estimator is computed exactly by summing over the binomial outcomes, then integrated over
the Beta distribution on a grid; no simulation.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from scipy import stats as sps
from scipy.special import comb

from relgap.errors import ConfigError
from relgap.stats.power import minimum_detectable_difference

# A typical agent suite when no pilot run is given: mean success 0.67, U-shaped (many tasks
# nearly always pass or fail) - intra-class correlation 1 / (a + b + 1) = 0.36.
DEFAULT_A, DEFAULT_B = 1.2, 0.6
_GRID = (np.arange(2000) + 0.5) / 2000


def estimator_variance(p: np.ndarray, n: int, k: int) -> np.ndarray:
    """Var of the unbiased pass^k estimate C(c,k)/C(n,k) with c ~ Binomial(n, p), per p."""
    c = np.arange(n + 1)
    value = comb(c, k) / comb(n, k)  # zero for c < k
    probs = sps.binom.pmf(c[None, :], n, p[:, None])
    mean = probs @ value
    return probs @ value**2 - mean**2


def sd_of_null_difference(n: int, k: int, a: float, b: float) -> float:
    weights = sps.beta.pdf(_GRID, a, b)
    weights = weights / weights.sum()
    return math.sqrt(2 * float(weights @ estimator_variance(_GRID, n, k)))


@dataclass(frozen=True)
class GatePlan:
    tasks: int
    trials: int
    k: int
    alpha: float
    power: float
    a: float
    b: float
    sd_diff: float
    mdd: float


def plan_gate(tasks: int, trials: int, k: int, *, alpha: float = 0.05, power: float = 0.8,
              a: float = DEFAULT_A, b: float = DEFAULT_B) -> GatePlan:  # fmt: skip
    if tasks < 2:
        raise ConfigError(f"--tasks must be at least 2 (got {tasks})")
    if not 1 <= k <= trials:
        raise ConfigError(f"--k must be between 1 and --trials ({trials}); got {k}")
    sd = sd_of_null_difference(trials, k, a, b)
    mdd = minimum_detectable_difference(tasks, sd, alpha, power, two_sided=False)
    return GatePlan(tasks, trials, k, alpha, power, a, b, sd, mdd)


def trials_needed(tasks: int, k: int, drop: float, *, alpha: float = 0.05, power: float = 0.8,
                  a: float = DEFAULT_A, b: float = DEFAULT_B, limit: int = 1000) -> int | None:  # fmt: skip
    """The fewest trials per task for which the gate detects a pass^k drop of ``drop``;
    None if even ``limit`` trials are not enough (add tasks instead)."""
    if not 0 < drop < 1:
        raise ConfigError(f"--drop is a drop in pass^k, between 0 and 1 (got {drop})")
    lo, hi = k, limit
    if plan_gate(tasks, hi, k, alpha=alpha, power=power, a=a, b=b).mdd > drop:
        return None
    while lo < hi:  # the MDD falls as trials grow
        mid = (lo + hi) // 2
        if plan_gate(tasks, mid, k, alpha=alpha, power=power, a=a, b=b).mdd <= drop:
            hi = mid
        else:
            lo = mid + 1
    return lo
