"""A Beta-binomial model of per-task success rates, for pass@k and pass^k at any k.

The unbiased estimators stop at ``k = n``. To say something about ``k = 32`` from 8 trials
per task one needs a model: per-task success rates ``p ~ Beta(a, b)``, and given ``p``
the ``n`` trials of a task are binomial. Then

* ``pass^k = E[p^k] = B(a + k, b) / B(a, b)``
* ``pass@k = 1 - E[(1-p)^k] = 1 - B(a, b + k) / B(a, b)``

(``B`` the Beta function). ``a`` and ``b`` are fitted by maximum likelihood on the per-task
``(n, c)``; the likelihood of a task is ``C(n, c) B(c + a, n - c + b) / B(a, b)``. The mean
rate is ``a / (a + b)`` and the intra-class correlation ``1 / (a + b + 1)``.

Values for ``k`` beyond the largest observed ``n`` are extrapolation: they rest on the
Beta shape holding in the tails, which the data cannot check.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import cast

import numpy as np
import numpy.typing as npt
from scipy import optimize
from scipy.special import betaln, digamma, gammaln

__all__ = ["BetaBinomialFit", "fit_beta_binomial"]

_LOG_MIN, _LOG_MAX = np.log(1e-3), np.log(1e5)  # bounds on log a and log b


@dataclass(frozen=True)
class BetaBinomialFit:
    """Maximum-likelihood Beta(a, b) for per-task success rates.

    Attributes:
        a, b: the fitted parameters (NaN when nothing could be fitted).
        converged: the optimiser reported success and neither parameter sits at a bound.
        loglik: the maximised log-likelihood.
        max_observed_k: the largest number of valid trials of any task; curve values for
            larger ``k`` are extrapolation.
        n_tasks: tasks that entered the fit (those with at least one valid trial).
        note: why the fit is degenerate, when it is.
    """

    a: float
    b: float
    converged: bool
    loglik: float
    max_observed_k: int
    n_tasks: int
    note: str | None = field(default=None)

    @property
    def mean(self) -> float:
        """Mean success rate ``a / (a + b)``."""
        return self.a / (self.a + self.b)

    @property
    def icc(self) -> float:
        """Intra-class correlation of trials of one task, ``1 / (a + b + 1)``."""
        return 1.0 / (self.a + self.b + 1.0)

    def pass_hat_k(self, k: npt.ArrayLike) -> np.ndarray:
        """Model pass^k ``= B(a + k, b) / B(a, b)``."""
        k = np.asarray(k, dtype=float)
        return cast(np.ndarray, np.exp(betaln(self.a + k, self.b) - betaln(self.a, self.b)))

    def pass_at_k(self, k: npt.ArrayLike) -> np.ndarray:
        """Model pass@k ``= 1 - B(a, b + k) / B(a, b)``."""
        k = np.asarray(k, dtype=float)
        return cast(np.ndarray, 1.0 - np.exp(betaln(self.a, self.b + k) - betaln(self.a, self.b)))

    def to_dict(self, k_max: int = 100) -> dict[str, object]:
        """The fit and both curves for ``k = 1 .. k_max`` (keys are ``k`` as strings)."""
        ks = np.arange(1, k_max + 1)
        hat = self.pass_hat_k(ks)
        at = self.pass_at_k(ks)
        return {
            "a": self.a,
            "b": self.b,
            "mean": self.mean,
            "icc": self.icc,
            "converged": self.converged,
            "loglik": self.loglik,
            "n_tasks": self.n_tasks,
            "max_observed_k": self.max_observed_k,
            "pass_hat_k": {str(k): float(v) for k, v in zip(ks, hat, strict=True)},
            "pass_at_k": {str(k): float(v) for k, v in zip(ks, at, strict=True)},
            "note": self.note,
        }


def _negloglik(
    theta: np.ndarray, n: np.ndarray, c: np.ndarray, w: np.ndarray
) -> tuple[float, np.ndarray]:
    a, b = np.exp(theta)
    ll = betaln(c + a, n - c + b) - betaln(a, b)
    common = digamma(a + b) - digamma(n + a + b)
    grad_a = digamma(c + a) - digamma(a) + common
    grad_b = digamma(n - c + b) - digamma(b) + common
    value = -np.sum(w * ll)
    grad = -np.array([np.sum(w * grad_a) * a, np.sum(w * grad_b) * b])
    return value, grad


def _moment_start(n: np.ndarray, c: np.ndarray, w: np.ndarray) -> np.ndarray:
    mean = np.clip(np.sum(w * c) / np.sum(w * n), 0.02, 0.98)
    two = n >= 2
    if np.any(two):
        within = np.sum((w * c * (n - c) / np.maximum(n * (n - 1), 1))[two]) / np.sum(w[two])
        rho = np.clip(1 - within / (mean * (1 - mean)), 0.02, 0.98)
    else:
        rho = 0.5
    total = 1 / rho - 1
    return np.log([mean * total, (1 - mean) * total])


def fit_beta_binomial(n: npt.ArrayLike, c: npt.ArrayLike) -> BetaBinomialFit:
    """Fit Beta(a, b) to per-task ``(n, c)`` by maximum likelihood.

    The likelihood is maximised over ``(log a, log b)`` with L-BFGS-B and its analytic
    gradient, on counts aggregated by distinct ``(n, c)`` (so 10,000 tasks cost no more
    than 50). Both parameters are bounded to ``[1e-3, 1e5]``.

    Degenerate data do not raise: if every trial passed (or failed) the likelihood keeps
    growing towards the boundary, the fit stops there, ``converged`` is False and
    ``note`` says why. A fit at the upper bound means the tasks show no more spread than
    binomial noise (all tasks alike).

    Args:
        n: valid trials per task (tasks with ``n == 0`` are ignored).
        c: passes per task.
    """
    n = np.asarray(n, dtype=np.int64)
    c = np.asarray(c, dtype=np.int64)
    keep = n > 0
    n, c = n[keep], c[keep]
    if n.size == 0:
        return BetaBinomialFit(np.nan, np.nan, False, np.nan, 0, 0, "no valid trials")
    pairs, weights = np.unique(np.column_stack([n, c]), axis=0, return_counts=True)
    nu, cu, wu = pairs[:, 0].astype(float), pairs[:, 1].astype(float), weights.astype(float)
    max_k = int(n.max())
    res = optimize.minimize(
        _negloglik,
        _moment_start(nu, cu, wu),
        args=(nu, cu, wu),
        jac=True,
        method="L-BFGS-B",
        bounds=[(_LOG_MIN, _LOG_MAX)] * 2,
    )
    a, b = (float(x) for x in np.exp(res.x))
    const = np.sum(wu * (gammaln(nu + 1) - gammaln(cu + 1) - gammaln(nu - cu + 1)))
    loglik = float(-res.fun + const)
    at_lower = bool(np.any(res.x <= _LOG_MIN + 1e-6))
    at_upper = bool(np.any(res.x >= _LOG_MAX - 1e-6))
    note = _degenerate_note(n, c, max_k, at_lower, at_upper)
    converged = bool(res.success) and not (at_lower or at_upper) and max_k >= 2
    if not res.success and note is None:
        note = f"optimiser stopped: {res.message}"
    return BetaBinomialFit(a, b, converged, loglik, max_k, int(n.size), note)


def _degenerate_note(
    n: np.ndarray, c: np.ndarray, max_k: int, at_lower: bool, at_upper: bool
) -> str | None:
    if max_k < 2:
        return "every task has one valid trial: the spread of rates is not identifiable"
    if np.all(c == 0):
        return "every trial failed: the fit sits at its bound (a -> 0)"
    if np.all(c == n):
        return "every trial passed: the fit sits at its bound (b -> 0)"
    if at_upper:
        return "tasks vary no more than binomial noise: the fit sits at its upper bound"
    if at_lower:
        return "a parameter sits at its lower bound (rates pile up at 0 or 1)"
    return None
