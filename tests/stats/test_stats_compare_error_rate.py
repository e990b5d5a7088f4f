"""The paired comparison's verdict: false-verdict rate under no true change.

Two groups run the same tasks with the same true success rate per task (Beta-distributed
across tasks, 8 trials each); whatever difference shows is noise. The verdict
(``significant``, read by the reasoning sentence) must then fire about 5 % of the time at
10, 30 and 60 tasks. The paired BCa bootstrap interval, which the verdict used to read,
fires far more often at 10 tasks; that contrast is checked too, so the test has teeth.
"""

from __future__ import annotations

import numpy as np
import pytest

from relgap.stats.compare import compare_tasks
from relgap.stats.counts import GroupTasks

N_TRIALS, K = 8, 4


def _group(name: str, c: np.ndarray) -> GroupTasks:
    t = c.size
    ids = np.array([f"t{i:03d}" for i in range(t)], dtype=object)
    n = np.full(t, N_TRIALS, dtype=np.int64)
    zeros = np.zeros(t, dtype=np.int64)
    return GroupTasks(("s", name, "default"), ids, np.ones(t), n, zeros, n, c.astype(np.int64))


def _false_verdicts(tasks: int, reps: int, bootstrap: int, seed: int) -> tuple[float, float]:
    rng = np.random.default_rng(seed)
    t_hits = boot_hits = 0
    for _ in range(reps):
        p = rng.beta(0.8, 0.6, tasks)
        a = _group("a", rng.binomial(N_TRIALS, p))
        b = _group("b", rng.binomial(N_TRIALS, p))
        gap = compare_tasks(a, b, K, bootstrap=bootstrap, seed=int(rng.integers(1 << 30)))["gap"]
        assert gap["test"] == "paired t"
        assert gap["significant"] == (gap["p_value"] < 0.05)
        t_hits += bool(gap["significant"])
        boot_hits += bool(gap["ci_low"] > 0 or gap["ci_high"] < 0)
    return t_hits / reps, boot_hits / reps


@pytest.mark.parametrize(("tasks", "reps"), [(10, 1500), (30, 1200), (60, 1000)])
def test_verdict_false_positive_rate_holds_at_small_task_counts(tasks: int, reps: int) -> None:
    rate, _ = _false_verdicts(tasks, reps, bootstrap=0, seed=tasks)
    # 4-6 % is the brief; the Monte-Carlo SE at these reps is about 0.6 points.
    assert 0.035 <= rate <= 0.065, rate


def test_bootstrap_interval_would_have_over_called_at_ten_tasks() -> None:
    t_rate, boot_rate = _false_verdicts(10, 300, bootstrap=400, seed=99)
    assert boot_rate > t_rate + 0.03, (boot_rate, t_rate)
