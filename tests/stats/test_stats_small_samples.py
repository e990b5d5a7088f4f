"""Few tasks: where interval coverage holds, and the flags every estimate carries below it.

The threshold ``MIN_TASKS_FOR_COVERAGE`` (30) rests on the simulation of
tests/stats/test_stats_truth.py (Beta(0.8, 0.6) difficulty, 8 trials): at 30 tasks the BCa
interval covers every statistic at k = 2, 4, 8 at least ~93 % of the time; at 10 tasks
pass@8 is covered far less often (about 70 %), which is what the ``few_tasks`` flag warns of.
"""

from __future__ import annotations

import numpy as np
from test_stats_truth import _coverage_chunk

from relgap.stats import summarize_dict as summarize
from relgap.stats import synthetic_trials
from relgap.stats.intervals import MIN_TASKS_FOR_COVERAGE

KS = [2, 4, 8]
NAMES = [f"{m}@{k}" for m in ("pass_at", "pass_hat", "gap", "retention") for k in KS]


def _coverage(tasks: int, reps: int, seed: int) -> np.ndarray:
    rng = np.random.default_rng(seed)
    total = np.zeros(len(NAMES))
    for _ in range(reps // 100):
        boot, _ = _coverage_chunk(rng, 100, tasks, KS)
        total += boot
    return total / (reps // 100 * 100)


def test_coverage_holds_from_the_threshold_and_fails_well_below_it() -> None:
    at_threshold = _coverage(MIN_TASKS_FOR_COVERAGE, 800, seed=30)
    assert at_threshold.min() >= 0.925, dict(zip(NAMES, at_threshold.round(3), strict=True))
    few = _coverage(10, 500, seed=10)
    assert few[NAMES.index("pass_at@8")] < 0.85, few[NAMES.index("pass_at@8")]


def test_every_estimate_says_when_it_rests_on_few_tasks_or_has_zero_width() -> None:
    small = summarize(synthetic_trials(10, 4, seed=1), bootstrap=200)["groups"][0]
    large = summarize(synthetic_trials(40, 4, seed=1), bootstrap=200)["groups"][0]
    for metric in ("pass_at_k", "pass_hat_k", "gap", "retention"):
        assert all(e["few_tasks"] for e in small[metric].values())
        assert not any(e["few_tasks"] for e in large[metric].values())
    assert small["variance"]["intervals"]["icc"]["few_tasks"] is True
    perfect = synthetic_trials(40, 4, rates=np.ones(40), seed=2)
    g = summarize(perfect, bootstrap=200)["groups"][0]
    assert g["pass_hat_k"]["4"]["zero_width"] is True
    assert large["pass_hat_k"]["4"]["zero_width"] is False
