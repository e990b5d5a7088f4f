"""Reliability beyond pass/fail: how much repeats of one task differ in outcome and in resources.

After "Towards a Science of AI Agent Reliability" (Rabanser et al., arXiv 2602.16666),
which asks that consistency across repeated runs be reported beside accuracy:

* **Resource consistency** – per task, the coefficient of variation (sd / mean, sd with
  ``ddof=1``) of cost, tokens (input + output), steps and latency across its valid trials;
  per group, the mean CV over tasks with at least two valid trials and a positive mean,
  with a percentile bootstrap interval over tasks. Lower is more consistent. Per-task CVs
  carry no interval (a handful of repeats give a very rough CV: read them as a ranking).
* **Outcome consistency** ``C_out`` – the paper's formula (as its authors publish it in the
  HAL reliability methodology): per task with ``K >= 2`` valid trials,
  ``clip(1 - s^2 / (p (1 - p) + eps), 0, 1)`` with ``p`` the task's pass rate, ``s^2`` the
  sample variance of its outcomes (``ddof=1``) and ``eps = 1e-8``; per group the mean over
  tasks, with a percentile bootstrap interval over tasks. With pass/fail outcomes
  ``s^2 = K/(K-1) p (1 - p)``, so a task scores 1 when every repeat agrees and 0 otherwise:
  ``C_out`` is the share of tasks whose repeats all agree, and it falls as ``K`` grows
  (compare groups at the same number of repeats).
* **Outcome agreement** – relgap's smooth companion: per task ``1 - 4 w`` with
  ``w = c (n - c) / (n (n - 1))`` the unbiased estimate of ``p (1 - p)``, so 1 for a task
  that always passes or always fails and 0 for a coin flip, whatever ``K``; per group the
  mean over tasks, which is ``1 - 4 x within`` of the variance split
  (:mod:`relgap.stats.variance`), with the interval carried over from ``within``.

Neither says *which* outcome repeats: a model that always fails is perfectly consistent;
read them next to pass@1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from relgap.stats.counts import GROUP_KEYS
from relgap.stats.intervals import group_rng

__all__ = ["RESOURCES", "outcome_agreement", "outcome_consistency", "resource_consistency"]

RESOURCES = ("cost", "tokens", "steps", "latency")
_AGREEMENT = "mean over tasks of 1 - 4 c(n-c)/(n(n-1)); 1 = every repeat agrees"
_C_OUT = (
    "C_out of arXiv 2602.16666: mean over tasks of clip(1 - s^2/(p(1-p) + 1e-8), 0, 1); "
    "with pass/fail outcomes, the share of tasks whose repeats all agree"
)
_EPS = 1e-8


def _resource_columns(df: pd.DataFrame) -> pd.DataFrame:
    def num(col: str) -> pd.Series:
        if col not in df.columns:
            return pd.Series(np.nan, index=df.index, dtype=float)
        return pd.to_numeric(df[col], errors="coerce").astype(float)

    return pd.DataFrame({"cost": num("cost_usd"), "tokens": num("input_tokens") + num("output_tokens"),
                         "steps": num("steps"), "latency": num("latency_s")})  # fmt: skip


def _task_cvs(frame: pd.DataFrame, values: pd.DataFrame) -> pd.DataFrame:
    keys = [*GROUP_KEYS, "task_id"]
    data = pd.concat([frame[keys], values], axis=1)[~frame["is_error"].to_numpy()]
    grouped = data.groupby(keys, sort=True, dropna=False)
    mean, sd, count = grouped.mean(), grouped.std(ddof=1), grouped.count()
    with np.errstate(invalid="ignore", divide="ignore"):
        cv = sd / mean
    return cv.where((count >= 2) & (mean > 0))


def _mean_with_interval(
    x: np.ndarray, reps: int, rng: np.random.Generator, level: float
) -> dict[str, Any]:
    x = x[np.isfinite(x)]
    out: dict[str, Any] = {"estimate": float(x.mean()) if x.size else None,
                           "ci_low": None, "ci_high": None, "n_tasks_used": int(x.size)}  # fmt: skip
    if x.size >= 2 and reps > 0:
        means = x[rng.integers(0, x.size, size=(reps, x.size))].mean(axis=1)
        lo, hi = np.quantile(means, [(1 - level) / 2, (1 + level) / 2])
        out |= {"ci_low": float(lo), "ci_high": float(hi)}
    return out


def resource_consistency(
    df: pd.DataFrame, frame: pd.DataFrame, *, bootstrap: int, seed: int, level: float
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Per group key: ``{"groups": {resource: mean CV with interval}, "tasks": {task: CVs}}``.

    Args:
        df: the trial table.
        frame: its :func:`relgap.stats.counts.keyed_frame`.
        bootstrap: resamples over tasks for the intervals (at most 1000 are used).
        seed: seed of the bootstrap.
        level: confidence level.
    """
    cvs = _task_cvs(frame, _resource_columns(df))
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    reps = min(bootstrap, 1000)
    for key, part in cvs.groupby(level=list(range(len(GROUP_KEYS))), sort=True, dropna=False):
        key = tuple(key)
        rng = group_rng(seed, "resource_cv", *key)
        summary = {
            r: _mean_with_interval(part[r].to_numpy(float), reps, rng, level) for r in RESOURCES
        }
        tasks = {
            str(idx[-1]): {f"cv_{r}": (None if pd.isna(v) else float(v)) for r, v in row.items()}
            for idx, row in part.iterrows()
        }
        out[key] = {"groups": summary, "tasks": tasks}
    return out


def outcome_consistency(
    frame: pd.DataFrame, *, bootstrap: int, seed: int, level: float
) -> dict[tuple[Any, ...], dict[str, Any]]:
    """Per group key: ``C_out`` (module docstring) with a bootstrap interval over tasks.

    Args:
        frame: the trial table's :func:`relgap.stats.counts.keyed_frame`.
        bootstrap: resamples over tasks for the interval.
        seed: seed of the bootstrap.
        level: confidence level.
    """
    keys = [*GROUP_KEYS, "task_id"]
    valid = ~frame["is_error"].to_numpy()
    data = frame.loc[valid, keys].assign(y=frame["success"].to_numpy()[valid].astype(float))
    grouped = data.groupby(keys, sort=True, dropna=False)["y"]
    p, s2, k = grouped.mean(), grouped.var(ddof=1), grouped.count()
    per_task = (1 - s2 / (p * (1 - p) + _EPS)).clip(0.0, 1.0).where(k >= 2)
    out: dict[tuple[Any, ...], dict[str, Any]] = {}
    reps = min(bootstrap, 1000)
    for key, part in per_task.groupby(level=list(range(len(GROUP_KEYS))), sort=True, dropna=False):
        rng = group_rng(seed, "outcome_consistency", *key)
        out[tuple(key)] = _mean_with_interval(part.to_numpy(float), reps, rng, level) | {
            "definition": _C_OUT
        }
    return out


def outcome_agreement(variance: dict[str, Any]) -> dict[str, Any] | None:
    """Outcome agreement ``1 - 4 within`` with the interval of ``within`` carried over."""
    within = variance.get("within")
    if within is None:
        return None
    interval = (variance.get("intervals") or {}).get("within") or {}
    lo, hi = interval.get("ci_low"), interval.get("ci_high")
    return {
        "estimate": 1 - 4 * within,
        "ci_low": None if hi is None else max(0.0, 1 - 4 * hi),
        "ci_high": None if lo is None else min(1.0, 1 - 4 * lo),
        "n_tasks_used": variance.get("n_tasks"),
        "definition": _AGREEMENT,
    }
