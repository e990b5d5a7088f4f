"""pass^k past the data: the issue's non-Beta example, and Beta data where the models agree.

The example (issue 16): 30 % of tasks always pass, 20 % never, the rest Beta(2, 2); 8
trials a task. True pass^100 is 0.30 (the always-passing share, plus ~1e-30). The plain
Beta-binomial says about 0.1 and claims to have converged; the zero/one-inflated fit gets
close, the fit checks reject the plain model, and ``model_dependent`` warns.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln

from relgap.stats import summarize_dict as summarize
from relgap.stats import synthetic_trials
from relgap.stats.extrapolate import extrapolate, fit_inflated

N, T = 8, 120


def _inflated_tasks(rng: np.random.Generator) -> np.ndarray:
    u = rng.random(T)
    p = np.where(u < 0.3, 1.0, np.where(u < 0.5, 0.0, rng.beta(2, 2, T)))
    return rng.binomial(N, p)


def test_inflated_fit_recovers_pass_100_where_the_plain_fit_does_not() -> None:
    rng = np.random.default_rng(16)
    plain, inflated, lr_reject, dependent = [], [], 0, 0
    for _ in range(12):
        c = _inflated_tasks(rng)
        out = extrapolate(np.full(T, N), c, [100], bootstrap=0)
        plain.append(out["beta_binomial"]["pass_hat_k"]["100"]["estimate"])
        inflated.append(out["inflated"]["pass_hat_k"]["100"]["estimate"])
        lr_reject += out["fit"]["lr_p"] < 0.05
        dependent += out["model_dependent"]
    assert abs(np.mean(inflated) - 0.30) < 0.04, np.mean(inflated)
    assert np.mean(plain) < 0.18  # the plain model's answer is far off
    assert lr_reject >= 8 and dependent >= 11


def test_on_beta_data_the_models_agree_and_the_answer_is_not_flagged() -> None:
    rng = np.random.default_rng(3)
    truth = float(np.exp(betaln(2 + 16, 1) - betaln(2, 1)))
    flagged, errors = 0, []
    for _ in range(10):
        c = rng.binomial(N, rng.beta(2, 1, T))
        out = extrapolate(np.full(T, N), c, [16], bootstrap=0)
        flagged += out["model_dependent"]
        errors.append(out["beta_binomial"]["pass_hat_k"]["16"]["estimate"] - truth)
    assert flagged <= 2
    assert abs(np.mean(errors)) < 0.03


def test_bootstrap_interval_and_the_model_free_bound_in_the_summary() -> None:
    rng = np.random.default_rng(7)
    rates = np.where(rng.random(60) < 0.3, 1.0, rng.beta(2, 2, 60))
    df = synthetic_trials(60, N, rates=rates, seed=8)
    g = summarize(df, bootstrap=40, extrapolate_to=[4, 32, 100])["groups"][0]
    ex = g["extrapolation"]
    assert ex["ks"] == [32, 100]  # k within the data is not extrapolated
    bound = ex["upper_bound"]
    assert bound["k"] == N and bound["estimate"] == g["pass_hat_k"][str(N)]["estimate"]
    for model in ("beta_binomial", "inflated"):
        e = ex[model]["pass_hat_k"]["100"]
        assert e["ci_low"] <= e["estimate"] <= e["ci_high"] <= bound["ci_high"] + 1e-9
    infl = fit_inflated(np.full(60, N), df.groupby("task_id")["passed"].sum().to_numpy())
    assert 0.15 < infl.pi1 < 0.45
