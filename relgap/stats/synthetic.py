"""Synthetic trial tables with known truth, for tests, benchmarks and examples.

Each task gets a success rate ``p ~ Beta(a, b)``; each trial passes with probability ``p``
independently; a share of trials can be turned into infrastructure errors. The true
finite-population values are then known: mean over tasks of ``1 - (1-p)^k`` and ``p^k``.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

__all__ = ["synthetic_trials"]


def synthetic_trials(
    n_tasks: int,
    n_trials: int,
    *,
    models: Sequence[str] = ("sim/a",),
    variants: Sequence[str] = ("default",),
    a: float = 0.8,
    b: float = 0.6,
    error_rate: float = 0.0,
    suite: str = "synthetic",
    seed: int = 0,
    rates: np.ndarray | None = None,
) -> pd.DataFrame:
    """A trial table in the shape of ``relgap.load`` output.

    Args:
        n_tasks: tasks per group.
        n_trials: trials per task.
        models: model names; every model and variant is one group.
        variants: variant names.
        a: first Beta parameter of the per-task success rates (drawn per group).
        b: second Beta parameter.
        error_rate: probability that a trial is an infrastructure error.
        suite: suite name.
        seed: random seed.
        rates: fixed per-task rates ``(groups, n_tasks)`` or ``(n_tasks,)`` instead of Beta
            draws.

    Returns:
        One row per trial with the columns the statistics read, and a ``true_rate`` column
        holding the task's ``p``.
    """
    rng = np.random.default_rng(seed)
    combos = [(m, v) for m in models for v in variants]
    n_groups = len(combos)
    if rates is None:
        p = rng.beta(a, b, size=(n_groups, n_tasks))
    else:
        p = np.broadcast_to(np.asarray(rates, dtype=float), (n_groups, n_tasks))
    size = n_groups * n_tasks * n_trials
    group = np.repeat(np.arange(n_groups), n_tasks * n_trials)
    task = np.tile(np.repeat(np.arange(n_tasks), n_trials), n_groups)
    trial = np.tile(np.arange(n_trials), n_groups * n_tasks)
    true_rate = p[group, task]
    passed = rng.random(size) < true_rate
    error = rng.random(size) < error_rate
    width = len(str(max(n_tasks - 1, 0)))
    task_ids = np.array([f"t{i:0{width}d}" for i in range(n_tasks)], dtype=object)
    model = np.array([m for m, _ in combos], dtype=object)[group]
    variant = np.array([v for _, v in combos], dtype=object)[group]
    outcome = np.where(error, "error", np.where(passed, "pass", "fail")).astype(object)
    choices = np.empty(2, dtype=object)
    choices[0], choices[1] = [], ["wrong_state"]  # shared, read-only lists
    checks = choices[(~passed & ~error).astype(np.intp)]
    cost = rng.gamma(2.0, 0.005, size)
    return pd.DataFrame(
        {
            "run_id": "synthetic",
            "suite": suite,
            "task_id": task_ids[task],
            "tier": 1 + task % 3,
            "model": model,
            "variant": variant,
            "family": model,
            "reasoning_effort": None,
            "thinking_budget": None,
            "simulated": True,
            "trial": trial,
            "seed": seed,
            "outcome": outcome,
            "passed": passed & ~error,
            "score": (passed & ~error).astype(float),
            "failed_checks": checks,
            "stop_reason": np.where(error, "infra_error", "completed"),
            "input_tokens": rng.integers(500, 3000, size),
            "output_tokens": rng.integers(50, 600, size),
            "reasoning_tokens": 0,
            "cost_usd": cost,
            "latency_s": rng.gamma(2.0, 1.5, size),
            "true_rate": true_rate,
        }
    )
