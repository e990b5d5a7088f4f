"""summarize(): the relgap.stats/1 contract, error trials, uneven trials, edge cases."""

from __future__ import annotations

import json

import numpy as np
import pandas as pd
import pytest
from statsmodels.stats.proportion import proportion_confint

from relgap.errors import ConfigError
from relgap.stats import (
    StatsSummary,
    pass_at_k,
    pass_hat_k,
    synthetic_trials,
    variance_decomposition,
)
from relgap.stats import (
    summarize_dict as summarize,
)


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_trials(40, 6, models=("m1", "m2"), error_rate=0.05, seed=3)


@pytest.fixture(scope="module")
def result(frame: pd.DataFrame) -> dict:
    return summarize(frame, bootstrap=500, comparisons="all")


def _group(result: dict, model: str) -> dict:
    return next(g for g in result["groups"] if g["model"] == model)


def test_contract_is_json_and_validates_against_the_schema(result: dict):
    text = json.dumps(result, allow_nan=False)
    assert json.loads(text) == result
    assert result["schema"] == "relgap.stats/1"
    parsed = StatsSummary.model_validate(result)
    assert [g.model for g in parsed.groups] == ["m1", "m2"]
    g = result["groups"][0]
    for key in ("suite", "model", "variant", "family", "reasoning_effort", "simulated",
                "n_tasks", "n_trials", "n_error_trials", "trials_per_task", "pass_at_k",
                "pass_hat_k", "gap", "retention", "variance", "beta_binomial", "cost",
                "failed_checks", "tasks"):  # fmt: skip
        assert key in g
    assert set(g["pass_at_k"]["1"]) >= {"estimate", "se", "ci_low", "ci_high", "n_tasks_used"}
    assert list(g["pass_at_k"]) == [str(k) for k in range(1, g["k_max"] + 1)]
    assert len(g["beta_binomial"]["pass_hat_k"]) == 100
    assert len(result["comparisons"]) == 1


def test_numbers_match_a_direct_computation(frame: pd.DataFrame, result: dict):
    valid = frame[frame["outcome"] != "error"]
    counts = valid[valid["model"] == "m1"].groupby("task_id")["passed"].agg(["size", "sum"])
    n, c = counts["size"].to_numpy(), counts["sum"].to_numpy()
    g = _group(result, "m1")
    for k in (1, 3, g["k_max"]):
        ok = n >= k
        at = np.array([pass_at_k(a, b, k) for a, b in zip(n[ok], c[ok], strict=True)])
        hat = np.array([pass_hat_k(a, b, k) for a, b in zip(n[ok], c[ok], strict=True)])
        entry = g["pass_at_k"][str(k)]
        assert entry["n_tasks_used"] == ok.sum()
        assert entry["estimate"] == pytest.approx(at.mean(), abs=1e-12)
        assert entry["se"] == pytest.approx(at.std(ddof=1) / np.sqrt(ok.sum()), rel=1e-9)
        assert entry["ci_low"] <= entry["estimate"] <= entry["ci_high"]
        assert g["pass_hat_k"][str(k)]["estimate"] == pytest.approx(hat.mean(), abs=1e-12)
        assert g["gap"][str(k)]["estimate"] == pytest.approx((at - hat).mean(), abs=1e-12)
        retention = hat.mean() / (c[ok] / n[ok]).mean()
        assert g["retention"][str(k)]["estimate"] == pytest.approx(retention, abs=1e-12)
    expected = variance_decomposition(n, c)
    for key in ("within", "between", "icc", "flaky_share"):
        assert g["variance"][key] == pytest.approx(expected[key], abs=1e-12)


