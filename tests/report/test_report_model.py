"""ReportData: one summary, the chosen k, combined runs, sweeps and kept transcripts."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import make_records, write_run

from relgap.errors import ConfigError, StoreError
from relgap.report import build_report
from relgap.report.data import GroupView, choose_k
from relgap.report.text import headline, verdict


@pytest.fixture(scope="module")
def data(run_dir: Path):
    return build_report([run_dir], bootstrap=200)


def test_groups_ordered_by_family_then_setting(data) -> None:
    assert [g.label for g in data.groups] == ["sim/fast", "sim/reasoner-low", "sim/reasoner-high"]
    assert all(g.simulated for g in data.groups)


def test_default_k_is_largest_k_all_groups_support(data) -> None:
    # 4 trials per task, but error trials leave some tasks 3 valid ones: k stops where
    # every task of every group still enters, so no number mixes task sets.
    assert data.k == 3 == min(g.raw["k_all_tasks"] for g in data.groups)
    assert data.summary["report_k"] == 3
    assert all(str(data.k) in g.raw["pass_hat_k"] for g in data.groups)
    assert all(g.at("pass_hat_k", data.k).n_tasks == g.raw["n_tasks"] for g in data.groups)


def test_k_validation() -> None:
    groups = [GroupView({"model": "a", "variant": "default", "k_max": 8}),
              GroupView({"model": "b", "variant": "default", "k_max": 4})]  # fmt: skip
    assert choose_k(groups, None) == 4
    assert choose_k(groups, 2) == 2
    with pytest.raises(ConfigError, match="b supports"):
        choose_k(groups, 5)
    with pytest.raises(ConfigError, match="at least 1"):
        choose_k(groups, 0)


def test_error_trials_counted_not_estimated(data) -> None:
    errors = [g.raw["n_error_trials"] for g in data.groups]
    assert sum(errors) > 0
    assert all(g.raw["n_trials"] + g.raw["n_error_trials"] == 48 for g in data.groups)


def test_reasoning_sweep_compares_highest_to_lowest(data) -> None:
    (sweep,) = data.sweeps
    assert sweep.family == "sim/reasoner"
    assert [g.setting for g in sweep.points] == ["low", "high"]
    assert sweep.comparison["a"]["model"] == "sim/reasoner-high"
    assert sweep.comparison["b"]["model"] == "sim/reasoner-low"
    gap = sweep.comparison["gap"]
    v = verdict(sweep, data.k)
    # The verdict reads the paired t-test, whose p-value its sentence prints.
    assert gap["test"] == "paired t"
    assert gap["significant"] == (gap["p_value"] < 0.05)
    if gap["clt_high"] < 0:
        assert v.answer == "yes"
    elif gap["clt_low"] > 0:
        assert v.answer == "no"
    else:
        assert v.answer == "noise"
        assert v.sentence.startswith(("Not distinguishable from noise", "Mixed"))
    assert data.summary["comparisons"] == [sweep.comparison]


def test_headline_uses_summary_numbers(data) -> None:
    g = data.groups[0]
    at, hat = g.raw["pass_at_k"]["3"], g.raw["pass_hat_k"]["3"]

    def ci(e: dict) -> str:
        if e["ci_low"] is None:
            return ""
        return f" (95% CI {100 * e['ci_low']:.0f}–{100 * e['ci_high']:.0f}%)"

    assert headline(g, 3) == (
        f"At k=3, sim/fast (SIMULATED) succeeds on {100 * at['estimate']:.0f}%{ci(at)} of tasks "
        f"at least once but on only {100 * hat['estimate']:.0f}%{ci(hat)} every time."
    )
    assert ci(at) and ci(hat), "the headline carries its intervals"


def test_failed_trials_capped_round_robin(run_dir: Path) -> None:
    data = build_report([run_dir], bootstrap=0, max_transcripts=10)
    assert len(data.failed) == 10
    assert data.failed_total > 10
    per_group = {g.key: sum(t.group.key == g.key for t in data.failed) for g in data.groups}
    assert sorted(per_group.values()) in ([3, 3, 4], [3, 4, 3], [4, 3, 3])
    assert all(t.outcome != "pass" and t.transcript for t in data.failed)


def test_combining_runs_pools_trials(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", make_records("run-a", models=("sim/fast",), seed=1))
    b = write_run(tmp_path / "b", make_records("run-b", models=("sim/fast",), seed=2))
    data = build_report([a, b], bootstrap=0)
    assert [r.run_id for r in data.runs] == ["run-a", "run-b"]
    assert data.groups[0].raw["n_trials"] == 96
    assert data.k == 8


def test_different_suites_are_reported_side_by_side(tmp_path: Path) -> None:
    a = write_run(tmp_path / "a", make_records("run-a", models=("sim/fast",)))
    b = write_run(
        tmp_path / "b", make_records("run-b", suite="other", models=("sim/fast",)), suite="other"
    )
    data = build_report([a, b], bootstrap=0)
    assert data.suites == ["food_order", "other"]
    # The same model on two suites: two groups, each label naming its suite.
    assert sorted(g.label for g in data.groups) == ["food_order · sim/fast", "other · sim/fast"]


def test_missing_or_empty_run(tmp_path: Path) -> None:
    with pytest.raises(StoreError):
        build_report([tmp_path / "nope"])
    empty = write_run(tmp_path / "empty", [])
    with pytest.raises(ConfigError, match="no trials"):
        build_report([empty])


def test_one_setting_per_family_needs_a_sweep(tmp_path: Path) -> None:
    run = write_run(tmp_path / "r", make_records("r", models=("sim/fast", "sim/reasoner-low")))
    data = build_report([run], bootstrap=0)
    assert data.sweeps == ()
    from relgap.report.text import needs_sweep

    assert "needs a sweep" in (needs_sweep(data) or "")


def test_group_notes_carry_consistency_and_the_errors_as_failures_figure(data) -> None:
    from relgap.report.text import group_notes

    notes = " ".join(group_notes(data))
    g = next(g for g in data.groups if g.raw["n_error_trials"])
    fail = g.raw["errors_as_failures"]["pass_hat_k"][str(data.k)]
    assert f"pass^{data.k} would be {100 * fail:.0f}%" in notes
    oc = g.raw["outcome_consistency"]["estimate"]
    assert f"outcome consistency across repeats {oc:.2f}" in notes
    assert "coefficient of variation across repeats: cost" in notes
