"""A run cut short is a fair sample: each round plays every task once, in a seeded shuffle."""

from __future__ import annotations

from relgap.run.plan import DEFAULT_VARIANT, plan_trials
from relgap.suite.registry import get_suite


def _rounds(seed: int, trials: int = 3) -> list[list[str]]:
    suite = get_suite("food_order")
    tasks = suite.tasks()
    specs = plan_trials("r", suite, tasks, ["sim/fast"], [DEFAULT_VARIANT], trials, seed)
    return [[s.task.id for s in specs if s.trial == t] for t in range(trials)]


def test_each_round_plays_every_task_once_in_a_seeded_shuffle():
    suite_order = [t.id for t in get_suite("food_order").tasks()]
    rounds = _rounds(seed=0)
    assert all(sorted(r) == sorted(suite_order) for r in rounds)
    assert rounds == _rounds(seed=0)  # reproducible
    assert rounds != _rounds(seed=1)
    assert rounds[0] != suite_order and rounds[0] != rounds[1]


def test_a_run_cut_mid_round_holds_every_tier():
    """The issue's bias: a cut round held only the last, hardest tier of the suite."""
    suite = get_suite("food_order")
    tiers = {t.id: t.tier for t in suite.tasks()}
    for seed in range(5):
        cut = _rounds(seed)[2][:20]
        assert {tiers[t] for t in cut} == set(tiers.values())
