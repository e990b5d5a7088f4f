"""pass@k and pass^k against independent formulas, invariants and edge cases."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relgap.stats import (
    pass_at_k,
    pass_at_k_array,
    pass_curves,
    pass_hat_k,
    pass_hat_k_array,
    variance_decomposition,
)


def human_eval_pass_at_k(n: int, c: int, k: int) -> float:
    """The reference implementation from openai/human-eval (Chen et al. 2021)."""
    if n - c < k:
        return 1.0
    return 1.0 - float(np.prod(1.0 - k / np.arange(n - c + 1, n + 1)))


def random_nck(rng: np.random.Generator, size: int) -> tuple[np.ndarray, ...]:
    n = rng.integers(1, 60, size)
    c = rng.integers(0, n + 1)
    k = rng.integers(1, n + 1)
    return n, c, k


def test_pass_at_k_matches_human_eval_to_1e12():
    rng = np.random.default_rng(0)
    n, c, k = random_nck(rng, 3000)
    mine = pass_at_k_array(n, c, k)
    for i in range(n.size):
        ref = human_eval_pass_at_k(int(n[i]), int(c[i]), int(k[i]))
        assert abs(pass_at_k(int(n[i]), int(c[i]), int(k[i])) - ref) < 1e-12
        assert abs(mine[i] - ref) < 1e-12


def test_pass_hat_k_matches_exact_binomial_ratio():
    rng = np.random.default_rng(1)
    n, c, k = random_nck(rng, 3000)
    mine = pass_hat_k_array(n, c, k)
    for i in range(n.size):
        ni, ci, ki = int(n[i]), int(c[i]), int(k[i])
        ref = math.comb(ci, ki) / math.comb(ni, ki)
        assert abs(pass_hat_k(ni, ci, ki) - ref) < 1e-12
        assert abs(mine[i] - ref) < 1e-12


def test_pass_curves_agree_with_scalar_functions_and_mark_k_beyond_n():
    n = np.array([1, 3, 5, 8, 8])
    c = np.array([1, 0, 2, 8, 5])
    at, hat = pass_curves(n, c, 8)
    for i in range(n.size):
        for k in range(1, 9):
            if k > n[i]:
                assert np.isnan(at[i, k - 1]) and np.isnan(hat[i, k - 1])
            else:
                assert at[i, k - 1] == pytest.approx(pass_at_k(n[i], c[i], k), abs=1e-14)
                assert hat[i, k - 1] == pytest.approx(pass_hat_k(n[i], c[i], k), abs=1e-14)


@settings(max_examples=300, deadline=None)
@given(st.integers(1, 80).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_ordering_and_monotonicity_in_k(nc):
    n, c = nc
    at, hat = pass_curves([n], [c], n)
    at, hat = at[0], hat[0]
    p1 = c / n
    eps = 1e-12
    assert np.all(hat >= -eps)
    assert np.all(hat <= p1 + eps)
    assert np.all(at >= p1 - eps)
    assert np.all(at <= 1 + eps)
    assert np.all(np.diff(at) >= -eps)  # more tries never hurt capability
    assert np.all(np.diff(hat) <= eps)  # more tries never help reliability


@settings(max_examples=200, deadline=None)
@given(st.integers(2, 60).flatmap(lambda n: st.tuples(st.just(n), st.integers(0, n))))
def test_gap_at_two_is_twice_the_within_task_variance(nc):
    n, c = nc
    gap2 = pass_at_k(n, c, 2) - pass_hat_k(n, c, 2)
    within = variance_decomposition([n], [c])["within"]
    assert gap2 == pytest.approx(2 * within, abs=1e-12)


def test_edge_cases():
    assert pass_at_k(5, 0, 3) == 0.0
    assert pass_hat_k(5, 0, 1) == 0.0
    assert pass_at_k(5, 5, 5) == 1.0
    assert pass_hat_k(5, 5, 5) == 1.0
    assert pass_at_k(1, 1, 1) == pass_hat_k(1, 1, 1) == 1.0
    assert pass_at_k(1, 0, 1) == pass_hat_k(1, 0, 1) == 0.0
    # k = n: at least one pass among all n / all n passed.
    assert pass_at_k(6, 1, 6) == 1.0
    assert pass_hat_k(6, 5, 6) == 0.0
    assert pass_at_k(4, 2, 1) == pass_hat_k(4, 2, 1) == 0.5


@pytest.mark.parametrize(("n", "c", "k"), [(3, 1, 4), (3, 4, 1), (0, 0, 1), (3, 1, 0)])
def test_scalar_functions_reject_invalid_counts(n, c, k):
    with pytest.raises(ValueError):
        pass_at_k(n, c, k)
    with pytest.raises(ValueError):
        pass_hat_k(n, c, k)


def test_arrays_give_nan_where_k_exceeds_n_and_reject_bad_counts():
    assert np.isnan(pass_at_k_array([3], [1], [4])[0])
    assert np.isnan(pass_hat_k_array([0], [0], [1])[0])
    with pytest.raises(ValueError):
        pass_hat_k_array([3], [4], [1])


def test_unbiased_estimators_are_exact_for_known_tiny_case():
    # n = 2, c = 1: of the two orderings one passes first; pass@2 = 1, pass^2 = 0.
    assert pass_at_k(2, 1, 2) == 1.0
    assert pass_hat_k(2, 1, 2) == 0.0
    # n = 4, c = 2, k = 2: C(2,2)/C(4,2) = 1/6.
    assert pass_hat_k(4, 2, 2) == pytest.approx(1 / 6)
    assert pass_at_k(4, 2, 2) == pytest.approx(5 / 6)
