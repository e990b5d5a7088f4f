"""Reliability beyond pass/fail: how much repeats of one task differ in outcome and in resources.

After "Towards a Science of AI Agent Reliability" (Rabanser et al., arXiv 2602.16666),
which asks that consistency across repeated runs be reported beside accuracy:

* **Resource consistency** – per task, the coefficient of variation (sd / mean, sd with
  ``ddof=1``) of cost, tokens (input + output), steps and latency across its valid trials;
  per group, the mean CV over tasks with at least two valid trials and a positive mean,
  with a percentile bootstrap interval over tasks. Lower is more consistent. Per-task CVs
  carry no interval (a handful of repeats give a very rough CV: read them as a ranking).
* **Outcome consistency** – relgap's definition, stated here because the paper's exact
  formula could not be checked while this was written: per task ``1 - 4 w`` with
  ``w = c (n - c) / (n (n - 1))`` the unbiased estimate of ``p (1 - p)``, so 1 for a task
  that always passes or always fails and 0 for a coin flip; per group the mean over tasks,
  which is ``1 - 4 x within`` of the variance split (:mod:`relgap.stats.variance`), with the
  interval carried over from ``within``. It says nothing about *which* outcome repeats: a
  model that always fails is perfectly consistent; read it next to pass@1.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

from relgap.stats.counts import GROUP_KEYS
from relgap.stats.intervals import group_rng

__all__ = ["RESOURCES", "outcome_consistency", "resource_consistency"]

RESOURCES = ("cost", "tokens", "steps", "latency")
_DEFINITION = "mean over tasks of 1 - 4 c(n-c)/(n(n-1)); 1 = every repeat agrees"


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
        df: the trial table; frame: its :func:`relgap.stats.counts.keyed_frame`.
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


def outcome_consistency(variance: dict[str, Any]) -> dict[str, Any] | None:
    """Outcome consistency ``1 - 4 within`` with the interval of ``within`` carried over."""
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
        "definition": _DEFINITION,
    }
