"""Sentences shared by the three formats: headlines, sweep verdicts, the method note.

Plain text only (no markup): each renderer escapes or styles it as its format needs.
"""

from __future__ import annotations

from dataclasses import dataclass

from relgap.report import fmt
from relgap.report.data import EstimateCell, GroupView, ReportData, Sweep
from relgap.stats.intervals import MIN_TASKS_FOR_COVERAGE

SIM_BANNER = (
    "SIMULATED MODELS: groups marked SIMULATED are relgap's built-in simulations, not real "
    "LLMs. Their numbers show how relgap measures the capability-reliability gap; they say "
    "nothing about any real model."
)

SIM_SWEEP = (
    "SIMULATED: the simulated family's gap changes with effort by construction of its "
    "parameter table (relgap/providers/simulated/params.py), not as a finding about reasoning."
)


def main_columns(k: int) -> list[str]:
    """The columns of the per-model table, shared by the HTML and Markdown formats."""
    return ["model", "tasks", "trials", "errors excluded", "pass@1", f"pass@{k}", f"pass^{k}",
            f"gap@{k}", "retention", "$/trial", "$/success"]  # fmt: skip


def name(g: GroupView) -> str:
    """The group's label with ``(SIMULATED)`` when it is a simulation."""
    return f"{g.label} (SIMULATED)" if g.simulated else g.label


def headline(g: GroupView, k: int) -> str | None:
    """The one-sentence headline of a group at ``k``, or ``None`` without numbers.

    E.g. "At k=8, sim/fast succeeds on 71% of tasks at least once but on only 38% every
    time."
    """
    at_k, hat_k = g.at("pass_at_k", k), g.at("pass_hat_k", k)
    at, hat = at_k.estimate, hat_k.estimate
    if at is None or hat is None:
        return None
    joint = "but on only" if at - hat >= 0.005 else "and on"

    def ci(e: EstimateCell) -> str:
        text = fmt.interval(e.ci_low, e.ci_high, "pct")
        return f" (95% CI {text})" if text else ""

    return (
        f"At k={k}, {name(g)} succeeds on {fmt.pct(at)}{ci(at_k)} of tasks at least once {joint} "
        f"{fmt.pct(hat)}{ci(hat_k)} every time."
    )


@dataclass(frozen=True)
class Verdict:
    """Does more reasoning narrow the gap in one family? ``answer``: yes / no / noise."""

    answer: str
    lead: str  # the answer with what was compared
    details: tuple[str, ...]  # the numbers behind it

    @property
    def sentence(self) -> str:
        """The lead and its details as one paragraph."""
        return " ".join([self.lead, *self.details])


def _diff_text(entry: dict, unit_word: str) -> str:
    # The paired t interval: the same test as the p-value and the verdict (stats.compare).
    ci = fmt.interval(entry.get("clt_low"), entry.get("clt_high"), "points")
    diff = fmt.points(entry.get("difference"), signed=True)
    return f"{unit_word} {diff}" + (
        f" (95% CI {ci} pts, {fmt.p_value(entry.get('p_value'))})" if ci else ""
    )


POINTS = "points lost (pass@k − pass^k)"
SHARE = "share of pass@1 kept (pass^k / pass@1)"


def _direction(entry: dict) -> int:
    """+1 when the 95% interval of a paired difference lies above zero, -1 below, 0 neither.

    The paired t interval (``clt_*``): the same test as the printed p-value (stats.compare).
    """
    lo, hi = entry.get("clt_low"), entry.get("clt_high")
    return 1 if fmt.is_num(lo) and lo > 0 else -1 if fmt.is_num(hi) and hi < 0 else 0


