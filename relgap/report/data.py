"""What a report shows, computed once and shared by every format.

:func:`build_report` reads the run directories, calls the statistics module once
(:func:`relgap.stats.summarize` for every group; for each reasoning sweep
:func:`relgap.stats.compare_groups`, lowest against highest setting, and
:func:`relgap.stats.variant_sweep` over every level) and keeps the failed
trials' transcripts. The terminal, Markdown and HTML renderers only format what
:class:`ReportData` holds, so their numbers cannot disagree.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import cached_property
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from relgap.config import GateSpec
from relgap.errors import ConfigError
from relgap.records import group_label
from relgap.report.defaults import MAX_TRANSCRIPTS
from relgap.report.fmt import is_num
from relgap.report.gates import GateVerdict, judge_gates
from relgap.report.runs import (
    FailedTrial,
    RunInfo,
    load_runs,
    relgap_version,
    select_failed,
    stop_reasons,
)
from relgap.report.sweep_text import describe_sweep
from relgap.report.users import user_simulators
from relgap.stats import compare_groups, summarize, to_jsonable, variant_sweep
from relgap.stats.compute import compute_curve
from relgap.stats.schema import EstimateEntry, Group, StatsSummary, TaskRow
from relgap.store import records_to_frame

FLAKY_SHOWN = 5
EFFORT_ORDER = ("none", "minimal", "low", "medium", "high", "xhigh", "max")


@dataclass(frozen=True)
class EstimateCell:
    """One statistic with its 95% interval, as a report row shows it (``None`` = unknown)."""

    estimate: float | None
    ci_low: float | None = None
    ci_high: float | None = None
    n_tasks: int | None = None
    few_tasks: bool = False  # fewer tasks than where interval coverage is shown to hold
    zero_width: bool = False

    @property
    def marks(self) -> str:
        """Shown right after the interval: ``*`` few tasks, ``°`` zero width."""
        return ("*" if self.few_tasks else "") + ("°" if self.zero_width else "")

    @classmethod
    def of(cls, entry: EstimateEntry | None) -> EstimateCell:
        """The report's view of one summary entry (missing entry: unknown)."""
        if entry is None:
            return cls(None)
        return cls(entry.estimate, entry.ci_low, entry.ci_high, entry.n_tasks_used,
                   bool(entry.few_tasks), bool(entry.zero_width))  # fmt: skip


def _partial_group(entry: Mapping[str, Any]) -> Group:
    """A group from its JSON entry; a partial entry (a hand-made one) gets ``None`` elsewhere."""
    try:
        return Group.model_validate(entry)
    except ValidationError:
        fields: dict[str, Any] = dict.fromkeys(Group.model_fields) | dict(entry)
        return Group.model_construct(_fields_set=set(entry), **fields)


