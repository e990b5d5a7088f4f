"""From a trial DataFrame (``relgap.load``) to per-task counts.

A group is one (suite, model, variant). Per task it has ``n_run`` trials, of which
``n_error`` ended in an infrastructure error (outcome ``"error"``) and are left out of every
estimator; ``n = n_run - n_error`` valid trials remain, ``c`` of them passing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd

from relgap.errors import ConfigError

__all__ = [
    "GROUP_KEYS",
    "GroupSpec",
    "GroupTasks",
    "select_group",
    "split_groups",
    "task_counts",
    "trial_flags",
]

GROUP_KEYS = ("suite", "model", "variant")
REQUIRED_COLUMNS = ("suite", "model", "task_id", "outcome", "passed")

GroupSpec = Mapping[str, Any] | Sequence[Any] | str


"""Names one group: ``{"model": "m", "variant": "v"}``, a ``(suite, model, variant)`` tuple,
or a string ``"model"`` or ``"model:variant"``."""


def _check_columns(df: pd.DataFrame) -> None:
    missing = [col for col in REQUIRED_COLUMNS if col not in df.columns]
    if missing:
        raise ConfigError(
            f"trial table lacks column(s) {', '.join(missing)}; expected relgap.load() output"
        )


def trial_flags(df: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    """Per trial: ``is_error`` (outcome ``"error"``) and ``success`` (passed, not error)."""
    _check_columns(df)
    # Comparing as objects also matches Outcome members, which are str subclasses.
    is_error = np.asarray(df["outcome"].to_numpy(dtype=object) == "error", dtype=bool)
    passed = df["passed"].astype("boolean").fillna(False).to_numpy(dtype=bool)
    return is_error, passed & ~is_error


def keyed_frame(df: pd.DataFrame) -> pd.DataFrame:
    """The columns the statistics need, with group keys filled and flags added."""
    is_error, success = trial_flags(df)
    out = pd.DataFrame(
        {
            "suite": df["suite"].astype(object),
            "model": df["model"].astype(object),
            "variant": (df["variant"] if "variant" in df else pd.Series("default", df.index))
            .astype(object)
            .where(lambda s: s.notna(), "default"),
            "task_id": df["task_id"].astype(str),
            "tier": df["tier"] if "tier" in df else pd.Series(np.nan, df.index),
            "is_error": is_error,
            "success": success,
        },
        index=df.index,
    )
    return out


def task_counts(df: pd.DataFrame) -> pd.DataFrame:
    """One row per (suite, model, variant, task_id) with the task's trial counts.

    Args:
        df: trial table as returned by ``relgap.load``.

    Returns:
        DataFrame sorted by group and task with columns ``suite, model, variant, task_id,
        tier, n_run, n_error, n, c``: trials run, error trials, valid trials, passes.
    """
    return task_counts_from_keyed(keyed_frame(df))


def task_counts_from_keyed(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`task_counts` on the output of :func:`keyed_frame`."""
    keys = [*GROUP_KEYS, "task_id"]
    grouped = frame.groupby(keys, sort=True, dropna=False)
    out = grouped.agg(
        tier=("tier", "first"),
        n_run=("is_error", "size"),
        n_error=("is_error", "sum"),
        c=("success", "sum"),
    ).reset_index()
    out["n_error"] = out["n_error"].astype(np.int64)
    out["c"] = out["c"].astype(np.int64)
    out["n"] = out["n_run"] - out["n_error"]
    return out[[*keys, "tier", "n_run", "n_error", "n", "c"]]


def _spec_candidates(spec: GroupSpec) -> list[dict[str, Any]]:
    if isinstance(spec, Mapping):
        return [{k: v for k, v in spec.items() if k in GROUP_KEYS}]
    if isinstance(spec, str):
        # Model names may hold "/" and ":" ("openai/gpt-4.1", "llama3:8b"): try the whole
        # string as a model first, then "model:variant".
        out: list[dict[str, Any]] = [{"model": spec}]
        if ":" in spec:
            model, _, variant = spec.rpartition(":")
            out.append({"model": model, "variant": variant})
        return out
    values = list(spec)
    if len(values) != len(GROUP_KEYS):
        raise ConfigError(f"a group is (suite, model, variant), got {values!r}")
    return [dict(zip(GROUP_KEYS, values, strict=True))]


def select_group(groups: pd.DataFrame, spec: GroupSpec) -> tuple[Any, ...]:
    """The one (suite, model, variant) in ``groups`` that ``spec`` names.

    Args:
        groups: a frame with the columns of :data:`GROUP_KEYS` (other columns ignored).
        spec: see :data:`GroupSpec`; keys left out match anything.

    Raises:
        ConfigError: if no group or more than one group matches.
    """
    keys = groups[list(GROUP_KEYS)].drop_duplicates()
    tried = []
    for wanted in _spec_candidates(spec):
        mask = np.ones(len(keys), dtype=bool)
        for col, value in wanted.items():
            mask &= (keys[col].astype(str) == str(value)).to_numpy()
        hits = [tuple(row) for row in keys[mask].itertuples(index=False)]
        if len(hits) == 1:
            return hits[0]
        tried.append((wanted, len(hits)))
    wanted, count = tried[0]
    known = ", ".join("/".join(map(str, row)) for row in keys.itertuples(index=False))
    what = "no group" if count == 0 else f"{count} groups"
    raise ConfigError(f"{what} match {wanted}; groups (suite/model/variant): {known}")


@dataclass(frozen=True)
class GroupTasks:
    """The tasks of one group as arrays, sorted by task id.

    Attributes:
        key: ``(suite, model, variant)``.
        task_id, tier: per task.
        n_run, n_error, n, c: trials run, error trials, valid trials and passes per task.
    """

    key: tuple[Any, ...]
    task_id: np.ndarray
    tier: np.ndarray
    n_run: np.ndarray
    n_error: np.ndarray
    n: np.ndarray
    c: np.ndarray

    @property
    def key_dict(self) -> dict[str, Any]:
        """The group's key as ``{"suite": ..., "model": ..., "variant": ...}``."""
        return dict(zip(GROUP_KEYS, self.key, strict=True))

    def subset(self, mask: np.ndarray) -> GroupTasks:
        """The tasks where ``mask`` is true."""
        return GroupTasks(
            self.key,
            self.task_id[mask],
            self.tier[mask],
            self.n_run[mask],
            self.n_error[mask],
            self.n[mask],
            self.c[mask],
        )


def split_groups(counts: pd.DataFrame) -> dict[tuple[Any, ...], GroupTasks]:
    """:func:`task_counts` output as one :class:`GroupTasks` per group, in sorted order."""
    out: dict[tuple[Any, ...], GroupTasks] = {}
    for key, part in counts.groupby(list(GROUP_KEYS), sort=True, dropna=False):
        out[tuple(key)] = GroupTasks(
            tuple(key),
            part["task_id"].to_numpy(dtype=object),
            part["tier"].to_numpy(),
            part["n_run"].to_numpy(dtype=np.int64),
            part["n_error"].to_numpy(dtype=np.int64),
            part["n"].to_numpy(dtype=np.int64),
            part["c"].to_numpy(dtype=np.int64),
        )
    return out
