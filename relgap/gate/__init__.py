"""Gates for nightly CI: thresholds, paired regression tests against a baseline, JUnit."""

from relgap.gate.baseline import list_baselines, resolve_baseline, save_baseline
from relgap.gate.checks import GateReport, GateResult, evaluate_gates
from relgap.gate.junit import to_junit
from relgap.gate.plan import GatePlan, plan_gate, trials_needed

__all__ = [
    "GatePlan",
    "GateReport",
    "GateResult",
    "evaluate_gates",
    "list_baselines",
    "plan_gate",
    "resolve_baseline",
    "save_baseline",
    "to_junit",
    "trials_needed",
]