def _lead(points: int, share: int, high: str | None) -> tuple[str, str]:
    """The answer and its one-line lead, naming the gap form each clause is about.

    ``points``: sign of the change in points lost; ``share``: sign of the change in the share
    kept (highest minus lowest setting). The two forms can disagree (pass@1 moves too); then
    the lead says "Mixed" and which form moved which way, so no clause reads as the whole answer.
    """
    kept = {1: "larger", -1: "smaller"}
    if points == 0:
        if share == 0:
            return "noise", (
                f"Not distinguishable from noise at this sample size: neither the {POINTS} "
                f"nor the {SHARE} changes clearly"
            )
        return "noise", (
            f"Mixed: the {high} setting keeps a clearly {kept[share]} share of what it can do "
            f"(pass^k / pass@1), but the {POINTS} do not change beyond noise"
        )
    answer, verb, lost = ("yes", "narrows", "fewer") if points < 0 else ("no", "widens", "more")
    if share == -points:  # the two forms agree: fewer points lost, larger share kept
        return answer, (
            f"{answer.capitalize()}: more reasoning {verb} the gap, both in {POINTS} and in {SHARE}"
        )
    if share == 0:
        return answer, (
            f"{answer.capitalize()}: more reasoning {verb} the gap in {POINTS}; the {SHARE} "
            "does not change beyond noise"
        )
    return answer, (
        f"Mixed: more reasoning loses {lost} points (pass@k − pass^k) but keeps a "
        f"{kept[share]} share of what it can do (pass^k / pass@1)"
    )


def verdict(s: Sweep, k: int) -> Verdict:
    """Verdict on the paired differences of both gap forms, highest against lowest setting."""
    c = s.comparison
    gap, ret = c.get("gap") or {}, c.get("retention") or {}
    low, high = (str(g.setting).removeprefix("budget=") for g in (s.low, s.high))
    where = (
        f"{s.family}, {s.axis} {low} → {high}, k={k}, paired over {c.get('n_shared_tasks')} tasks"
    )
    answer, lead = _lead(_direction(gap), _direction(ret), high)
    parts = [
        f"{lead} ({where}).",
        f"Points lost (pass@k − pass^k): {fmt.points(gap.get('b'))} → "
        f"{fmt.points(gap.get('a'))}, " + _diff_text(gap, "change") + ".",
        f"Share kept (pass^k / pass@1): {fmt.pct(ret.get('b'))} → {fmt.pct(ret.get('a'))}, "
        + _diff_text(ret, "change")
        + ".",
    ]
    mdd = gap.get("mdd")
    if answer == "noise" and fmt.is_num(mdd):
        parts.append(
            f"With these tasks, a change in points lost smaller than about {fmt.points(mdd)} "
            "would likely go undetected (80% power)."
        )
    if s.trend and len(s.trend.get("levels") or []) > 2:
        trend = [(s.trend.get(key) or {}).get("sentence") for key in ("success", "within_variance")]
        if any(trend):
            levels = ", ".join(s.trend["levels"])
            parts.append(
                f"Over all levels ({levels}; GEE clustered by task): "
                + " ".join(t for t in trend if t)
            )
    if c.get("gap_forms_disagree") and c.get("note"):
        parts.append(f"Note: {c['note']}.")
    if s.low.simulated:
        parts.append(SIM_SWEEP)
    return Verdict(answer, parts[0], tuple(parts[1:]))


def needs_sweep(data: ReportData) -> str | None:
    """Why the reasoning chart cannot answer its question, when it cannot."""
    if data.sweeps:
        return None
    return (
        "Each model family ran at one reasoning setting only, so this chart needs a sweep: "
        "run one model at several settings, e.g. `relgap run --model M --variant "
        "effort=low,high`."
    )


def group_notes(data: ReportData) -> list[str]:
    """The statistics' caveats per group, then consistency and errors-as-failures notes.

    Caveats such as tasks left out at large k come first; then consistency across repeats
    and, with error trials, the errors-as-failures figure.
    """
    notes = [f"{name(g)}: {g.group.note}" for g in data.groups if g.group.note]
    return notes + [n for g in data.groups for n in (_consistency(g), _as_failures(g, data.k)) if n]


