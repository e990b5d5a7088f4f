"""pass^k beyond the trials run: a range, two models, their fit, and a warning when they differ.

With ``n`` trials a task, the unbiased estimators stop at ``k = n``. Past it:

* **Model-free range.** pass^k falls with k, so the observed pass^n is an upper bound for
  every ``k > n`` (its interval's upper end for a bound that holds with the interval's
  confidence); the lower bound is 0 (a task at ``p = 0.98`` cannot be told from one at
  ``p = 1`` with 8 trials, and pass^100 is ``0.13`` for the first and ``1`` for the
  second). Nothing between the two is identified without a model.
* **Beta-binomial** (:mod:`relgap.stats.betabinom`): ``p ~ Beta(a, b)``.
* **Zero/one-inflated Beta-binomial**: a share ``pi0`` of tasks never passes, a share
  ``pi1`` always passes, the rest are Beta(a, b); ``pass^k = pi1 + (1 - pi0 - pi1) B(a + k,
  b) / B(a, b)``. It tends to ``pi1`` as k grows, where the plain model tends to 0.
* **Fit checks**: a likelihood-ratio test of the inflated model against the plain one
  (chi-square with 2 df; conservative, as the null sits on the boundary) and a Pearson
  goodness-of-fit test of each model on the tasks with the most common ``n`` (counts of
  ``c = 0..n`` against the model's; bins merged to expected counts of at least 5).
* **Bootstrap intervals** over tasks for both models' pass^k (each resample refitted).

``model_dependent`` is set when the two models' pass^k differ by more than 0.05 or their
intervals do not overlap: the number then says more about the model than about the agent.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, cast

import numpy as np
from scipy import optimize
from scipy import stats as sps
from scipy.special import betaln, gammaln

from relgap.stats.betabinom import BetaBinomialFit, fit_beta_binomial

__all__ = ["InflatedFit", "extrapolate", "fit_inflated"]

_GAP = 0.05  # models differing by more than this make the answer model-dependent


def _bb_logpmf(n: np.ndarray, c: np.ndarray, a: float, b: float) -> np.ndarray:
    comb = gammaln(n + 1) - gammaln(c + 1) - gammaln(n - c + 1)
    return cast(np.ndarray, comb + betaln(c + a, n - c + b) - betaln(a, b))


class InflatedFit:
    """Zero/one-inflated Beta-binomial, fitted by maximum likelihood on ``(n, c, weight)``."""

    def __init__(self, pi0: float, pi1: float, a: float, b: float, loglik: float) -> None:
        """Keep the fitted parameters: zero and one masses, Beta(a, b), log-likelihood."""
        self.pi0, self.pi1, self.a, self.b, self.loglik = pi0, pi1, a, b, loglik

    def pass_hat_k(self, k: np.ndarray) -> np.ndarray:
        """Model pass^k: the one mass plus the Beta part's ``B(a + k, b) / B(a, b)``."""
        beta = np.exp(betaln(self.a + k, self.b) - betaln(self.a, self.b))
        return cast(np.ndarray, self.pi1 + (1 - self.pi0 - self.pi1) * beta)

    def pmf(self, n: int) -> np.ndarray:
        """Probability of ``c = 0..n`` passes in ``n`` trials of a task."""
        c = np.arange(n + 1, dtype=float)
        beta = np.exp(_bb_logpmf(np.full(n + 1, n), c, self.a, self.b))
        p = cast(np.ndarray, (1 - self.pi0 - self.pi1) * beta)
        p[0] += self.pi0
        p[n] += self.pi1
        return p

    def to_dict(self) -> dict[str, float]:
        """The parameters as JSON."""
        return {"pi0": self.pi0, "pi1": self.pi1, "a": self.a, "b": self.b,
                "loglik": self.loglik}  # fmt: skip


def _unpack(theta: np.ndarray) -> tuple[float, float, float, float]:
    # Shares through a softmax over (beta part, zero, one); a and b on the log scale.
    z = np.array([0.0, theta[0], theta[1]])
    w = np.exp(z - z.max())
    w /= w.sum()
    return float(w[1]), float(w[2]), float(np.exp(theta[2])), float(np.exp(theta[3]))


def fit_inflated(n: np.ndarray, c: np.ndarray, plain: BetaBinomialFit | None = None) -> InflatedFit:
    """Maximum-likelihood zero/one-inflated Beta-binomial on per-task ``(n, c)``.

    ``plain`` (the Beta-binomial fit of the same data) gives the starting point. The
    likelihood runs over distinct ``(n, c)`` pairs with their counts as weights.
    """
    pairs, counts = np.unique(np.column_stack([n, c]).astype(float), axis=0, return_counts=True)
    n, c, w = pairs[:, 0], pairs[:, 1], counts.astype(float)
    zero, one = (c == 0), (c == n)
    plain = plain or fit_beta_binomial(n.astype(int), c.astype(int))
    a0 = plain.a if np.isfinite(plain.a) else 1.0
    b0 = plain.b if np.isfinite(plain.b) else 1.0
    s0 = np.clip([np.average(zero, weights=w), np.average(one, weights=w)], 0.02, 0.45)
    start = np.array([np.log(s0[0] / (1 - s0.sum())), np.log(s0[1] / (1 - s0.sum())),
                      np.log(a0), np.log(b0)])  # fmt: skip
    comb = gammaln(n + 1) - gammaln(c + 1) - gammaln(n - c + 1)

    def nll(theta: np.ndarray) -> float:
        pi0, pi1, a, b = _unpack(theta)
        bb = np.exp(comb + betaln(c + a, n - c + b) - betaln(a, b))
        like = (1 - pi0 - pi1) * bb + pi0 * zero + pi1 * one
        return float(-np.sum(w * np.log(np.maximum(like, 1e-300))))

    bounds = [(-12, 12), (-12, 12), (np.log(1e-3), np.log(1e4)), (np.log(1e-3), np.log(1e4))]
    res = optimize.minimize(nll, np.clip(start, -11, 9), method="L-BFGS-B", bounds=bounds)
    return InflatedFit(*_unpack(res.x), loglik=-float(res.fun))