class GroupView:
    """One (suite, model, variant) of the summary, with labels for display.

    ``group`` is the typed :class:`relgap.stats.schema.Group`; a plain ``relgap.stats/1``
    group entry is accepted too (and ``raw`` gives that entry back).
    """

    def __init__(self, group: Group | Mapping[str, Any], show_suite: bool = False) -> None:
        """Wrap ``group``; ``show_suite`` prefixes labels with the suite (several suites)."""
        self.group = group if isinstance(group, Group) else _partial_group(group)
        self.show_suite = show_suite  # a report of several suites names each group's suite

    @cached_property
    def raw(self) -> dict[str, Any]:
        """The group as its ``relgap.stats/1`` JSON entry."""
        return self.group.model_dump(by_alias=True, exclude_unset=True)

    @property
    def key(self) -> tuple[str, str, str]:
        """``(suite, model, variant)``, the group's identity."""
        return (str(self.group.suite), str(self.group.model), str(self.group.variant))

    @property
    def model(self) -> str:
        """The model's name."""
        return str(self.group.model)

    @property
    def variant(self) -> str:
        """The variant's name (``default`` when the run had none)."""
        return str(self.group.variant)

    @property
    def family(self) -> str:
        """The model family a reasoning sweep groups by (the model's name by default)."""
        return str(self.group.family or self.model)

    @property
    def simulated(self) -> bool:
        """Whether the model is one of relgap's simulations (labelled SIMULATED)."""
        return bool(self.group.simulated)

    @property
    def label(self) -> str:
        """``model`` or ``model [variant]``, without the SIMULATED mark.

        ``suite · `` comes first when several suites are shown.
        """
        name = group_label(self.model, self.variant)
        return f"{self.group.suite} · {name}" if self.show_suite else name

    @property
    def setting(self) -> str | None:
        """The reasoning setting: an effort name, ``budget=N`` or ``None``."""
        effort = self.group.reasoning_effort
        if effort:
            return str(effort)
        budget = self.group.thinking_budget
        return f"budget={int(budget)}" if is_num(budget) else None

    @property
    def setting_rank(self) -> float:
        """Where the setting sorts: effort order, then budget; -1 without a setting."""
        effort = self.group.reasoning_effort
        if effort:
            e = str(effort).lower()
            return float(EFFORT_ORDER.index(e)) if e in EFFORT_ORDER else len(EFFORT_ORDER)
        budget = self.group.thinking_budget
        return float(budget) if is_num(budget) else -1.0

    def at(self, metric: str, k: int) -> EstimateCell:
        """``metric`` (pass_at_k, pass_hat_k, gap, retention) at ``k``."""
        by_k: dict[str, EstimateEntry] | None = getattr(self.group, metric)
        return EstimateCell.of((by_k or {}).get(str(k)))

    def tasks_text(self, k: int) -> str:
        """The group's tasks, as "used of all" when the numbers at ``k`` left some out.

        Tasks with fewer than ``k`` valid trials are left out; error trials do not count.
        """
        total, used = self.group.n_tasks, self.at("pass_hat_k", k).n_tasks
        return str(total) if used is None or used == total else f"{used} of {total}"

    @property
    def k_max(self) -> int:
        """The largest k the group's numbers reach (0 when every trial errored)."""
        return int(self.group.k_max or 0)

    @property
    def per_trial_usd(self) -> float | None:
        """Mean cost of a trial in US dollars, where known."""
        return self.group.cost.per_trial_usd if self.group.cost else None

    @property
    def per_success_usd(self) -> float | None:
        """Cost per passing trial in US dollars, where known."""
        return self.group.cost.per_success_usd if self.group.cost else None

    @property
    def failed_checks(self) -> dict[str, int]:
        """How often each check failed, over the group's trials."""
        return self.group.failed_checks or {}

    @property
    def tasks(self) -> list[TaskRow]:
        """The per-task rows: counts, rate and Wilson interval."""
        return list(self.group.tasks or [])

    def flakiest(self, limit: int = FLAKY_SHOWN) -> list[TaskRow]:
        """Tasks that both passed and failed, the rate closest to one half first."""
        flaky = [t for t in self.tasks if 0 < t.c < t.n]
        flaky.sort(key=lambda t: (abs((t.rate or 0.0) - 0.5), -t.n, t.task_id))
        return flaky[:limit]


@dataclass(frozen=True)
class Sweep:
    """A model family run at two or more reasoning settings, lowest against highest."""

    family: str
    axis: str  # "reasoning effort" or "thinking budget"
    points: tuple[GroupView, ...]  # ordered lowest to highest setting
    comparison: dict[str, Any]  # compare_groups(highest, lowest) at the report's k
    trend: dict[str, Any] | None = None  # variant_sweep over every level, when it fits

    @property
    def low(self) -> GroupView:
        """The group at the lowest setting."""
        return self.points[0]

    @property
    def high(self) -> GroupView:
        """The group at the highest setting."""
        return self.points[-1]


@dataclass(frozen=True)
class ReportData:
    """Everything the three formats show; see :func:`build_report`."""

    summary: dict[str, Any]  # the report's JSON: relgap.stats/1 with report_k, ... compute
    stats: StatsSummary  # the statistics the tables show
    compute: dict[str, Any] | None  # relgap.stats.compute.compute_curve at the report's k
    k: int
    groups: tuple[GroupView, ...]
    runs: tuple[RunInfo, ...]
    sweeps: tuple[Sweep, ...]
    failed: tuple[FailedTrial, ...]
    failed_total: int
    stop_reasons: dict[tuple[str, str, str], dict[str, int]]
    version: str
    # Per user simulator: trials, and those whose user ended before stating every request.
    user_simulators: dict[str, dict[str, int]] = field(default_factory=dict)
    generated_at: str = field(
        default_factory=lambda: datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    )
    gates: GateVerdict | None = None  # the configured gates' verdict, as `relgap gate` judges

    @property
    def suites(self) -> list[str]:
        """The suites of the report's runs, sorted."""
        return sorted({r.suite for r in self.runs})

    @property
    def any_simulated(self) -> bool:
        """Whether any group is a simulation (the report then carries the banner)."""
        return any(g.simulated for g in self.groups)

    @property
    def setting_families(self) -> list[str]:
        """Families with a reasoning setting at all (the x axis of the sweep chart)."""
        return sorted({g.family for g in self.groups if g.setting is not None})


