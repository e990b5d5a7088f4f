"""Trials as a pandas DataFrame: one row per trial, columns ``FRAME_COLUMNS``."""

from __future__ import annotations

import os
from collections.abc import Iterable

import pandas as pd

from relgap.errors import StoreError
from relgap.records import FRAME_COLUMNS, TrialRecord
from relgap.store.rundir import RunDir


def records_to_frame(records: Iterable[TrialRecord]) -> pd.DataFrame:
    rows = []
    for r in records:
        row = r.model_dump(mode="json", exclude={"transcript", "usage", "settings"})
        row.update(r.usage.model_dump())
        rows.append(row)
    frame = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    frame["cost_usd"] = frame["cost_usd"].astype("float64")
    frame["passed"] = frame["passed"].astype(bool)
    return frame


def load(*run_dirs: str | os.PathLike[str]) -> pd.DataFrame:
    """Trials of one or more run directories as a DataFrame (transcripts left out)."""
    seen: dict[str, str] = {}
    frames = []
    for path in run_dirs:
        rd = RunDir.open(path)
        run_id = str(rd.manifest().get("run_id"))
        if run_id in seen:
            # The same trials twice would double n and fake a larger k.
            raise StoreError(
                f"{path} holds the same run as {seen[run_id]} (run id {run_id}); give each run once"
            )
        seen[run_id] = str(path)
        frames.append(records_to_frame(rd.records()))
    if not frames:
        return records_to_frame([])
    return pd.concat(frames, ignore_index=True) if len(frames) > 1 else frames[0]
