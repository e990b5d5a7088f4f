"""The run directories behind a report: what each run is, and how its failed trials ended.

:func:`load_runs` opens the directories :func:`relgap.report.data.build_report` reads;
:class:`RunInfo` is the line a report prints about each run; :func:`select_failed` picks
the failed trials whose transcripts the report shows.
"""

from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from relgap.errors import ConfigError
from relgap.records import TrialRecord
from relgap.store import RunDir
from relgap.store.frame import check_distinct_runs

if TYPE_CHECKING:
    from relgap.report.data import GroupView

__all__ = [
    "FailedTrial",
    "RunInfo",
    "load_runs",
    "relgap_version",
    "select_failed",
    "stop_reasons",
]


@dataclass(frozen=True)
class RunInfo:
    """One run directory as a report names it: id, suite, dates, status and size."""

    path: str
    run_id: str
    suite: str
    started_at: str | None
    finished_at: str | None
    status: str | None
    n_trials: int


def relgap_version() -> str:
    """The installed relgap's version, or ``"unknown"`` outside an installed package."""
    # From the installed distribution's metadata: importing `relgap` for its __version__
    # would load the whole public API (and with it the runner and the providers).
    try:
        return version("relgap")
    except PackageNotFoundError:
        return "unknown"


def _run_info(path: str | os.PathLike[str], rd: RunDir, records: list[TrialRecord]) -> RunInfo:
    manifest = rd.manifest()
    config = manifest.get("config") or {}
    suites = {r.suite for r in records}
    suite = str(config.get("suite") or (suites.pop() if len(suites) == 1 else "?"))
    started = manifest.get("started_at") or min((r.started_at for r in records), default=None)
    finished = manifest.get("finished_at") or max((r.finished_at for r in records), default=None)
    return RunInfo(
        path=str(path),
        run_id=str(manifest.get("run_id", Path(path).name)),
        suite=suite,
        started_at=started,
        finished_at=finished,
        status=rd.status(),  # "interrupted" when a killed run's manifest says "running"
        n_trials=len(records),
    )


def load_runs(
    run_dirs: list[str | os.PathLike[str]],
) -> tuple[list[RunInfo], list[TrialRecord]]:
    """Open each run directory; runs of different suites are reported side by side."""
    if not run_dirs:
        raise ConfigError("give at least one run directory")
    check_distinct_runs(run_dirs)
    infos: list[RunInfo] = []
    records: list[TrialRecord] = []
    for path in run_dirs:
        rd = RunDir.open(path)
        recs = rd.records()
        infos.append(_run_info(path, rd, recs))
        records.extend(recs)
    if not records:
        raise ConfigError(f"no trials recorded in {', '.join(i.path for i in infos)}")
    return infos, records


def stop_reasons(frame: pd.DataFrame) -> dict[tuple[str, str, str], dict[str, int]]:
    """How the non-passing trials of each group ended (failed trials and error trials)."""
    failed = frame[frame["outcome"].astype(str) != "pass"]
    out: dict[tuple[str, str, str], dict[str, int]] = {}
    for key, part in failed.groupby(["suite", "model", "variant"], sort=True):
        counts = Counter(str(s) for s in part["stop_reason"])
        out[(str(key[0]), str(key[1]), str(key[2]))] = dict(counts.most_common())
    return out


@dataclass(frozen=True)
class FailedTrial:
    """A failed or infrastructure-error trial, with its transcript."""

    group: GroupView
    task_id: str
    tier: int
    trial: int
    outcome: str
    stop_reason: str
    failed_checks: tuple[str, ...]
    error: str | None
    transcript: tuple[dict[str, Any], ...]


def select_failed(
    records: list[TrialRecord], groups: list[GroupView], cap: int
) -> tuple[list[FailedTrial], int]:
    """Up to ``cap`` failed trials, taken in turn from each group so every model shows."""
    by_key = {g.key: g for g in groups}
    queues: dict[tuple[str, str, str], list[TrialRecord]] = {g.key: [] for g in groups}
    for r in sorted(records, key=lambda r: (r.task_id, r.trial)):
        if r.outcome != "pass" and (r.suite, r.model, r.variant) in queues:
            queues[(r.suite, r.model, r.variant)].append(r)
    total = sum(len(q) for q in queues.values())
    picked: dict[tuple[str, str, str], list[TrialRecord]] = {key: [] for key in queues}
    depth = 0
    while sum(len(p) for p in picked.values()) < min(cap, total):
        for key, queue in queues.items():
            if depth < len(queue) and sum(len(p) for p in picked.values()) < cap:
                picked[key].append(queue[depth])
        depth += 1
    failed = [
        FailedTrial(
            group=by_key[key],
            task_id=r.task_id,
            tier=r.tier,
            trial=r.trial,
            outcome=str(r.outcome),
            stop_reason=str(r.stop_reason),
            failed_checks=tuple(r.failed_checks),
            error=r.error,
            transcript=tuple(r.transcript),
        )
        for key, recs in picked.items()
        for r in recs
    ]
    return failed, total