def choose_k(groups: list[GroupView], k: int | None) -> int:
    """The requested ``k``, or the largest ``k`` every group supports."""
    supported = min((g.k_max for g in groups if g.k_max > 0), default=0)
    if supported < 1:
        raise ConfigError("no group has a valid trial: every trial ended in an error")
    if k is None:
        return supported
    if k < 1:
        raise ConfigError(f"--k must be at least 1, got {k}")
    if k > supported:
        short = min((g for g in groups if g.k_max > 0), key=lambda g: g.k_max)
        raise ConfigError(
            f"--k {k} is more than {short.label} supports ({short.k_max} trials per task); "
            f"choose --k {supported} or less"
        )
    return k


def _sweeps(
    frame: pd.DataFrame, groups: list[GroupView], k: int, bootstrap: int, seed: int
) -> list[Sweep]:
    by_family: dict[tuple[str, str], dict[str, GroupView]] = {}
    for g in groups:
        if g.setting is not None and g.k_max >= k:
            by_family.setdefault((g.key[0], g.family), {}).setdefault(g.setting, g)
    sweeps = []
    for (_, family), settings in sorted(by_family.items()):
        if len(settings) < 2:
            continue
        points = tuple(sorted(settings.values(), key=lambda g: g.setting_rank))
        axis = "reasoning effort" if points[0].group.reasoning_effort else "thinking budget"
        comparison = compare_groups(
            frame, points[-1].key, points[0].key, k=k, bootstrap=bootstrap, seed=seed
        )
        trend = _trend(frame, points[0].key[0], family, axis)
        name = f"{points[0].key[0]} · {family}" if points[0].show_suite else family
        sweeps.append(Sweep(name, axis, points, to_jsonable(comparison), trend))
    return sweeps


def _trend(frame: pd.DataFrame, suite: str, family: str, axis: str) -> dict[str, Any] | None:
    """Effect of the setting over all its levels on success and within-task variance."""
    by = "reasoning_effort" if axis == "reasoning effort" else "thinking_budget"
    try:
        return to_jsonable(describe_sweep(variant_sweep(frame, by=by, suite=suite, family=family)))
    except (ConfigError, ValueError, np.linalg.LinAlgError):
        return None  # e.g. levels the GEE cannot order or fit: the paired comparison stands


def build_report(
    run_dirs: list[str | os.PathLike[str]],
    *,
    k: int | None = None,
    bootstrap: int = 2000,
    seed: int = 0,
    max_transcripts: int = MAX_TRANSCRIPTS,
    gates: list[GateSpec] | None = None,
    baseline: pd.DataFrame | None = None,
) -> ReportData:
    """Read run directories and compute everything a report shows.

    Args:
        run_dirs: one or more run directories (of one suite, or several side by side).
        k: the k of pass@k / pass^k in tables and comparisons; default the largest k
            every group supports (its smallest number of trials per task).
        bootstrap: bootstrap resamples over tasks for the 95% intervals.
        seed: seed of the bootstrap.
        max_transcripts: failed trials whose transcripts are kept.
        gates: the configured gates; the report's first line gives their verdict, judged
            as ``relgap gate`` judges them (same ``k``), regression gates against ``baseline``.
        baseline: the baseline run's trials, for regression gates.

    Raises:
        ConfigError: no trials, or a ``k`` some group cannot
            support.
        StoreError: a path is not a readable run directory.
    """
    infos, records = load_runs(run_dirs)
    frame = records_to_frame(records)
    stats = summarize(frame, k=k, bootstrap=bootstrap, seed=seed)
    several = len({g.suite for g in stats.groups}) > 1
    groups = [GroupView(g, show_suite=several) for g in stats.groups]
    groups.sort(key=lambda g: (g.key[0], g.family, g.setting_rank, g.model, g.variant))
    chosen = choose_k(groups, k)
    sweeps = _sweeps(frame, groups, chosen, bootstrap, seed)
    compute = to_jsonable(compute_curve(frame, chosen))
    summary = stats.to_dict() | {
        "report_k": chosen,
        "comparisons": [s.comparison for s in sweeps],
        "sweeps": [s.trend for s in sweeps if s.trend],
        "compute": compute,
    }
    failed, total = select_failed(records, groups, max_transcripts)
    return ReportData(
        summary=summary,
        stats=stats,
        compute=compute,
        k=chosen,
        groups=tuple(groups),
        runs=tuple(infos),
        sweeps=tuple(sweeps),
        failed=tuple(failed),
        failed_total=total,
        stop_reasons=stop_reasons(frame),
        version=relgap_version(),
        gates=judge_gates(frame, gates or [], baseline=baseline, k=k),
        user_simulators=user_simulators(frame),
    )
