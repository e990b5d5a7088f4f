"""Every simulated mistake the suite offers makes the trial fail.

The simulated models rely on this: a trial's success probability is exactly the intended one
only if each offered mistake is fatal. A mistake replaces one step of the reference script and
the rest of the script runs unchanged, as in ``relgap.simulation.policy``.
"""

from __future__ import annotations

import random
from collections import Counter

from relgap_suites.food_order.mistakes import MISTAKES
from relgap_suites.food_order.suite import FoodOrderSuite

from relgap.suite.base import Action, Mistake, Task
from relgap.suite.checks import with_dialogue_checks


def offered(suite: FoodOrderSuite, task: Task, seed: int = 0) -> list[tuple[int, Mistake]]:
    script = suite.reference_script(task)
    return [
        (step, m)
        for step, action in enumerate(script)
        for m in suite.sim_mistakes(task, step, action, random.Random(f"{seed}-{step}"))
    ]


def mutated(script: list[Action], step: int, mistake: Mistake) -> list[Action]:
    rest = [] if mistake.ends else script[step + 1 :]
    return [*script[:step], *mistake.replacement, *rest]


def test_every_offered_mistake_fails_the_task(fo_suite: FoodOrderSuite, replay) -> None:
    names: Counter[str] = Counter()
    for task in fo_suite.tasks():
        script = fo_suite.reference_script(task)
        mistakes = offered(fo_suite, task)
        assert mistakes, f"{task.id} offers no mistake"
        for step, mistake in mistakes:
            assert mistake.name in MISTAKES, mistake.name
            env, _ = replay(task, mutated(script, step, mistake))
            grade = with_dialogue_checks(fo_suite.grade(task, env), task, env)
            assert not grade.passed, (task.id, step, mistake)
            assert grade.failed_checks and grade.score < 1.0
            names[mistake.name] += 1
    assert set(names) == set(MISTAKES), set(MISTAKES) - set(names)


def test_two_mistakes_in_one_trial_never_cancel_out(fo_suite: FoodOrderSuite, replay) -> None:
    for task in fo_suite.tasks():
        if task.expected is None:
            continue
        script = fo_suite.reference_script(task)
        adds = [
            (s, m) for s, m in offered(fo_suite, task, seed=1) if script[s].tool == "add_to_cart"
        ]
        for i, (s1, m1) in enumerate(adds):
            for s2, m2 in adds[i + 1 :]:
                if s1 == s2:
                    continue
                first, second = sorted([(s1, m1), (s2, m2)], key=lambda p: -p[0])
                actions = mutated(mutated(script, first[0], first[1]), second[0], second[1])
                env, _ = replay(task, actions)
                assert not fo_suite.grade(task, env).passed, (task.id, m1.name, m2.name)


def test_declined_tasks_can_go_wrong_at_every_tool_step(fo_suite: FoodOrderSuite) -> None:
    for task in fo_suite.tasks():
        if task.expected is not None:
            continue
        script = fo_suite.reference_script(task)
        for step, action in enumerate(script):
            mistakes = fo_suite.sim_mistakes(task, step, action, random.Random(0))
            assert bool(mistakes) == (action.tool is not None), (task.id, step)


def test_mistakes_are_reproducible_for_a_seed(fo_suite: FoodOrderSuite) -> None:
    for task in fo_suite.tasks()[:30]:
        assert offered(fo_suite, task, seed=5) == offered(fo_suite, task, seed=5)


def test_traps_reach_the_tasks_they_were_written_for(fo_suite: FoodOrderSuite) -> None:
    by_tag: dict[str, set[str]] = {}
    for task in fo_suite.tasks():
        names = {m.name for _, m in offered(fo_suite, task)}
        for tag in task.tags:
            by_tag.setdefault(tag, set()).update(names)
    assert "allergen_item" in by_tag["allergy"]
    assert "unapproved_substitution" in by_tag["out_of_stock"]
    assert (
        "guessed_instead_of_asking" in by_tag["size"]
        and "guessed_instead_of_asking" in by_tag["address"]
    )
    assert {"over_budget", "budget_ignored_fees"} <= by_tag["budget"]
    assert {"tip_rounding", "tip_wrong_base"} <= by_tag["tip_percent"]
    assert "worse_coupon" in by_tag["coupon"] and "ignored_condition" in by_tag["condition"]
    assert "placed_forbidden_order" in by_tag["decline"]


def test_failures_are_not_dominated_by_one_kind(fo_suite: FoodOrderSuite) -> None:
    """Over many seeded trials of sim/fast, no mistake kind makes more than a quarter of the
    failures, and the dialogue kinds all occur (before conversations, about two thirds were
    gave_up_early)."""
    from relgap.simulation.params import SIM_MODELS
    from relgap.simulation.policy import make_plan

    first: Counter[str] = Counter()
    for task in fo_suite.tasks():
        for seed in range(12):
            plan = make_plan(fo_suite, task, SIM_MODELS["sim/fast"], seed)
            if plan.mistakes:
                first[plan.mistakes[0]] += 1
    total = sum(first.values())
    assert total > 200
    assert max(first.values()) / total < 0.25, first.most_common(3)
    dialogue = {"asked_again", "ended_too_soon", "needless_transfer", "invented_coupon",
                "ignored_tool_error", "forgot_user_answer"}  # fmt: skip
    assert dialogue <= set(first), dialogue - set(first)