def test_error_trials_are_excluded_and_counted(frame: pd.DataFrame, result: dict):
    g = _group(result, "m1")
    mine = frame[frame["model"] == "m1"]
    errors = int((mine["outcome"] == "error").sum())
    assert errors > 0
    assert g["n_error_trials"] == errors
    assert g["n_trials"] == len(mine) - errors
    assert g["n_trials_run"] == len(mine)
    # By default k stops where every task still enters: one row never mixes task sets.
    k_all = min(t["n"] for t in g["tasks"])
    assert g["k_max"] == g["k_all_tasks"] == k_all < 6
    assert all(g[m][str(k)]["n_tasks_used"] == 40 for m in ("pass_at_k", "pass_hat_k",
               "gap", "retention") for k in range(1, k_all + 1))  # fmt: skip
    assert f"k stops at {k_all}" in g["note"]
    # Asked for more, tasks that lost trials to errors drop out at high k, and it says so.
    wide = _group(summarize(frame, k=6, bootstrap=0), "m1")
    assert wide["k_max"] == 6
    assert wide["pass_at_k"]["6"]["n_tasks_used"] < wide["pass_at_k"]["1"]["n_tasks_used"] == 40
    assert "fewer than k valid trials" in wide["note"]
    # Beside it, what tau-bench would publish: errors counted as failures, over every task.
    fail = wide["errors_as_failures"]
    assert fail["n_error_trials"] == errors and fail["n_tasks_used"]["6"] == 40
    assert fail["pass_hat_k"]["1"] < wide["pass_hat_k"]["1"]["estimate"]
    assert (
        "errors_as_failures"
        not in summarize(frame[frame["outcome"] != "error"], bootstrap=0)["groups"][0]
    )
    # An error trial marked passed must not count as a pass.
    flipped = frame.copy()
    flipped.loc[flipped["outcome"] == "error", "passed"] = True
    again = summarize(flipped, bootstrap=0)
    assert _group(again, "m1")["pass_at_k"]["1"]["estimate"] == g["pass_at_k"]["1"]["estimate"]


def test_all_errored_group_does_not_crash():
    df = synthetic_trials(10, 3, models=("ok", "down"), seed=1)
    df.loc[df["model"] == "down", "outcome"] = "error"
    result = summarize(df, bootstrap=100)
    down = _group(result, "down")
    assert down["n_tasks"] == 0
    assert down["n_error_trials"] == 30
    assert down["pass_at_k"] == {}
    assert "infrastructure errors" in down["note"]
    assert all(t["rate"] is None for t in down["tasks"])
    assert _group(result, "ok")["n_tasks"] == 10
    StatsSummary.model_validate(result)
    json.dumps(result, allow_nan=False)


def test_tasks_with_different_trial_counts():
    df = synthetic_trials(30, 5, seed=2)
    short = df["task_id"].isin(["t00", "t01", "t02"]) & (df["trial"] >= 2)
    df = df[~short]
    g = summarize(df, bootstrap=200)["groups"][0]
    assert g["trials_per_task"] == {"min": 2, "max": 5}
    assert g["k_max"] == 2  # the smallest number of valid trials
    g = summarize(df, k=5, bootstrap=200)["groups"][0]
    assert [g["pass_hat_k"][str(k)]["n_tasks_used"] for k in range(1, 6)] == [30, 30, 27, 27, 27]


def test_k_beyond_every_task_is_capped_with_a_note_and_bad_k_is_refused():
    df = synthetic_trials(20, 4, seed=4)
    g = summarize(df, k=50, bootstrap=100)["groups"][0]
    assert g["k_max"] == 4
    assert "beta_binomial" in g["note"]
    with pytest.raises(ConfigError):
        summarize(df, k=0)
    with pytest.raises(ConfigError):
        summarize(df, ci="wald")  # type: ignore[arg-type]
    with pytest.raises(ConfigError, match="passed"):
        summarize(df.drop(columns="passed"))


