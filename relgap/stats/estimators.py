"""Unbiased per-task estimators of pass@k (capability) and pass^k (reliability).

A task run ``n`` times with ``c`` passes gives, for every ``k <= n``:

* ``pass@k`` – the chance that at least one of ``k`` fresh tries passes,
  estimated without bias by ``1 - C(n-c, k) / C(n, k)`` (Chen et al. 2021,
  "Evaluating Large Language Models Trained on Code", arXiv 2107.03374).
* ``pass^k`` – the chance that all ``k`` fresh tries pass, estimated without bias by
  ``C(c, k) / C(n, k)`` (Yao et al. 2024, "τ-bench", arXiv 2406.12045).

Both are ratios of binomial coefficients ``C(m, k) / C(n, k) = prod_{i<k} (m-i)/(n-i)``;
evaluating them as a product of factors in [0, 1] never overflows and never subtracts two
large numbers, which is the point of the product form used by human-eval.

Averaged over tasks, each is unbiased for the mean over those tasks of ``1 - (1-p)^k``
and ``p^k`` where ``p`` is a task's true success rate. For ``k > n`` no unbiased estimator
exists; the array functions return NaN there and the scalar ones raise ``ValueError``.
"""

from __future__ import annotations

import numpy as np
import numpy.typing as npt

__all__ = [
    "pass_at_k",
    "pass_at_k_array",
    "pass_curves",
    "pass_hat_k",
    "pass_hat_k_array",
]

ArrayLike = npt.ArrayLike


def _check_scalar(n: int, c: int, k: int) -> None:
    if n < 1:
        raise ValueError(f"n must be at least 1, got {n}")
    if not 0 <= c <= n:
        raise ValueError(f"c must be between 0 and n={n}, got {c}")
    if not 1 <= k <= n:
        raise ValueError(f"k must be between 1 and n={n}, got {k}")


def _comb_ratio_scalar(m: int, n: int, k: int) -> float:
    # C(m, k) / C(n, k); zero as soon as a factor (m - i) reaches zero.
    if m < k:
        return 0.0
    i = np.arange(k, dtype=float)
    return float(np.prod((m - i) / (n - i)))