def _pearson(observed: np.ndarray, expected: np.ndarray, params: int) -> float:
    """Pearson goodness-of-fit p-value, neighbouring bins merged to expected >= 5."""
    obs_bins, exp_bins, o, e = [], [], 0.0, 0.0
    for ob, ex in zip(observed, expected, strict=True):
        o, e = o + ob, e + ex
        if e >= 5:
            obs_bins.append(o)
            exp_bins.append(e)
            o = e = 0.0
    if e > 0 and exp_bins:
        obs_bins[-1] += o
        exp_bins[-1] += e
    df = len(exp_bins) - 1 - params
    if df < 1:
        return float("nan")
    ob_arr, ex_arr = np.array(obs_bins), np.array(exp_bins)
    return float(sps.chi2.sf(np.sum((ob_arr - ex_arr) ** 2 / ex_arr), df))


def _fits(n: np.ndarray, c: np.ndarray, ks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    plain = fit_beta_binomial(n, c)
    return plain.pass_hat_k(ks), fit_inflated(n, c, plain).pass_hat_k(ks)


def extrapolate(
    n: np.ndarray,
    c: np.ndarray,
    ks: Sequence[int],
    *,
    bootstrap: int = 200,
    rng: np.random.Generator | None = None,
    level: float = 0.95,
    observed: dict[str, Any] | None = None,
) -> dict[str, Any]:
    """pass^k for ``ks`` past the data: model-free range, both models, fit checks.

    Args:
        n: valid trials per task (tasks with ``n == 0`` are ignored).
        c: passing trials per task.
        ks: the k to report (e.g. 16, 32, 100); those within the data are dropped.
        bootstrap: resamples of tasks for the models' intervals (each refits both).
        rng: random generator of the bootstrap.
        level: confidence level.
        observed: the summary entry of pass^k at the largest k every task supports
            (``estimate``, ``ci_high``, ``n_tasks_used``, and ``k``), the model-free bound.
    """
    k_from = int(observed["k"]) if observed is not None else 0
    ks = sorted({int(k) for k in ks if int(k) > k_from})
    n, c = np.asarray(n, dtype=np.int64), np.asarray(c, dtype=np.int64)
    keep = n > 0
    n, c = n[keep], c[keep]
    karr = np.asarray(ks, dtype=float)
    plain = fit_beta_binomial(n, c)
    infl = fit_inflated(n, c, plain)
    out: dict[str, Any] = {"ks": ks, "n_tasks": int(n.size)}
    if observed is not None:
        out["upper_bound"] = observed
    p_hat, i_hat = plain.pass_hat_k(karr), infl.pass_hat_k(karr)
    lo_p, hi_p, lo_i, hi_i = _bootstrap(n, c, karr, bootstrap, rng, level)
    out["beta_binomial"] = _curve(ks, p_hat, lo_p, hi_p) | {"a": plain.a, "b": plain.b}
    out["inflated"] = _curve(ks, i_hat, lo_i, hi_i) | infl.to_dict()
    out["fit"] = _fit_checks(n, c, plain, infl)
    apart = np.abs(p_hat - i_hat) > _GAP
    disjoint = (hi_p < lo_i) | (hi_i < lo_p)
    out["model_dependent"] = bool(np.any(apart | disjoint))
    return out


def _curve(ks: list[int], est: np.ndarray, lo: np.ndarray, hi: np.ndarray) -> dict[str, Any]:
    return {"pass_hat_k": {str(k): {"estimate": float(e), "ci_low": float(a), "ci_high": float(b)}
                           for k, e, a, b in zip(ks, est, lo, hi, strict=True)}}  # fmt: skip


def _bootstrap(
    n: np.ndarray, c: np.ndarray, ks: np.ndarray, reps: int, rng: Any, level: float
) -> tuple[np.ndarray, ...]:
    nan = np.full(ks.size, np.nan)
    if reps <= 0 or n.size < 2:
        return nan, nan.copy(), nan.copy(), nan.copy()
    rng = rng if rng is not None else np.random.default_rng(0)
    plain, infl = np.empty((reps, ks.size)), np.empty((reps, ks.size))
    for r in range(reps):
        idx = rng.integers(0, n.size, n.size)
        plain[r], infl[r] = _fits(n[idx], c[idx], ks)
    q = [(1 - level) / 2, (1 + level) / 2]
    (lp, hp), (li, hi) = np.nanquantile(plain, q, axis=0), np.nanquantile(infl, q, axis=0)
    return lp, hp, li, hi


def _fit_checks(
    n: np.ndarray, c: np.ndarray, plain: BetaBinomialFit, infl: InflatedFit
) -> dict[str, Any]:
    values, counts = np.unique(n, return_counts=True)
    common = int(values[np.argmax(counts)])
    sel = c[n == common]
    observed = np.bincount(sel, minlength=common + 1).astype(float)
    bb = np.exp(_bb_logpmf(np.full(common + 1, common), np.arange(common + 1.0), plain.a, plain.b))
    lr = max(0.0, 2 * (infl.loglik - plain.loglik))
    return {
        "n": common,
        "tasks": int(sel.size),
        "gof_p_beta_binomial": _pearson(observed, bb * sel.size, 2),
        "gof_p_inflated": _pearson(observed, infl.pmf(common) * sel.size, 4),
        "lr_stat": lr,
        "lr_p": float(sps.chi2.sf(lr, 2)),
    }
