"""Paired comparisons, per-task changes with Benjamini–Hochberg, power."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as sps
from scipy.special import expit
from statsmodels.stats.multitest import multipletests

from relgap.errors import ConfigError
from relgap.stats import (
    compare_groups,
    minimum_detectable_difference,
    sd_of_task_differences,
    synthetic_trials,
    task_changes_table,
    tasks_needed,
)
from relgap.stats.compare import compare_tasks, fisher_exact_two_sided
from relgap.stats.counts import GroupTasks, split_groups, task_counts


def two_models(shift: float, tasks: int = 80, trials: int = 6, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(0.0, 1.5, tasks)
    a = synthetic_trials(tasks, trials, models=("a",), rates=expit(base + shift), seed=seed + 1)
    b = synthetic_trials(tasks, trials, models=("b",), rates=expit(base), seed=seed + 2)
    return pd.concat([a, b], ignore_index=True)


def per_task(df: pd.DataFrame, model: str) -> pd.DataFrame:
    valid = df[(df["model"] == model) & (df["outcome"] != "error")]
    return valid.groupby("task_id")["passed"].agg(n="size", c="sum")


def test_paired_t_matches_scipy_and_detects_a_planted_difference():
    df = two_models(shift=1.0)
    out = compare_groups(df, {"model": "a"}, {"model": "b"}, k=3, bootstrap=500)
    a, b = per_task(df, "a"), per_task(df, "b")
    ref = sps.ttest_rel(a["c"] / a["n"], b["c"] / b["n"])
    entry = out["pass_at_1"]
    assert entry["p_value"] == pytest.approx(ref.pvalue, rel=1e-9)
    assert entry["difference"] == pytest.approx(entry["a"] - entry["b"])
    assert entry["p_value"] < 0.001 and entry["p_value_bootstrap"] < 0.01
    assert entry["ci_low"] > 0 and entry["clt_low"] > 0
    assert out["pass_hat_k"]["difference"] > 0
    assert out["n_shared_tasks"] == 80


def test_no_difference_is_rarely_significant():
    # Type I error of the paired test over many null comparisons is near alpha.
    rng = np.random.default_rng(11)
    tasks, trials, reps = 50, 4, 400
    p = rng.beta(0.8, 0.6, size=(reps, tasks))
    n = np.full(tasks, trials)
    ids = np.array([f"t{i}" for i in range(tasks)], dtype=object)
    rejections = np.zeros(5)
    for r in range(reps):
        ca, cb = rng.binomial(trials, p[r]), rng.binomial(trials, p[r])
        zero = np.zeros(tasks, int)
        ga = GroupTasks(("s", "a", "d"), ids, np.ones(tasks), n, zero, n, ca)
        gb = GroupTasks(("s", "b", "d"), ids, np.ones(tasks), n, zero, n, cb)
        out = compare_tasks(ga, gb, 2, bootstrap=0)
        metrics = ("pass_at_1", "pass_at_k", "pass_hat_k", "gap", "retention")
        rejections += [out[m]["p_value"] < 0.05 for m in metrics]
    rate = rejections / reps
    assert np.all((rate > 0.02) & (rate < 0.09)), rate


def test_only_shared_tasks_with_enough_trials_in_both_groups_enter():
    df = two_models(shift=0.5, tasks=30)
    df = df[~((df["model"] == "b") & df["task_id"].isin(["t00", "t01"]))]  # b lacks two tasks
    # a has only 2 valid trials on t02: it cannot enter at k=3 for either group
    df = df[~((df["model"] == "a") & (df["task_id"] == "t02") & (df["trial"] >= 2))]
    out = compare_groups(df, "a", "b", k=3, bootstrap=200)
    assert out["n_tasks_only_a"] == 2
    assert out["n_tasks_only_b"] == 0
    assert out["n_tasks_too_few_trials"] == 1
    assert out["n_shared_tasks"] == 27
    a = per_task(df, "a").drop(index=["t00", "t01", "t02"])
    assert out["pass_at_1"]["a"] == pytest.approx((a["c"] / a["n"]).mean())


def test_no_shared_tasks_gives_a_note_not_a_crash():
    a = synthetic_trials(5, 3, models=("a",), suite="s1", seed=1)
    b = synthetic_trials(5, 3, models=("b",), suite="s1", seed=2)
    b["task_id"] = "x" + b["task_id"]
    out = compare_groups(pd.concat([a, b]), "a", "b", bootstrap=100)
    assert out["n_shared_tasks"] == 0
    assert out["pass_at_k"]["difference"] is None
    assert "no shared task" in out["note"]


def test_unknown_or_ambiguous_group_is_a_config_error():
    df = two_models(shift=0.0, tasks=5)
    with pytest.raises(ConfigError, match="no group"):
        compare_groups(df, "zzz", "a")
    both = pd.concat([df, df.assign(variant="high")])
    with pytest.raises(ConfigError, match="2 groups"):
        compare_groups(both, "a", "b")


def test_retention_delta_se_agrees_with_the_bootstrap():
    df = two_models(shift=0.3, tasks=200, seed=3)
    out = compare_groups(df, "a", "b", k=4, bootstrap=2000)
    entry = out["retention"]
    width = entry["ci_high"] - entry["ci_low"]
    assert width / (2 * 1.96 * entry["se"]) == pytest.approx(1.0, abs=0.2)


def test_the_two_gap_forms_can_disagree_and_say_so():
    def flat(model: str, p: float, seed: int) -> pd.DataFrame:
        return synthetic_trials(60, 8, models=(model,), rates=np.full(60, p), seed=seed)

    coin, steady, weak = flat("coin", 0.5, 1), flat("steady", 0.95, 2), flat("weak", 0.1, 3)
    # coin flips vs a steady model: larger gap and lower retention - the forms agree.
    out = compare_groups(pd.concat([coin, steady]), "coin", "steady", k=4, bootstrap=300)
    assert out["gap"]["difference"] > 0 and out["retention"]["difference"] < 0
    assert out["gap_forms_disagree"] is False and out["note"] is None
    # coin flips vs a weak model: the absolute gap grows with capability, so coin has the
    # larger gap, yet it keeps a larger share of its pass@1 - the forms disagree.
    out = compare_groups(pd.concat([coin, weak]), "coin", "weak", k=4, bootstrap=300)
    assert out["gap"]["difference"] > 0 and out["retention"]["difference"] > 0
    assert out["gap_forms_disagree"] is True
    assert "disagree" in out["note"]


def test_task_changes_apply_benjamini_hochberg():
    tasks = 40
    rates_b = np.full(tasks, 0.5)
    rates_a = rates_b.copy()
    rates_a[:5] = 1.0  # five tasks fixed
    rates_b[:5] = 0.0
    a = synthetic_trials(tasks, 10, models=("a",), rates=rates_a, seed=1)
    b = synthetic_trials(tasks, 10, models=("b",), rates=rates_b, seed=2)
    groups = split_groups(task_counts(pd.concat([a, b])))
    ga, gb = groups[("synthetic", "a", "default")], groups[("synthetic", "b", "default")]
    table = task_changes_table(ga, gb, alpha=0.05)
    assert len(table) == tasks
    _, q, _, _ = multipletests(table["p_value"], method="fdr_bh")
    np.testing.assert_allclose(table["q_value"], q)
    assert (table["q_value"] >= table["p_value"]).all()
    assert set(table.loc[table["significant"], "task_id"]) == {f"t{i:02d}" for i in range(5)}
    ref = sps.fisher_exact([[10, 0], [0, 10]]).pvalue
    assert table.loc[table["task_id"] == "t00", "p_value"].item() == pytest.approx(ref)
    summary = compare_tasks(ga, gb, 5, bootstrap=100)
    assert summary["n_shared_tasks"] == tasks


def test_compare_tasks_on_hand_built_groups():
    def group(model: str, c: list[int]) -> GroupTasks:
        m = len(c)
        ids = np.array([f"t{i}" for i in range(m)], dtype=object)
        n = np.full(m, 4)
        return GroupTasks(
            ("s", model, "default"), ids, np.ones(m), n, np.zeros(m, int), n, np.array(c)
        )

    out = compare_tasks(group("a", [4, 4, 2, 0]), group("b", [4, 2, 2, 0]), 2, bootstrap=200)
    assert out["pass_hat_k"]["a"] == pytest.approx((1 + 1 + 1 / 6 + 0) / 4)
    assert out["pass_hat_k"]["b"] == pytest.approx((1 + 1 / 6 + 1 / 6 + 0) / 4)


def test_power_functions_are_inverse_and_match_simulation():
    sd, tasks = 0.3, 100
    mdd = minimum_detectable_difference(tasks, sd, alpha=0.05, power=0.8)
    assert mdd == pytest.approx((1.959964 + 0.841621) * sd / 10, rel=1e-5)
    assert tasks_needed(mdd, sd) == tasks
    assert tasks_needed(mdd * 1.01, sd) < tasks
    assert minimum_detectable_difference(0, sd) == float("inf")
    assert sd_of_task_differences(0.01, 0.2, 0.1, 10) == pytest.approx(np.sqrt(0.04))
    with pytest.raises(ValueError):
        tasks_needed(0.0, sd)
    # Paired t-tests on simulated differences of size mdd reject about 80 % of the time.
    rng = np.random.default_rng(0)
    d = rng.normal(mdd, sd, size=(4000, tasks))
    t = d.mean(axis=1) / (d.std(axis=1, ddof=1) / np.sqrt(tasks))
    power = np.mean(np.abs(t) > sps.t.ppf(0.975, tasks - 1))
    assert power == pytest.approx(0.8, abs=0.03)


def test_vectorised_fisher_agrees_with_scipy():
    rng = np.random.default_rng(0)
    n_a, n_b = rng.integers(1, 25, 500), rng.integers(1, 25, 500)
    c_a, c_b = rng.integers(0, n_a + 1), rng.integers(0, n_b + 1)
    mine = fisher_exact_two_sided(c_a, n_a, c_b, n_b)
    for i in range(500):
        table = [[c_a[i], n_a[i] - c_a[i]], [c_b[i], n_b[i] - c_b[i]]]
        assert mine[i] == pytest.approx(sps.fisher_exact(table).pvalue, abs=1e-10)


def test_groups_are_named_by_model_even_with_slashes_and_colons():
    df = synthetic_trials(10, 3, models=("openai/gpt-4.1", "llama3:8b"), seed=1)
    assert compare_groups(df, "openai/gpt-4.1", "llama3:8b", bootstrap=10)["n_shared_tasks"] == 10
    out = compare_groups(df, "llama3:8b:default", ("synthetic", "openai/gpt-4.1", "default"))
    assert out["a"]["model"] == "llama3:8b"
    with pytest.raises(ConfigError, match="same group"):
        compare_groups(df, "llama3:8b", {"model": "llama3:8b"})
