from __future__ import annotations

import numpy as np
import pytest

from relgap.config import GateSpec
from relgap.errors import ConfigError
from relgap.gate.checks import evaluate_gates, regression_verdict
from relgap.gate.plan import estimator_variance, plan_gate, sd_of_null_difference, trials_needed
from relgap.records import Outcome, StopReason, TrialRecord
from relgap.stats.compare import compare_tasks
from relgap.stats.counts import GroupTasks
from relgap.store import records_to_frame


def frame_from_counts(c: np.ndarray, n: int, model: str = "m", errors: int = 0):
    records = []
    for t, passes in enumerate(c):
        for i in range(n + errors):
            outcome = Outcome.ERROR if i >= n else (Outcome.PASS if i < passes else Outcome.FAIL)
            records.append(TrialRecord(
                run_id="r", suite="s", task_id=f"t{t:03d}", tier=1, model=model, family=model,
                simulated=False, trial=i, seed=i, outcome=outcome, passed=outcome is Outcome.PASS,
                score=1.0 if outcome is Outcome.PASS else 0.0,
                stop_reason=StopReason.INFRA_ERROR if outcome is Outcome.ERROR else StopReason.COMPLETED,
                started_at="x", finished_at="x",
            ))  # fmt: skip
    return records_to_frame(records)


def group(c: np.ndarray, n: int) -> GroupTasks:
    t = len(c)
    ids = np.array([f"t{i:03d}" for i in range(t)], dtype=object)
    ns = np.full(t, n)
    return GroupTasks(
        ("s", "m", "default"), ids, np.ones(t), ns, np.zeros(t, dtype=int), ns, np.asarray(c)
    )


def test_threshold_gate_judges_the_lower_confidence_bound():
    reliable = frame_from_counts(np.array([8] * 36 + [0] * 4), 8)
    gate = GateSpec(metric="pass_hat_k", k=4, min=0.6)
    (result,) = evaluate_gates(reliable, [gate]).results
    assert result.passed and result.numbers["estimate"] == pytest.approx(0.9)
    # Estimate 0.65 clears 0.6, but its lower bound over 40 tasks does not.
    borderline = frame_from_counts(np.array([8] * 26 + [0] * 14), 8)
    (result,) = evaluate_gates(borderline, [gate]).results
    assert not result.passed and result.numbers["ci_low"] < 0.6 < result.numbers["estimate"]
    (result,) = evaluate_gates(borderline, [gate.model_copy(update={"on": "estimate"})]).results
    assert result.passed
    assert "pass^4 = 0.650" in result.message and "FAILED" not in result.message


def test_error_trials_do_not_count_against_a_gate():
    with_errors = frame_from_counts(np.array([8] * 40), 8, errors=3)
    (result,) = evaluate_gates(with_errors, [GateSpec(metric="pass_hat_k", k=8, min=0.9)]).results
    assert result.passed and result.numbers["estimate"] == 1.0


def test_gate_needing_more_trials_than_run_is_a_usage_error():
    frame = frame_from_counts(np.array([2] * 10), 2)
    with pytest.raises(ConfigError, match="only 2 trials per task"):
        evaluate_gates(frame, [GateSpec(metric="pass_hat_k", k=4, min=0.5)])


def test_regression_gate_needs_a_baseline_and_fires_on_a_real_drop():
    rng = np.random.default_rng(3)
    p = rng.beta(1.2, 0.6, 64)
    base = frame_from_counts(rng.binomial(8, p), 8)
    worse = frame_from_counts(rng.binomial(8, np.clip(p - 0.3, 0, 1)), 8)
    (skipped,) = evaluate_gates(worse, [GateSpec(type="regression")]).results
    assert skipped.skipped and skipped.passed and "no --baseline" in skipped.message
    with pytest.raises(ConfigError, match="nothing to check"):
        evaluate_gates(worse, [])
    report = evaluate_gates(worse, [], baseline=base)  # the default gate
    (result,) = report.results
    assert not result.passed and "REGRESSED" in result.message
    assert result.k == 8 and result.numbers["difference"] < 0
    changes = report.task_changes["m"]
    assert changes["newly_failing"] and all(i["current"] == 0 for i in changes["newly_failing"])


