"""Trials as a pandas DataFrame: one row per trial, columns ``FRAME_COLUMNS``."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from relgap.errors import StoreError
from relgap.records import FRAME_COLUMNS, TrialRecord
from relgap.store.rundir import RunDir


def records_to_frame(records: Iterable[TrialRecord]) -> pd.DataFrame:
    """Trial records as a DataFrame of ``FRAME_COLUMNS`` (usage flattened, transcripts left out)."""
    rows = []
    for r in records:
        row = r.model_dump(mode="json", exclude={"transcript", "usage", "settings"})
        row.update(r.usage.model_dump())
        rows.append(row)
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    frame["cost_usd"] = frame["cost_usd"].astype("float64")
    frame["passed"] = frame["passed"].astype(bool)
    return frame


def check_distinct_runs(run_dirs: Iterable[str | os.PathLike[str]]) -> None:
    """Refuse the same run given twice (or a copy of it, or a baseline saved from it).

    Its trials counted twice would double n and fake a larger k.
    """
    seen: dict[str, str] = {}
    for path in run_dirs:
        run_id = str(RunDir.open(path).manifest().get("run_id"))
        if run_id in seen:
            raise StoreError(
                f"{path} holds the same run as {seen[run_id]} (run id {run_id}); give each run once"
            )
        seen[run_id] = str(path)


def load(*run_dirs: str | os.PathLike[str]) -> pd.DataFrame:
    """Trials of one or more run directories as a DataFrame (transcripts left out)."""
    check_distinct_runs(run_dirs)
    frames = [records_to_frame(RunDir.open(path).records()) for path in run_dirs]
    if not frames:
        return records_to_frame([])
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
