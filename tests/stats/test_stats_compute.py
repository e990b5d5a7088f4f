"""The compute curve: slopes per doubling of reasoning tokens, their intervals, and the
metric-choice table; slope intervals checked against a known truth in simulation."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy.special import expit

from relgap.stats.compute import clustered_mean, compute_curve, slope_difference, trial_slopes
from relgap.stats.estimators import pass_hat_k_array

X = np.log2([300.0, 900.0, 2400.0])  # three effort levels, mean reasoning tokens per trial
N_TRIALS, K = 8, 4
REPS = 2000  # simulated sweeps per coverage check: Monte Carlo SE of a coverage ~0.5 pt


def _truth(mu: float, sd: float, beta: float, k: int) -> float:
    """The population slope: OLS of E[p(x)^k] over tasks (logit-normal ease) on X."""
    nodes, weights = np.polynomial.hermite_e.hermegauss(80)
    weights = weights / weights.sum()
    dx = X - X.mean()
    means = [float(weights @ expit(mu + sd * nodes + beta * d) ** k) for d in dx]
    return float(dx @ np.array(means) / (dx @ dx))


def _sample(rng: np.random.Generator, tasks: int, mu: float, sd: float, beta: float):
    ease = rng.normal(mu, sd, size=(tasks, 1))
    p = expit(ease + beta * (X - X.mean()))
    c = rng.binomial(N_TRIALS, p)
    n = np.full_like(c, N_TRIALS)
    return c / N_TRIALS, pass_hat_k_array(n, c, K)


def _coverage(estimates: list[dict], truth: float) -> float:
    hits = [e["ci_low"] <= truth <= e["ci_high"] for e in estimates]
    return sum(hits) / len(hits)


def test_slope_intervals_cover_the_true_slope() -> None:
    """2,000 simulated sweeps of 60 tasks drawn from a population: the 95% intervals of the
    pass@1 and pass^4 slopes per doubling cover the population slope 93-97% of the time."""
    rng = np.random.default_rng(20251126)
    mu, sd, beta = 0.8, 1.3, 0.45
    at, hat = [], []
    for _ in range(REPS):
        p1, pk = _sample(rng, 60, mu, sd, beta)
        at.append(trial_slopes(X, p1))
        hat.append(trial_slopes(X, pk))
    truth_1, truth_k = _truth(mu, sd, beta, 1), _truth(mu, sd, beta, K)
    assert truth_k > truth_1 > 0.05  # a real slope, steeper for pass^k here
    assert 0.93 <= _coverage(at, truth_1) <= 0.97
    assert 0.93 <= _coverage(hat, truth_k) <= 0.97
    assert np.mean([e["estimate"] for e in hat]) == pytest.approx(truth_k, abs=0.005)  # unbiased


def test_difference_of_slopes_between_suites_covers_the_truth() -> None:
    """Two suites (independent tasks, different true slopes): the Welch interval of the
    difference in pass^4 slope covers the true difference 93-97% of the time."""
    rng = np.random.default_rng(7)
    a_params, b_params = (1.0, 1.2, 0.6), (0.3, 1.0, 0.2)
    diffs = []
    for _ in range(REPS):
        _, ka = _sample(rng, 50, *a_params)
        _, kb = _sample(rng, 30, *b_params)
        diffs.append(slope_difference(trial_slopes(X, ka), trial_slopes(X, kb)))
    truth = _truth(*a_params, K) - _truth(*b_params, K)
    assert truth > 0.03
    assert 0.93 <= _coverage(diffs, truth) <= 0.97


def test_slope_is_ols_and_its_se_the_cluster_robust_one() -> None:
    rng = np.random.default_rng(3)
    y = rng.uniform(size=(25, 3))
    fit = trial_slopes(X, y)
    stacked = sm.add_constant(np.tile(X, 25))
    groups = np.repeat(np.arange(25), 3)
    ols = sm.OLS(y.ravel(), stacked).fit(cov_type="cluster", cov_kwds={"groups": groups})
    assert fit["estimate"] == pytest.approx(ols.params[1])
    # statsmodels adds (N - 1) / (N - K) to the clusters' T / (T - 1); ours has only the latter.
    n, p = 75, 2
    assert fit["se"] == pytest.approx(ols.bse[1] / math.sqrt((n - 1) / (n - p)))
    assert fit["n_tasks"] == 25


def test_tasks_missing_a_level_are_left_out() -> None:
    y = np.array([[0.1, 0.5, 0.9], [0.2, np.nan, 0.8], [0.0, 0.5, 1.0]])
    assert trial_slopes(X, y)["n_tasks"] == 2
    assert clustered_mean(np.array([0.5]))["se"] is None


def _frame(
    levels: dict[str, tuple[float, int]], tasks: int = 30, suite: str = "s", counted: bool = True
) -> pd.DataFrame:
    """Trials of one family at several efforts: pass chance and reasoning tokens per level."""
    rng = np.random.default_rng(1)
    rows = []
    for effort, (p, tokens) in levels.items():
        for t in range(tasks):
            for trial in range(K):
                passed = bool(rng.random() < p)
                rows.append({
                    "suite": suite, "model": f"m-{effort}", "variant": "default",
                    "family": "m", "reasoning_effort": effort, "thinking_budget": None,
                    "simulated": True, "task_id": f"t{t}", "tier": 1 + t % 3, "trial": trial,
                    "outcome": "pass" if passed else "fail", "passed": passed,
                    "score": 1.0 if passed else 0.5, "input_tokens": 100,
                    "output_tokens": 50 + tokens, "reasoning_tokens": tokens if counted else 0,
                    "cost_usd": 0.01 * (1 + tokens / 1000),
                })  # fmt: skip
    return pd.DataFrame(rows)


def test_compute_curve_points_fits_and_cost_per_reliable_success() -> None:
    df = _frame({"low": (0.5, 200), "medium": (0.7, 800), "high": (0.9, 3200)})
    df.loc[0, "outcome"] = "error"  # infrastructure errors are left out, and counted
    out = compute_curve(df, K)
    assert [p["setting"] for p in out["points"]] == ["low", "medium", "high"]
    low = out["points"][0]
    assert low["n_error_trials"] == 1 and low["reasoning_tokens"]["estimate"] == 200
    hat = low["pass_hat_k"]
    assert low["cost_per_reliable_success_usd"]["estimate"] == pytest.approx(
        low["cost_per_trial_usd"] / hat["estimate"]
    )
    assert low["partial"]["estimate"] > low["pass_at_1"]["estimate"]  # half credit on fails
    (fit,) = out["fits"]
    assert fit["suite"] == "s" and fit["family"] == "m" and len(fit["levels"]) == 3
    # 0.5 -> 0.9 over two doublings each: about +0.1 pass@1 per doubling.
    assert fit["pass_at_1"]["estimate"] == pytest.approx(0.1, abs=0.03)
    assert fit["pass_at_1"]["ci_low"] < fit["pass_at_1"]["estimate"] < fit["pass_at_1"]["ci_high"]
    # pass^4 - pass@1 slope, paired per task: over the tasks with pass^4 at every level
    # (the task whose error trial left it 3 valid trials at one level is out).
    follows = fit["pass_hat_k_minus_pass_at_1"]
    assert follows["n_tasks"] == fit["pass_hat_k"]["n_tasks"] == 29
    assert follows["estimate"] == pytest.approx(
        fit["pass_hat_k"]["estimate"] - fit["pass_at_1"]["estimate"], abs=0.01
    )
    tiers = out["metric_choice"][0]["tiers"]
    assert [t["tier"] for t in tiers] == [1, 2, 3]


def test_two_suites_give_a_difference_and_no_sweep_gives_no_fit() -> None:
    a = _frame({"low": (0.5, 200), "high": (0.9, 3200)}, suite="exact_answer")
    b = _frame({"low": (0.5, 400), "high": (0.6, 6400)}, suite="food_order")
    out = compute_curve(pd.concat([a, b], ignore_index=True), K)
    (diff,) = out["differences"]
    assert (diff["suite_a"], diff["suite_b"]) == ("exact_answer", "food_order")
    assert diff["pass_hat_k"]["estimate"] > 0
    single = compute_curve(_frame({"high": (0.9, 3200)}), K)
    assert single["fits"] == [] and single["differences"] == []
    same = compute_curve(_frame({"low": (0.5, 0), "high": (0.9, 0)}), K)
    assert "same tokens" in same["fits"][0]["note"]


def test_a_sweep_without_reasoning_counts_is_placed_by_output_tokens() -> None:
    """Some APIs bill thinking as output without counting it apart: x = output tokens."""
    out = compute_curve(_frame({"low": (0.5, 200), "high": (0.9, 3200)}, counted=False), K)
    (fit,) = out["fits"]
    assert fit["x_measure"] == "output"
    assert [lvl["x_tokens"] for lvl in fit["levels"]] == [250, 3250]
    assert fit["pass_at_1"]["estimate"] > 0
