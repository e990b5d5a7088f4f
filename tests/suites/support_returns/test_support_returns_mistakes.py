"""The simulated-mistake catalogue: every offered mistake fails its task, every kind occurs,
and the simulated success rate is the one the simulation intends (calibration)."""

from __future__ import annotations

import random
from collections import Counter

from relgap_suites.support_returns.mistakes import MISTAKES
from relgap_suites.support_returns.suite import SupportReturnsSuite

from relgap.simulation.params import SIM_MODELS
from relgap.simulation.policy import make_plan, success_probability
from relgap.suite.base import Action, Mistake, Task
from relgap.suite.checks import with_dialogue_checks


def offered(suite: SupportReturnsSuite, task: Task, seed: int = 0) -> list[tuple[int, Mistake]]:
    script = suite.reference_script(task)
    return [
        (step, m)
        for step, action in enumerate(script)
        if action.tool is not None
        for m in suite.sim_mistakes(task, step, action, random.Random(f"{seed}-{step}"))
    ]


def mutated(script: list[Action], step: int, mistake: Mistake) -> list[Action]:
    rest = [] if mistake.ends else script[step + 1 :]
    return [*script[:step], *mistake.replacement, *rest]


def test_every_offered_mistake_fails_the_task(sr_suite: SupportReturnsSuite, replay) -> None:
    names: Counter[str] = Counter()
    for task in sr_suite.tasks():
        script = sr_suite.reference_script(task)
        tool_steps = [i for i, a in enumerate(script) if a.tool is not None]
        mistakes = offered(sr_suite, task)
        assert {s for s, _ in mistakes} == set(tool_steps), task.id  # every tool step can err
        for step, mistake in mistakes:
            assert mistake.name in MISTAKES, mistake.name
            env, _ = replay(task, mutated(script, step, mistake))
            grade = with_dialogue_checks(sr_suite.grade(task, env), task, env)
            assert not grade.passed, (task.id, step, mistake)
            assert grade.failed_checks and grade.score < 1.0
            names[mistake.name] += 1
    assert set(names) == set(MISTAKES), set(MISTAKES) - set(names)


def test_the_simulated_success_rate_is_calibrated(sr_suite: SupportReturnsSuite) -> None:
    """Over many seeds, sim/fast's plans that contain no mistake occur as often as its
    latent success probability says (every mistake is fatal, so this is its pass rate)."""
    params = SIM_MODELS["sim/fast"]
    seeds = range(40)
    clean = intended = 0.0
    for task in sr_suite.tasks():
        p = success_probability(params, task, sr_suite.name)
        intended += p * len(seeds)
        clean += sum(not make_plan(sr_suite, task, params, s).mistakes for s in seeds)
    trials = len(sr_suite.tasks()) * len(seeds)
    assert abs(clean - intended) / trials < 0.03, (clean / trials, intended / trials)


def test_failures_are_not_dominated_by_one_kind(sr_suite: SupportReturnsSuite) -> None:
    first: Counter[str] = Counter()
    for task in sr_suite.tasks():
        for seed in range(12):
            plan = make_plan(sr_suite, task, SIM_MODELS["sim/fast"], seed)
            if plan.mistakes:
                first[plan.mistakes[0]] += 1
    total = sum(first.values())
    assert total > 200
    assert max(first.values()) / total < 0.3, first.most_common(3)