def _consistency(g: GroupView) -> str | None:
    oc, rc = g.group.outcome_consistency or {}, g.group.resource_consistency or {}
    if not fmt.is_num(oc.get("estimate")):
        return None
    ci = fmt.interval(oc.get("ci_low"), oc.get("ci_high"))
    cvs = ", ".join(f"{r} {fmt.rate((rc.get(r) or {}).get('estimate'))}"
                    for r in ("cost", "tokens", "steps", "latency")
                    if fmt.is_num((rc.get(r) or {}).get("estimate")))  # fmt: skip
    return (
        f"{name(g)}: outcome consistency across repeats {fmt.rate(oc['estimate'])}"
        + (f" (95% CI {ci})" if ci else "")
        + " (C_out of arXiv 2602.16666: the share of tasks whose repeats all agree)"
        + (f"; coefficient of variation across repeats: {cvs}" if cvs else "")
        + "."
    )


def _as_failures(g: GroupView, k: int) -> str | None:
    fail = (g.group.errors_as_failures or {}).get("pass_hat_k") or {}
    if not fmt.is_num(fail.get(str(k))):
        return None
    return (
        f"{name(g)}: counting its error trials as failures (as τ-bench publishes), "
        f"pass^{k} would be {fmt.pct(fail[str(k)])} instead of "
        f"{fmt.pct(g.at('pass_hat_k', k).estimate)}."
    )


def method_note(data: ReportData) -> str:
    """How every number of the report was computed, and the limits of the intervals."""
    s = data.stats
    level = s.level
    ci = s.ci_method.replace("bca", "BCa")
    return (
        f"pass@k and pass^k are the unbiased estimators (arXiv 2107.03374, 2406.12045) per "
        f"task, averaged over tasks; the gap is pass@k − pass^k and retention "
        f"pass^k / pass@1. Intervals are {level:.0%} task-clustered bootstrap intervals "
        f"({ci}, {s.bootstrap} resamples of tasks with all their trials, seed "
        f"{s.seed}; arXiv 2411.00640). Per-task intervals are Wilson score intervals. "
        "Infrastructure-error trials (rate limits, timeouts, provider failures) are left out "
        "of every estimate and counted per group. Reasoning comparisons are paired over "
        "shared tasks (paired t-test: its interval, p-value and verdict agree). "
        f"* after an interval: fewer than {MIN_TASKS_FOR_COVERAGE} tasks, where its coverage "
        "is not shown to hold (at 10 tasks a 95% interval of pass@8 covers about 70%); "
        "° a zero-width interval, which says nothing about the uncertainty."
    )


def runs_line(data: ReportData) -> str:
    """Run ids, suites and dates in one line."""
    runs = "; ".join(
        f"{r.run_id} ({r.path}, {date(r.started_at)} – {date(r.finished_at)}"
        + (f", {r.status}" if r.status and r.status != "complete" else "")
        + ")"
        for r in data.runs
    )
    users = user_line(data)
    return f"suite {', '.join(data.suites)} · runs: {runs} · relgap {data.version}" + (
        f" · {users}" if users else ""
    )


def user_line(data: ReportData) -> str | None:
    """Who played the user, and how often it ended before stating every request."""
    if not data.user_simulators:
        return None
    parts = []
    for name, c in data.user_simulators.items():
        model = name.removeprefix("llm:")
        served_sim = name.startswith("llm:") and model.split("/")[-1].startswith("sim-")
        sim = " (SIMULATED)" if served_sim or model.startswith("sim/") else ""
        share = c["unstated"] / c["trials"] if c["trials"] else 0.0
        parts.append(
            f"{name}{sim}: user ended before stating every request in {c['unstated']} of "
            f"{c['trials']} trials ({fmt.pct(share)})"
        )
    return "user simulator " + "; ".join(parts)


def date(stamp: str | None) -> str:
    """An ISO timestamp as ``2025-01-02 10:00`` (minutes, as recorded)."""
    return stamp[:16].replace("T", " ") if stamp else "?"
