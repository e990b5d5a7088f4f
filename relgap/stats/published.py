"""Figures as other harnesses publish them, shown beside relgap's own.

τ-bench scores an exception in the agent or user loop as reward 0, so its published pass^k
counts infrastructure errors as failures; relgap leaves error trials out and counts them.
"""

from __future__ import annotations

from typing import Any

import numpy as np

from relgap.stats.counts import GroupTasks
from relgap.stats.estimators import pass_curves

__all__ = ["errors_as_failures"]


def errors_as_failures(g: GroupTasks, k_max: int) -> dict[str, Any]:
    """pass@k and pass^k with error trials counted as failures (``c`` of ``n_run``).

    What τ-bench publishes (it scores an exception as reward 0), shown beside relgap's
    figures, which leave error trials out. Point estimates over the tasks with at least
    ``k`` trials run; no interval (an infrastructure burst is not sampling noise).
    """
    n, c = g.n_run.astype(float), g.c.astype(float)
    at, hat = pass_curves(n, c, k_max)
    used = np.isfinite(at).sum(axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        at_mean, hat_mean = np.nansum(at, axis=0) / used, np.nansum(hat, axis=0) / used
    return {
        "pass_at_k": {str(j + 1): float(at_mean[j]) for j in range(k_max)},
        "pass_hat_k": {str(j + 1): float(hat_mean[j]) for j in range(k_max)},
        "n_tasks_used": {str(j + 1): int(used[j]) for j in range(k_max)},
        "n_error_trials": int(g.n_error.sum()),
    }
