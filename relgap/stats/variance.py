"""Where single-trial outcomes vary: between tasks or within a task.

Draw a task at random, then one trial of it. The variance of that 0/1 outcome splits into

* **within-task** variance ``E[p(1-p)]``: a task with success rate ``p`` sometimes passes
  and sometimes fails. Estimated per task without bias by ``c(n-c) / (n(n-1))``.
* **between-task** variance ``Var(p)``: some tasks are easy, some hard. The sample
  variance of ``c/n`` overstates it by the binomial noise ``mean(p(1-p)/n)``, which is
  subtracted (the bias-corrected estimate, clipped at 0).

``ICC = between / (between + within)`` is the share due to tasks (an intra-class
correlation, as in one-way random-effects ANOVA). ICC near 1: a task either always passes
or always fails, and retrying does not help or hurt. ICC near 0: outcomes are coin flips.

**The pass@k − pass^k gap comes from within-task variance.** Per task,
``pass@k - pass^k = 1 - (1-p)^k - p^k``, which is zero exactly when ``p`` is 0 or 1.
For ``k = 2`` it is ``2 p (1-p)``; the unbiased estimators satisfy the same identity,
``gap_2 = 2 c(n-c)/(n(n-1))``, so the observed gap at ``k = 2`` is twice the within-task
variance. A suite with a large gap is a suite of flaky tasks, not of hard ones.

Only tasks with at least two valid trials enter (one trial says nothing about within-task
variance).
"""

from __future__ import annotations

from typing import Any

import numpy as np
import numpy.typing as npt

__all__ = [
    "rate_distribution",
    "variance_columns",
    "variance_decomposition",
    "variance_from_sums",
]

VARIANCE_STATS = ("within", "between", "icc", "flaky_share")


def variance_columns(n: npt.ArrayLike, c: npt.ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """Per-task columns whose sums determine the variance decomposition.

    Returns:
        ``(z, used)``: ``z`` of shape ``(T, 6)`` holding ``[1, w, r, r^2, w/n, flaky]`` for
        tasks with ``n >= 2`` (zeros otherwise), where ``r = c/n`` and
        ``w = c(n-c)/(n(n-1))``; ``used`` marks those tasks.
    """
    n = np.asarray(n, dtype=float)
    c = np.asarray(c, dtype=float)
    used = n >= 2
    safe_n = np.where(used, n, 2.0)
    rate = c / safe_n
    within = c * (safe_n - c) / (safe_n * (safe_n - 1))
    flaky = (c > 0) & (c < safe_n)
    z = np.column_stack([np.ones_like(n), within, rate, rate**2, within / safe_n, flaky])
    z[~used] = 0.0
    return z, used


def variance_from_sums(sums: np.ndarray) -> np.ndarray:
    """``[within, between, icc, flaky_share]`` from sums of :func:`variance_columns`.

    Works on a single sum vector ``(6,)`` or a stack ``(..., 6)`` (bootstrap, jackknife).
    """
    sums = np.asarray(sums, dtype=float)
    m, w, r, r2, wn, fl = (sums[..., i] for i in range(6))
    with np.errstate(invalid="ignore", divide="ignore"):
        within = w / m
        rate_var = (r2 - r**2 / m) / (m - 1)
        between = np.clip(rate_var - wn / m, 0.0, None)
        total = between + within
        icc = np.where(total > 0, between / np.where(total > 0, total, 1.0), np.nan)
        flaky = fl / m
    return np.stack([within, between, icc, flaky], axis=-1)


def variance_decomposition(n: npt.ArrayLike, c: npt.ArrayLike) -> dict[str, float | int]:
    """Within-task and between-task variance of single-trial outcomes, ICC, flaky share.

    Args:
        n: valid trials per task.
        c: passes per task.

    Returns:
        ``{"within", "between", "icc", "flaky_share", "n_tasks"}``; ``n_tasks`` counts tasks
        with at least two valid trials, the only ones that enter. ``icc`` is NaN when
        there is no variance at all (every task always passes, or always fails).
    """
    z, used = variance_columns(n, c)
    within, between, icc, flaky = variance_from_sums(z.sum(axis=0))
    return {
        "within": float(within),
        "between": float(between),
        "icc": float(icc),
        "flaky_share": float(flaky),
        "n_tasks": int(used.sum()),
    }


def rate_distribution(n: npt.ArrayLike, c: npt.ArrayLike, bins: int = 10) -> dict[str, Any]:
    """Distribution of per-task success rates ``c/n`` over tasks with ``n >= 1``.

    Returns:
        ``{"edges", "counts", "never_pass", "always_pass", "quantiles"}``: a histogram over
        ``bins`` equal bins of [0, 1] (the last bin closed), the number of tasks that never
        / always passed, and the 10/25/50/75/90 % quantiles of the rates.
    """
    n = np.asarray(n, dtype=float)
    c = np.asarray(c, dtype=float)
    ok = n > 0
    rate = c[ok] / n[ok]
    edges = np.linspace(0.0, 1.0, bins + 1)
    counts, _ = np.histogram(rate, bins=edges)
    probs = [0.1, 0.25, 0.5, 0.75, 0.9]
    quant = np.quantile(rate, probs) if rate.size else np.full(len(probs), np.nan)
    return {
        "edges": [round(float(e), 10) for e in edges],
        "counts": [int(x) for x in counts],
        "never_pass": int(np.sum(c[ok] == 0)),
        "always_pass": int(np.sum(c[ok] == n[ok])),
        "quantiles": {f"{int(p * 100)}": float(q) for p, q in zip(probs, quant, strict=True)},
    }