def pass_at_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of pass@k for one task: ``1 - C(n-c, k) / C(n, k)``.

    Chen et al. 2021, "Evaluating Large Language Models Trained on Code",
    arXiv 2107.03374, eq. 1, in its numerically stable product form.

    Args:
        n: valid trials of the task (error trials already left out).
        c: passing trials among them.
        k: tries allowed, ``1 <= k <= n``.

    Returns:
        The probability that at least one of ``k`` trials drawn without replacement from
        the ``n`` passes; unbiased for ``1 - (1 - p)^k``.

    Raises:
        ValueError: for ``n < 1``, ``c`` outside ``[0, n]`` or ``k`` outside ``[1, n]``.
    """
    _check_scalar(n, c, k)
    if k == 1:
        return c / n
    return 1.0 - _comb_ratio_scalar(n - c, n, k)


def pass_hat_k(n: int, c: int, k: int) -> float:
    """Unbiased estimate of pass^k for one task: ``C(c, k) / C(n, k)``.

    Yao et al. 2024, "τ-bench: A Benchmark for Tool-Agent-User Interaction in Real-World
    Domains", arXiv 2406.12045, computed as ``prod_{i<k} (c-i)/(n-i)``.

    Args:
        n: valid trials of the task.
        c: passing trials among them.
        k: consecutive tries that must all pass, ``1 <= k <= n``.

    Returns:
        The probability that ``k`` trials drawn without replacement from the ``n`` all pass;
        unbiased for ``p^k``.

    Raises:
        ValueError: for ``n < 1``, ``c`` outside ``[0, n]`` or ``k`` outside ``[1, n]``.
    """
    _check_scalar(n, c, k)
    return _comb_ratio_scalar(c, n, k)


def _as_counts(n: ArrayLike, c: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    n_arr = np.asarray(n, dtype=float)
    c_arr = np.asarray(c, dtype=float)
    if np.any(c_arr < 0) or np.any(c_arr > n_arr) or np.any(n_arr < 0):
        raise ValueError("counts must satisfy 0 <= c <= n")
    return n_arr, c_arr


def _comb_ratio_array(m: np.ndarray, n: np.ndarray, k: np.ndarray) -> np.ndarray:
    """``C(m, k) / C(n, k)`` elementwise (broadcast), NaN where ``k > n`` or ``k < 1``."""
    m, n, k = np.broadcast_arrays(m, n, k)
    out = np.full(m.shape, np.nan)
    ok = (k >= 1) & (k <= n)
    if not ok.any():
        return out
    k_max = int(k[ok].max())
    i = np.arange(k_max, dtype=float)
    mo, no, ko = m[ok][:, None], n[ok][:, None], k[ok][:, None]
    active = i < ko
    with np.errstate(divide="ignore", invalid="ignore"):
        factors = np.where(active, np.clip(mo - i, 0.0, None) / (no - i), 1.0)
    out[ok] = factors.prod(axis=1)
    return out


def pass_at_k_array(n: ArrayLike, c: ArrayLike, k: ArrayLike) -> np.ndarray:
    """Vectorised :func:`pass_at_k` over arrays of ``n``, ``c`` and ``k`` (broadcast).

    Entries with ``k > n`` (not estimable without bias) or ``n == 0`` are NaN.

    Raises:
        ValueError: if some ``c`` lies outside ``[0, n]``.
    """
    n_arr, c_arr = _as_counts(n, c)
    return 1.0 - _comb_ratio_array(n_arr - c_arr, n_arr, np.asarray(k, dtype=float))


def pass_hat_k_array(n: ArrayLike, c: ArrayLike, k: ArrayLike) -> np.ndarray:
    """Vectorised :func:`pass_hat_k` over arrays of ``n``, ``c`` and ``k`` (broadcast).

    Entries with ``k > n`` (not estimable without bias) or ``n == 0`` are NaN.

    Raises:
        ValueError: if some ``c`` lies outside ``[0, n]``.
    """
    n_arr, c_arr = _as_counts(n, c)
    return _comb_ratio_array(c_arr, n_arr, np.asarray(k, dtype=float))


def pass_curves(n: ArrayLike, c: ArrayLike, k_max: int) -> tuple[np.ndarray, np.ndarray]:
    """pass@k and pass^k of every task for ``k = 1 .. k_max`` in one pass.

    A running product over ``k`` gives all values at the cost of one ``k``: column ``k-1``
    holds ``prod_{i<k} (m-i)/(n-i)``.

    Args:
        n: valid trials per task, shape ``(T,)``.
        c: passes per task, shape ``(T,)``.
        k_max: largest ``k`` wanted.

    Returns:
        ``(pass_at, pass_hat)``, each of shape ``(T, k_max)``; NaN where ``k > n``.
    """
    n_arr, c_arr = _as_counts(n, c)
    n_arr, c_arr = n_arr.reshape(-1, 1), c_arr.reshape(-1, 1)
    i = np.arange(max(int(k_max), 0), dtype=float)
    valid = i < n_arr  # factor i belongs to k = i+1, needs k <= n
    with np.errstate(divide="ignore", invalid="ignore"):
        denom = np.where(valid, n_arr - i, 1.0)
        hat = np.cumprod(np.clip(c_arr - i, 0.0, None) / denom, axis=1)
        miss = np.cumprod(np.clip(n_arr - c_arr - i, 0.0, None) / denom, axis=1)
    at = 1.0 - miss
    if at.shape[1]:
        at[:, 0] = hat[:, 0]  # both are c/n; keeps the k=1 gap exactly zero
    hat[~valid] = np.nan
    at[~valid] = np.nan
    return at, hat
