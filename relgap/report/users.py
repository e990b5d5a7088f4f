"""Who played the user in the runs of a report, and how often it ended too early."""

from __future__ import annotations

import pandas as pd


def user_simulators(frame: pd.DataFrame) -> dict[str, dict[str, int]]:
    """Trials per user simulator, and how many ended before the user stated every request.

    That is user-simulator noise, to tell apart from the agent's unreliability.
    """
    out: dict[str, dict[str, int]] = {}
    known = frame[frame["user_simulator"].notna()]
    for name, part in known.groupby("user_simulator", sort=True):
        unstated = int((part["user_stated_all"] == False).sum())  # noqa: E712 (None is not False)
        out[str(name)] = {"trials": len(part), "unstated": unstated}
    return out