def test_single_trial_tasks_and_all_pass_or_all_fail():
    one = synthetic_trials(15, 1, seed=5)
    g = summarize(one, bootstrap=100)["groups"][0]
    assert g["k_max"] == 1
    assert g["variance"]["n_tasks"] == 0 and g["variance"]["within"] is None
    assert g["beta_binomial"]["converged"] is False
    for rates, value in ((np.zeros(10), 0.0), (np.ones(10), 1.0)):
        df = synthetic_trials(10, 4, rates=rates, seed=6)
        g = summarize(df, bootstrap=100)["groups"][0]
        for k in ("1", "4"):
            entry = g["pass_hat_k"][k]
            assert entry["estimate"] == value
            assert entry["ci_low"] == entry["ci_high"] == value
            assert entry["zero_width"] is True and entry["few_tasks"] is True
            assert g["gap"][k]["estimate"] == 0.0
        assert g["variance"]["icc"] is None  # no variance at all
        assert g["variance"]["flaky_share"] == 0.0
        assert g["beta_binomial"]["converged"] is False
        assert g["beta_binomial"]["note"]


def test_a_group_does_not_move_when_other_groups_are_added():
    both = synthetic_trials(30, 4, models=("m1", "m2"), seed=8)
    alone = both[both["model"] == "m1"]
    g_both = summarize(both, bootstrap=300, seed=1)["groups"][0]
    g_alone = summarize(alone, bootstrap=300, seed=1)["groups"][0]
    assert g_both["pass_hat_k"] == g_alone["pass_hat_k"]
    g_other_seed = summarize(alone, bootstrap=300, seed=2)["groups"][0]
    assert g_other_seed["pass_hat_k"]["2"]["ci_low"] != g_alone["pass_hat_k"]["2"]["ci_low"]


def test_bootstrap_can_be_switched_off_and_percentile_chosen():
    df = synthetic_trials(25, 4, seed=9)
    g = summarize(df, bootstrap=0)["groups"][0]
    entry = g["pass_at_k"]["2"]
    assert entry["ci_low"] is None and entry["se"] is not None and entry["clt_low"] is not None
    r = summarize(df, bootstrap=400, ci="percentile")
    assert r["ci_method"] == "percentile"
    assert "percentile" in r["methods"]["ci"]


def test_task_rows_have_wilson_intervals_costs_and_checks():
    df = synthetic_trials(12, 5, seed=10)
    df.loc[df.index[:7], "cost_usd"] = np.nan
    g = summarize(df, bootstrap=100)["groups"][0]
    row = g["tasks"][0]
    lo, hi = proportion_confint(row["c"], row["n"], method="wilson")
    assert row["wilson_low"] == pytest.approx(lo) and row["wilson_high"] == pytest.approx(hi)
    assert row["rate"] == row["c"] / row["n"]
    fails = int((~df["passed"]).sum())
    assert g["failed_checks"] == {"wrong_state": fails}
    cost = g["cost"]
    assert cost["unknown_cost_trials"] == 7
    known = df["cost_usd"].notna()
    assert cost["total_usd"] == pytest.approx(df.loc[known, "cost_usd"].sum())
    assert cost["per_success_usd"] == pytest.approx(
        cost["total_usd"] / (df["passed"] & known).sum()
    )


def test_frames_with_enum_outcomes_and_missing_optional_columns():
    from relgap.records import Outcome

    df = synthetic_trials(10, 3, seed=11)
    df["outcome"] = [Outcome(o) for o in df["outcome"]]
    minimal = df[["suite", "model", "task_id", "outcome", "passed"]]
    g = summarize(minimal, bootstrap=100)["groups"][0]
    assert g["variant"] == "default"
    assert g["cost"]["unknown_cost_trials"] == 30
    assert g["pass_at_k"]["1"]["estimate"] == pytest.approx(df["passed"].mean())


def test_empty_table_and_missing_labels():
    df = synthetic_trials(8, 3, seed=12)
    assert summarize(df.iloc[:0], bootstrap=10)["groups"] == []
    df["simulated"] = np.nan
    df["thinking_budget"] = 1024.0
    g = summarize(df, bootstrap=10)["groups"][0]
    assert g["simulated"] is None and g["thinking_budget"] == 1024
    StatsSummary.model_validate(summarize(df, bootstrap=10))
