"""`relgap plan` against the gate itself: the power it promises is the power the gate has.

Tasks' success rates follow the plan's Beta(1.2, 0.6); the current run loses, on average,
exactly the drop the plan says it detects with 80 % power, either spread over all tasks
(each keeps the same share of its pass^k) or concentrated (a random share of tasks breaks).
The gate's decision (one-sided paired t on per-task unbiased pass^k, as
``compare_tasks`` + ``regression_verdict``) is vectorised over repetitions; a handful of
repetitions go through the gate's own functions to show the two agree.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from scipy import stats as sps

from relgap.errors import ConfigError
from relgap.gate.checks import regression_verdict
from relgap.gate.plan import (
    DEFAULT_A,
    DEFAULT_B,
    best_split,
    omega2_from_pair,
    plan_gate,
    tasks_needed,
    trials_needed,
)
from relgap.stats.compare import compare_tasks
from relgap.stats.counts import GroupTasks
from relgap.stats.estimators import pass_hat_k_array


def _group(c: np.ndarray, n: int, name: str = "m") -> GroupTasks:
    t = len(c)
    ids = np.array([f"t{i:03d}" for i in range(t)], dtype=object)
    ns = np.full(t, n)
    return GroupTasks(("s", name, "default"), ids, np.ones(t), ns, np.zeros(t, dtype=int), ns, c)


def _runs(shape: str, drop: float, tasks: int, n: int, k: int, reps: int, rng):
    m1 = math.exp(math.lgamma(DEFAULT_A + k) - math.lgamma(DEFAULT_A)
                  + math.lgamma(DEFAULT_A + DEFAULT_B) - math.lgamma(DEFAULT_A + DEFAULT_B + k))  # fmt: skip
    p = rng.beta(DEFAULT_A, DEFAULT_B, (reps, tasks))
    if shape == "spread":
        current = p * (1 - drop / m1) ** (1 / k)
    else:
        current = np.where(rng.random((reps, tasks)) < drop / m1, 0.0, p)
    return rng.binomial(n, current), rng.binomial(n, p)


def _gate_fires(c_cur: np.ndarray, c_base: np.ndarray, n: int, k: int) -> np.ndarray:
    reps, tasks = c_cur.shape
    ns = np.full(c_cur.size, n)
    d = pass_hat_k_array(ns, c_cur.ravel(), k) - pass_hat_k_array(ns, c_base.ravel(), k)
    d = d.reshape(reps, tasks)
    se = d.std(axis=1, ddof=1) / math.sqrt(tasks)
    with np.errstate(invalid="ignore", divide="ignore"):
        t = np.where(se > 0, -d.mean(axis=1) / se, 0.0)
    return t > sps.t.ppf(0.95, tasks - 1)


@pytest.mark.parametrize("shape", ["spread", "concentrated"])
@pytest.mark.parametrize("trials", [8, 26])
def test_promised_power_holds_in_simulation(shape: str, trials: int) -> None:
    tasks, k = 64, 4
    plan = plan_gate(tasks, trials, k, shape=shape)
    rng = np.random.default_rng(trials)
    c_cur, c_base = _runs(shape, plan.mdd, tasks, trials, k, 3000, rng)
    fires = _gate_fires(c_cur, c_base, trials, k)
    assert 0.75 <= fires.mean() <= 0.85, (shape, trials, plan.mdd, fires.mean())
    # The vectorised decision is the gate's own.
    for i in range(5):
        cur, base = _group(c_cur[i], trials), _group(c_base[i], trials)
        entry = compare_tasks(cur, base, k, bootstrap=0)["pass_hat_k"]
        assert regression_verdict(entry, 0.05, 0.0)[0] == fires[i]


def test_old_plan_over_promised_and_the_new_one_says_when_trials_cannot_help() -> None:
    # The case: 64 tasks, k=4, a 0.05 drop. The z-based plan said 26 trials.
    assert trials_needed(64, 4, 0.05) > 26
    assert trials_needed(64, 4, 0.05, shape="concentrated") is None
    given = plan_gate(64, 26, 4, omega2=0.033)
    assert given.floor == pytest.approx(0.057, abs=0.002)
    assert given.floor < given.mdd
    assert trials_needed(64, 4, 0.05, omega2=0.033) is None
    assert tasks_needed(26, 4, 0.05, omega2=0.033) > 64
    # The cheapest split spends fewer trials than the plain design needing 64 tasks.
    t, n = best_split(4, 0.05)
    assert t * n <= 64 * trials_needed(64, 4, 0.05)
    with pytest.raises(ConfigError, match="--shape"):
        plan_gate(64, 8, 4, shape="sideways")


def test_omega2_estimated_from_a_pilot_pair_recovers_the_truth() -> None:
    rng = np.random.default_rng(5)
    tasks, n, k = 400, 16, 2
    p = rng.beta(DEFAULT_A, DEFAULT_B, tasks)
    current = np.where(rng.random(tasks) < 0.2, 0.0, p)  # 20 % of tasks break
    est, used = omega2_from_pair(
        _group(rng.binomial(n, current), n, "a"), _group(rng.binomial(n, p), n, "b"), k
    )
    delta = current**k - p**k
    assert used == tasks
    assert est == pytest.approx(np.var(delta, ddof=1), abs=0.015)
    with pytest.raises(ConfigError, match="needs at least 3 shared tasks"):
        omega2_from_pair(_group(np.array([1, 2]), 3), _group(np.array([1, 2]), 3, "b"), 2)
