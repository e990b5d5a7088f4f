"""Resource and outcome consistency: exact on data, intervals that cover, flags that mean it."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from relgap.stats import StatsSummary, synthetic_trials
from relgap.stats import summarize_dict as summarize
from relgap.stats.consistency import resource_consistency
from relgap.stats.counts import keyed_frame

N = 8


def _trials(rng: np.random.Generator, tasks: int, sigma: float) -> pd.DataFrame:
    rows = []
    for t in range(tasks):
        scale = rng.uniform(0.01, 0.2)  # tasks differ in price; the CV is what repeats share
        for i in range(N):
            rows.append({"suite": "s", "model": "m", "task_id": f"t{t:03d}", "trial": i,
                         "outcome": "pass", "passed": True,
                         "cost_usd": scale * rng.lognormal(0, sigma), "input_tokens": 100 + i,
                         "output_tokens": 50, "steps": 3, "latency_s": 1.0 + 0.1 * i})  # fmt: skip
    return pd.DataFrame(rows)


def test_cvs_match_a_direct_computation_and_constant_resources_give_zero() -> None:
    df = _trials(np.random.default_rng(0), 12, 0.4)
    out = resource_consistency(df, keyed_frame(df), bootstrap=200, seed=0, level=0.95)
    (entry,) = out.values()
    direct = df.groupby("task_id")["cost_usd"].agg(lambda x: x.std(ddof=1) / x.mean())
    assert entry["groups"]["cost"]["estimate"] == pytest.approx(direct.mean(), rel=1e-12)
    assert entry["tasks"]["t003"]["cv_cost"] == pytest.approx(direct["t003"], rel=1e-12)
    assert entry["groups"]["steps"]["estimate"] == 0.0  # every repeat took 3 steps
    assert entry["groups"]["cost"]["n_tasks_used"] == 12


def test_bootstrap_interval_of_the_mean_cv_covers_its_expectation() -> None:
    rng = np.random.default_rng(1)
    sigma, tasks, reps = 0.5, 30, 150
    # E[sample CV] at n = 8 (what the mean over tasks estimates), by brute force.
    draws = rng.lognormal(0, sigma, size=(200_000, N))
    expected = float((draws.std(axis=1, ddof=1) / draws.mean(axis=1)).mean())
    truth = float(np.sqrt(np.exp(sigma**2) - 1))
    assert expected < truth  # the sample CV runs low at 8 repeats: said in the docs
    hits = 0
    for r in range(reps):
        df = _trials(rng, tasks, sigma)
        (entry,) = resource_consistency(df, keyed_frame(df), bootstrap=300, seed=r,
                                        level=0.95).values()  # fmt: skip
        cost = entry["groups"]["cost"]
        hits += cost["ci_low"] <= expected <= cost["ci_high"]
    assert 0.90 <= hits / reps <= 0.99, hits / reps


def test_outcome_consistency_in_the_summary() -> None:
    always = synthetic_trials(20, N, rates=np.r_[np.ones(10), np.zeros(10)], seed=1)
    coin = synthetic_trials(40, N, rates=np.full(40, 0.5), seed=2)
    a = summarize(always, bootstrap=100)["groups"][0]
    c = summarize(coin, bootstrap=100)
    StatsSummary.model_validate(c)
    oc, ag = c["groups"][0]["outcome_consistency"], c["groups"][0]["outcome_agreement"]
    assert a["outcome_consistency"]["estimate"] == 1.0 and a["outcome_agreement"]["estimate"] == 1.0
    # A coin flip agrees on all 8 repeats with probability 2/256: C_out near 0.
    assert oc["estimate"] < 0.1 and oc["ci_low"] <= oc["estimate"] <= oc["ci_high"]
    assert abs(ag["estimate"]) < 0.15 and ag["ci_low"] <= ag["estimate"] <= ag["ci_high"]
    assert "cv_cost" in c["groups"][0]["tasks"][0]
    assert set(c["groups"][0]["resource_consistency"]) == {"cost", "tokens", "steps", "latency"}


def test_c_out_follows_the_published_formula() -> None:
    """C_out per task is clip(1 - s^2/(p(1-p) + 1e-8), 0, 1) with the sample variance, as the
    paper's authors publish it; with pass/fail outcomes, 1 iff every repeat agrees."""
    rng = np.random.default_rng(7)
    rates = rng.uniform(0, 1, 30)
    rates[:6] = [0, 0, 1, 1, 0.97, 0.03]
    df = synthetic_trials(30, 5, rates=rates, seed=3)
    got = summarize(df, bootstrap=50)["groups"][0]["outcome_consistency"]["estimate"]
    per_task = []
    for _, part in df.groupby("task_id"):
        y = part["passed"].to_numpy(float)
        p = y.mean()
        per_task.append(min(1.0, max(0.0, 1 - y.var(ddof=1) / (p * (1 - p) + 1e-8))))
    assert got == pytest.approx(float(np.mean(per_task)), abs=1e-12)
    unanimous = df.groupby("task_id")["passed"].agg(lambda s: s.nunique() == 1).mean()
    assert got == pytest.approx(float(unanimous), abs=1e-6)
    assert 0 < got < 1  # the data hold both kinds of task: the check can fail either way
