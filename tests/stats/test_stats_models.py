"""Beta-binomial fit and GEE variant sweeps against planted truth."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy.special import expit

from relgap.errors import ConfigError
from relgap.report.sweep_text import describe_sweep
from relgap.stats import fit_beta_binomial, synthetic_trials
from relgap.stats import summarize_dict as summarize
from relgap.stats import variant_sweep as sweep_numbers
from relgap.stats.estimators import pass_curves


def variant_sweep(*args, **kwargs):
    """The sweep as users read it: numbers from stats, sentences worded by the report."""
    return describe_sweep(sweep_numbers(*args, **kwargs))


@pytest.mark.parametrize(("a", "b"), [(0.7, 0.4), (2.0, 3.0)])
def test_beta_binomial_recovers_known_parameters(a: float, b: float):
    rng = np.random.default_rng(1)
    tasks = 20_000
    n = rng.integers(6, 12, tasks)  # uneven trials are fine
    c = rng.binomial(n, rng.beta(a, b, tasks))
    fit = fit_beta_binomial(n, c)
    assert fit.converged and fit.note is None
    assert fit.a == pytest.approx(a, rel=0.1)
    assert fit.b == pytest.approx(b, rel=0.1)
    assert fit.max_observed_k == 11
    # The model curve agrees with the unbiased estimates where both exist.
    at, hat = pass_curves(n, c, 6)
    ks = np.arange(1, 7)
    np.testing.assert_allclose(fit.pass_hat_k(ks), hat.mean(axis=0), atol=0.01)
    np.testing.assert_allclose(fit.pass_at_k(ks), at.mean(axis=0), atol=0.01)


@pytest.mark.parametrize("passes", ["none", "all"])
def test_beta_binomial_degenerate_data_is_reported_not_raised(passes: str):
    n = np.full(50, 5)
    c = np.zeros(50, int) if passes == "none" else n.copy()
    fit = fit_beta_binomial(n, c)
    assert fit.converged is False
    assert "bound" in fit.note
    out = fit.to_dict()
    curve = np.array(list(out["pass_hat_k"].values()))
    assert np.all(np.isfinite(curve)) and np.all(np.diff(curve) <= 1e-12)
    assert curve[0] == pytest.approx(0.0 if passes == "none" else 1.0, abs=1e-3)


def test_beta_binomial_with_one_trial_per_task_or_no_data():
    fit = fit_beta_binomial(np.ones(20, int), np.arange(20) % 2)
    assert not fit.converged and "not identifiable" in fit.note
    empty = fit_beta_binomial(np.zeros(3, int), np.zeros(3, int))
    assert empty.n_tasks == 0 and not empty.converged


def test_summary_beta_binomial_extrapolates_to_100():
    g = summarize(synthetic_trials(200, 4, seed=2), bootstrap=100)["groups"][0]
    bb = g["beta_binomial"]
    assert bb["max_observed_k"] == 4
    assert list(bb["pass_at_k"])[-1] == "100"
    hat = [bb["pass_hat_k"][str(k)] for k in range(1, 101)]
    assert np.all(np.diff(hat) <= 0)


def sweep_frame(effect: float, tasks: int = 150, seed: int = 0) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    base = rng.normal(0.0, 1.5, tasks)
    frames = []
    for i, level in enumerate(["low", "medium", "high"]):
        rates = expit(base + effect * i)
        d = synthetic_trials(
            tasks, 6, variants=(f"effort={level}",), rates=rates, seed=seed + 10 + i
        )
        frames.append(d.assign(reasoning_effort=level, family="fam"))
    return pd.concat(frames, ignore_index=True)


def test_gee_detects_a_planted_effort_effect():
    out = variant_sweep(sweep_frame(effect=0.5))
    assert out["levels"] == ["low", "medium", "high"]
    success = out["success"]["per_level"]
    assert success["p_value"] < 0.001
    assert success["odds_ratio"] > 1.2 and success["or_ci_low"] > 1
    assert out["success"]["sentence"].startswith("Higher reasoning effort raises single-try")
    assert set(out["success"]["contrasts"]) == {"medium", "high"}
    assert out["within_variance"]["sentence"]
    assert [row["level"] for row in out["per_level"]] == ["low", "medium", "high"]


def test_gee_does_not_see_an_effect_that_is_not_there():
    out = variant_sweep(sweep_frame(effect=0.0, seed=4))
    assert out["success"]["per_level"]["p_value"] > 0.05
    assert "not distinguishable from noise" in out["success"]["sentence"]
    assert out["within_variance"]["p_value"] > 0.05


def test_sweep_selection_errors_and_categorical_levels():
    df = sweep_frame(effect=0.3, tasks=40)
    with pytest.raises(ConfigError, match="several"):
        variant_sweep(pd.concat([df, df.assign(family="other")]))
    with pytest.raises(ConfigError, match="unknown reasoning_effort"):
        variant_sweep(df.assign(reasoning_effort=df["reasoning_effort"] + "!"))
    out = variant_sweep(df, by="variant")
    assert out["ordered"] is False
    assert out["success"]["per_level"] is None
    assert "vs" in out["success"]["sentence"]
    ordered = variant_sweep(df, by="variant", order=["effort=low", "effort=medium", "effort=high"])
    assert ordered["ordered"] is True


def test_summarize_adds_sweeps_on_request():
    result = summarize(sweep_frame(effect=0.4, tasks=40), bootstrap=100, sweep="reasoning_effort")
    assert len(result["sweeps"]) == 1
    assert result["sweeps"][0]["family"] == "fam"


def test_sweep_without_variation_explains_instead_of_crashing():
    frames = [
        synthetic_trials(20, 4, variants=(lv,), rates=np.ones(20), seed=i).assign(
            reasoning_effort=lv, family="f"
        )
        for i, lv in enumerate(["low", "high"])
    ]
    out = variant_sweep(pd.concat(frames))
    assert "cannot be estimated" in out["success"]["sentence"]
    assert out["success"]["per_level"]["p_value"] != out["success"]["per_level"]["p_value"]
    assert out["warnings"]


def test_stats_returns_numbers_and_the_report_words_them():
    numbers = sweep_numbers(sweep_frame(effect=0.5))
    assert "sentence" not in repr(numbers)
    worded = describe_sweep(numbers)
    assert list(worded["success"])[:3] == ["model", "per_level", "sentence"]
    assert worded["flaky"]["sentence"] and worded["within_variance"]["sentence"]
    assert numbers["success"]["per_level"] == worded["success"]["per_level"]
