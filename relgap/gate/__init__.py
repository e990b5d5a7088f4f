"""Gates for nightly CI: thresholds, paired regression tests against a baseline, JUnit."""

from relgap.gate.baseline import list_baselines, resolve_baseline, save_baseline
from relgap.gate.checks import GateReport, GateResult, evaluate_gates
from relgap.gate.junit import to_junit
from relgap.gate.plan import (
    GatePlan,
    best_split,
    omega2_from_pair,
    plan_gate,
    tasks_needed,
    trials_needed,
)

__all__ = [
    "GatePlan",
    "GateReport",
    "GateResult",
    "best_split",
    "evaluate_gates",
    "list_baselines",
    "omega2_from_pair",
    "plan_gate",
    "resolve_baseline",
    "save_baseline",
    "tasks_needed",
    "to_junit",
    "trials_needed",
]
