"""Monte-Carlo checks against known truth: unbiasedness and interval coverage.

Per-task success rates are drawn from Beta(a, b); each task is run n times. The
estimators are checked for bias against the finite-population truth of each repetition
(mean over its tasks of ``1 - (1-p)^k`` and ``p^k``). The intervals, which treat the tasks
as a sample (resampling tasks), are checked for coverage of the population values
``1 - B(a, b+k)/B(a, b)`` and ``B(a+k, b)/B(a, b)``.

Everything is vectorised over repetitions: one bootstrap weight matrix is applied to all
repetitions of a chunk at once.
"""

from __future__ import annotations

import numpy as np
from scipy.special import betaln

from relgap.stats.estimators import pass_curves
from relgap.stats.intervals import bootstrap_sums, ratio_estimates

A, B = 0.8, 0.6
N_TRIALS = 8


def population_truth(ks: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    at = 1 - np.exp(betaln(A, B + ks) - betaln(A, B))
    hat = np.exp(betaln(A + ks, B) - betaln(A, B))
    return at, hat


def simulate(rng: np.random.Generator, reps: int, tasks: int):
    p = rng.beta(A, B, size=(reps, tasks))
    c = rng.binomial(N_TRIALS, p)
    at, hat = pass_curves(np.full(reps * tasks, N_TRIALS), c.ravel(), N_TRIALS)
    shape = (reps, tasks, N_TRIALS)
    return p, c, at.reshape(shape), hat.reshape(shape)


def test_estimators_are_unbiased_for_the_finite_population_truth():
    rng = np.random.default_rng(20240601)
    reps, tasks = 4000, 50
    p, c, at, hat = simulate(rng, reps, tasks)
    ks = np.arange(1, N_TRIALS + 1)
    true_at = (1 - (1 - p[:, :, None]) ** ks).mean(axis=1)  # reps x k
    true_hat = (p[:, :, None] ** ks).mean(axis=1)
    for est, truth in ((at.mean(axis=1), true_at), (hat.mean(axis=1), true_hat)):
        err = est - truth
        mc_se = err.std(axis=0, ddof=1) / np.sqrt(reps)
        assert np.all(np.abs(err.mean(axis=0)) < 4 * mc_se + 1e-15)
    # The test has power: the plug-in (c/n)^k is visibly biased.
    plug_in = ((c / N_TRIALS)[:, :, None] ** ks).mean(axis=1)
    err = plug_in[:, 3] - true_hat[:, 3]
    assert abs(err.mean()) > 10 * err.std(ddof=1) / np.sqrt(reps)


def _coverage_chunk(rng: np.random.Generator, reps: int, tasks: int, ks: list[int]):
    _, c, at, hat = simulate(rng, reps, tasks)
    idx = [k - 1 for k in ks]
    at, hat = at[:, :, idx], hat[:, :, idx]
    rate = np.repeat((c / N_TRIALS)[:, :, None], len(ks), axis=2)
    ones = np.ones_like(at)
    # Statistics: pass@k, pass^k, gap, retention, for each k.
    u = np.concatenate([at, hat, at - hat, hat], axis=2)
    v = np.concatenate([ones, ones, ones, rate], axis=2)
    s = u.shape[2]
    u = u.transpose(1, 0, 2).reshape(tasks, reps * s)
    v = v.transpose(1, 0, 2).reshape(tasks, reps * s)
    sums = bootstrap_sums(np.hstack([u, v]), 1000, rng)
    used = np.ones_like(u, dtype=bool)
    est = ratio_estimates(u, v, used, sums[:, : reps * s], sums[:, reps * s :])
    true_at, true_hat = population_truth(np.array(ks, dtype=float))
    truth = np.concatenate([true_at, true_hat, true_at - true_hat, true_hat / (A / (A + B))])
    truth = np.tile(truth, reps)
    boot = (est.ci_low <= truth) & (truth <= est.ci_high)
    clt = (est.clt_low <= truth) & (truth <= est.clt_high)
    return boot.reshape(reps, s).sum(axis=0), clt.reshape(reps, s).sum(axis=0)


def test_bootstrap_intervals_cover_the_truth_95_percent():
    rng = np.random.default_rng(7)
    ks = [2, 4, 8]
    chunks, reps, tasks = 4, 500, 60
    boot = np.zeros(4 * len(ks))
    clt = np.zeros(4 * len(ks))
    for _ in range(chunks):
        b, c = _coverage_chunk(rng, reps, tasks, ks)
        boot += b
        clt += c
    boot /= chunks * reps
    clt /= chunks * reps
    # BCa bootstrap (the reported ci_low / ci_high): nominal for every statistic.
    assert np.all((boot >= 0.93) & (boot <= 0.97)), boot
    # Student-t: nominal at k = 2, but it under-covers at large k with 60 tasks (about
    # 0.89 for pass@8, 0.93 for pass^8: per-task values pile up at 0 or 1), which is why
    # the bootstrap interval is the headline one.
    assert 0.93 <= clt[0] <= 0.97, clt  # pass@2
    assert 0.93 <= clt[len(ks)] <= 0.97, clt  # pass^2
    assert clt[len(ks) - 1] < boot[len(ks) - 1], (clt, boot)  # pass@8: BCa does better
