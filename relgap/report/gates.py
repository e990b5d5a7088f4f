"""The report's verdict against the configured gates: the same judgement as ``relgap gate``.

Each gate is evaluated with :func:`relgap.gate.evaluate_gates` on the same trials, with the
same ``k`` and the same bootstrap, so a report and a gate run on one config never disagree
on pass or fail. A gate that cannot be judged (too few trials for its k, no shared tasks
with the baseline) is shown as "not judged" with the reason; it does not stop the report.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from relgap.config import GateSpec
from relgap.errors import ConfigError
from relgap.gate import GateResult, evaluate_gates
from relgap.gate.checks import metric_label


@dataclass(frozen=True)
class Bar:
    """One gate's verdict on one model: ``status`` is pass, FAIL, skipped or not judged."""

    gate: str
    subject: str
    status: str
    judged: str  # what was compared, e.g. "pass^4 lower bound 0.412 < 0.6"

    @property
    def sentence(self) -> str:
        """The bar in one line: gate, subject, what was compared and the verdict."""
        subject = f"{self.subject}, " if self.subject else ""
        return f"{self.gate}: {subject}{self.judged}: {self.status}"


@dataclass(frozen=True)
class GateVerdict:
    """Every configured gate's verdict, in config order."""

    bars: tuple[Bar, ...]

    @property
    def failed(self) -> int:
        """How many bars failed."""
        return sum(b.status == "FAIL" for b in self.bars)

    @property
    def status(self) -> str:
        """FAIL if any bar failed; NOT JUDGED if a gate could not be judged; else PASS."""
        if self.failed:
            return "FAIL"
        if any(b.status == "not judged" for b in self.bars):
            return "NOT JUDGED"
        return "PASS"

    @property
    def head(self) -> str:
        """The overall verdict, e.g. ``Gates FAIL: 1 of 2 bars met.``."""
        judged = sum(b.status in ("pass", "FAIL") for b in self.bars)
        return f"Gates {self.status}: {judged - self.failed} of {judged} bars met."

    @property
    def line(self) -> str:
        """The report's first line: the overall verdict, then every bar."""
        return f"{self.head} " + "; ".join(b.sentence for b in self.bars) + "."


def _threshold_text(gate: GateSpec, r: GateResult) -> str:
    label = metric_label(r.metric, r.k)
    n = r.numbers
    parts = []
    for bound, key, op_ok, op_bad, side in (
        (gate.min, "ci_low", "≥", "<", "lower bound"),
        (gate.max, "ci_high", "≤", ">", "upper bound"),
    ):
        if bound is None:
            continue
        basis, value = (
            (side, n.get(key)) if gate.on == "lower_bound" else ("estimate", n.get("estimate"))
        )
        if value is None:
            continue
        ok = value >= bound if op_ok == "≥" else value <= bound
        parts.append(f"{label} {basis} {value:.3f} {op_ok if ok else op_bad} {bound:g}")
    estimate = n.get("estimate")
    tail = (
        f" (estimate {estimate:.3f})" if gate.on == "lower_bound" and estimate is not None else ""
    )
    return " and ".join(parts) + tail


def _regression_text(r: GateResult) -> str:
    label = metric_label(r.metric, r.k) if r.k else r.metric
    if r.skipped:
        return f"{label} not compared (no baseline given)"
    n = r.numbers
    return (
        f"{label} {n['baseline']:.3f} → {n['current']:.3f} vs baseline, one-sided "
        f"p={n['p_one_sided']:.3g} over {n['shared_tasks']} shared tasks"
    )


def _bar(gate: GateSpec, r: GateResult) -> Bar:
    status = "skipped" if r.skipped else ("pass" if r.passed else "FAIL")
    judged = _threshold_text(gate, r) if gate.type == "threshold" else _regression_text(r)
    subject = "" if r.skipped else r.subject
    return Bar(r.name, subject, status, judged)


def judge_gates(
    frame: pd.DataFrame,
    gates: list[GateSpec],
    *,
    baseline: pd.DataFrame | None = None,
    k: int | None = None,
) -> GateVerdict | None:
    """Evaluate each gate as ``relgap gate`` does; ``None`` when no gate is configured."""
    if not gates:
        return None
    bars: list[Bar] = []
    for gate in gates:
        try:
            results = evaluate_gates(frame, [gate], baseline=baseline, k=k).results
        except ConfigError as exc:
            name = gate.name or f"{gate.type} gate on {gate.metric}"
            bars.append(Bar(name, "", "not judged", str(exc)))
            continue
        bars += [_bar(gate, r) for r in results]
    return GateVerdict(tuple(bars))
