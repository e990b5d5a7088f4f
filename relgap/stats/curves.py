"""Per group: pass@k, pass^k, gap, retention and the variance split for every k, with intervals.

Every statistic is a ratio of sums of per-task columns, so one bootstrap over tasks (or over
clusters of tasks, whose columns are summed first) serves them all
(:mod:`relgap.stats.intervals`).
"""

from __future__ import annotations

from typing import Any

import numpy as np

from relgap.stats.clusters import sum_by_cluster
from relgap.stats.counts import GroupTasks
from relgap.stats.estimators import pass_curves
from relgap.stats.intervals import (
    CIMethod,
    IntervalArrays,
    bootstrap_sums,
    function_estimates,
    ratio_estimates,
)
from relgap.stats.variance import (
    VARIANCE_STATS,
    rate_distribution,
    variance_columns,
    variance_from_sums,
)

__all__ = ["group_curves"]


def _by_k(est: IntervalArrays, tasks: np.ndarray | None = None) -> dict[str, dict[str, Any]]:
    rows = {str(j + 1): est.row(j) for j in range(est.estimate.size)}
    if tasks is not None:  # clustered: the estimator counted clusters
        for j, row in enumerate(rows.values()):
            row["n_clusters_used"] = row["n_tasks_used"]
            row["n_tasks_used"] = int(tasks[j])
    return rows


def group_curves(
    g: GroupTasks,
    k_max: int,
    rng: np.random.Generator,
    bootstrap: int,
    level: float,
    ci: CIMethod,
    codes: np.ndarray | None = None,
) -> dict[str, Any]:
    """pass@k, pass^k, gap and retention for k = 1..k_max, and the variance split, as JSON.

    ``codes`` (cluster of each task) makes clusters, not tasks, the bootstrap's units.
    """
    n, c = g.n.astype(float), g.c.astype(float)
    at, hat = pass_curves(n, c, k_max)
    used = np.isfinite(at)
    m = used.astype(float)
    at, hat = np.nan_to_num(at), np.nan_to_num(hat)
    rate = np.where(n > 0, c / np.where(n > 0, n, 1.0), 0.0)
    p1 = rate[:, None] * m
    zv, used2 = variance_columns(n, c)
    tasks = None
    if codes is not None:  # every statistic is a ratio of sums: sum within clusters first
        tasks, tasks2 = used.sum(axis=0), np.full(4, used2.sum())
        at, hat, m, p1, zv = (sum_by_cluster(x, codes) for x in (at, hat, m, p1, zv))
        used, used2 = m > 0, zv[:, 0] > 0
    z = np.hstack([at, hat, m, p1, zv])
    boot = bootstrap_sums(z, bootstrap, rng)
    b_at, b_hat, b_m, b_p1 = (boot[:, i * k_max : (i + 1) * k_max] for i in range(4))
    b_v = boot[:, 4 * k_max :]
    kw: dict[str, Any] = {"level": level, "ci": ci}
    # within <= 1/4 (p(1-p)); between <= 1/4 too (variance of a [0, 1] rate).
    var_bounds = (0.0, np.array([0.25, 0.25, 1.0, 1.0]))
    variance = function_estimates(variance_from_sums, zv, b_v, used2, bounds=var_bounds, **kw)
    kw["bounds"] = (0.0, 1.0)  # all four statistics are probabilities or shares of one
    out = {
        "pass_at_k": _by_k(ratio_estimates(at, m, used, b_at, b_m, **kw), tasks),
        "pass_hat_k": _by_k(ratio_estimates(hat, m, used, b_hat, b_m, **kw), tasks),
        "gap": _by_k(ratio_estimates(at - hat, m, used, b_at - b_hat, b_m, **kw), tasks),
        "retention": _by_k(ratio_estimates(hat, p1, used, b_hat, b_p1, **kw), tasks),
        "variance": _variance(variance, n, c),
    }
    if codes is not None:
        out["variance"]["intervals"] = _by_k(variance, tasks2)
        out["variance"]["intervals"] = dict(
            zip(VARIANCE_STATS, out["variance"]["intervals"].values(), strict=True)
        )
    return out


def _variance(est: IntervalArrays, n: np.ndarray, c: np.ndarray) -> dict[str, Any]:
    out: dict[str, Any] = {name: float(est.estimate[j]) for j, name in enumerate(VARIANCE_STATS)}
    out["n_tasks"] = int(np.sum(n >= 2))
    out["intervals"] = {name: est.row(j) for j, name in enumerate(VARIANCE_STATS)}
    out["rate_distribution"] = rate_distribution(n, c)
    return out