def _false_alarm_rate(shift: float, reps: int, seed: int) -> float:
    rng = np.random.default_rng(seed)
    alarms = 0
    for _ in range(reps):
        p = rng.beta(1.2, 0.6, 64)
        base = group(rng.binomial(8, p), 8)
        cur = group(rng.binomial(8, np.clip(p - shift, 0, 1)), 8)
        entry = compare_tasks(cur, base, 4, bootstrap=20)["pass_hat_k"]
        alarms += regression_verdict(entry, alpha=0.05, min_effect=0.0)[0]
    return alarms / reps


def test_false_alarm_rate_is_near_alpha_and_power_is_high_for_a_clear_drop():
    assert 0.02 <= _false_alarm_rate(0.0, 400, seed=11) <= 0.09
    assert _false_alarm_rate(0.25, 40, seed=12) >= 0.95


def test_min_effect_suppresses_small_significant_drops():
    entry = {"difference": -0.03, "se": 0.005, "p_value": 1e-6}
    assert regression_verdict(entry, 0.05, 0.0)[0]
    assert not regression_verdict(entry, 0.05, 0.05)[0]
    assert not regression_verdict({"difference": 0.1, "se": 0.01, "p_value": 1e-6}, 0.05, 0.0)[0]


def test_estimator_variance_matches_simulation():
    rng = np.random.default_rng(0)
    from math import comb

    for p, n, k in [(0.7, 8, 4), (0.95, 8, 8), (0.5, 5, 1)]:
        c = rng.binomial(n, p, 200_000)
        values = np.array([comb(int(x), k) / comb(n, k) for x in range(n + 1)])[c]
        assert estimator_variance(np.array([p]), n, k)[0] == pytest.approx(values.var(), rel=0.03)


def test_plan_is_monotone_and_trials_needed_inverts_it():
    base = plan_gate(64, 8, 4).mdd
    assert plan_gate(128, 8, 4).mdd < base and plan_gate(64, 16, 4).mdd < base
    assert plan_gate(64, 8, 4, alpha=0.01).mdd > base
    needed = trials_needed(64, 4, 0.06)
    assert plan_gate(64, needed, 4).mdd <= 0.06 < plan_gate(64, needed - 1, 4).mdd
    assert sd_of_null_difference(8, 1, 1.2, 0.6) < sd_of_null_difference(4, 1, 1.2, 0.6)
    with pytest.raises(ConfigError, match="--k must be between"):
        plan_gate(64, 4, 8)


def test_a_bound_needs_two_tasks_and_an_all_error_group_is_refused():
    one_task = frame_from_counts(np.array([8]), 8)
    with pytest.raises(ConfigError, match="too few for a confidence interval"):
        evaluate_gates(one_task, [GateSpec(metric="pass_hat_k", k=4, min=0.5)])
    (result,) = evaluate_gates(
        one_task, [GateSpec(metric="pass_hat_k", k=4, min=0.5, on="estimate")]
    ).results
    assert result.passed
    all_errors = frame_from_counts(np.array([0, 0]), 0, errors=4)
    with pytest.raises(ConfigError, match="every trial errored"):
        evaluate_gates(all_errors, [GateSpec(metric="pass_hat_k", k=1, min=0.5)])


def test_gate_results_name_simulated_models():
    frame = frame_from_counts(np.array([8] * 10), 8).assign(simulated=True)
    (result,) = evaluate_gates(frame, [GateSpec(metric="pass_at_1", min=0.5)]).results
    assert result.subject == "m (SIMULATED)"


def test_gate_bounds_and_plan_inputs_are_validated():
    from pydantic import ValidationError

    with pytest.raises(ValidationError):
        GateSpec(metric="pass_hat_k", min=60)  # a share, not a percentage
    with pytest.raises(ConfigError, match="between 0 and 1"):
        trials_needed(64, 4, 2.0)
