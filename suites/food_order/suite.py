"""The food-order suite: order dinner for a signed-in user of a delivery app, by the rules."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from relgap.errors import SuiteError
from relgap.suite.base import Action, Environment, Grade, Mistake, Suite, Task
from relgap.suite.tasks_file import read_tasks

from . import checks, grader, mistakes, solver, tasks_service
from .intents import Intent
from .tools import FoodOrderEnv
from .world import DATA_DIR, World, load_world


def read_intents(path: Path) -> dict[str, Intent]:
    """The intents of ``intents.jsonl``, by task id."""
    with path.open(encoding="utf-8") as fh:
        intents = [Intent.model_validate_json(line) for line in fh if line.strip()]
    return {i.task_id: i for i in intents}


class FoodOrderSuite(Suite):
    """Tasks from ordering one named dish to multi-turn requests the policy forbids."""

    name = "food_order"
    description = (
        "A food-delivery app: find dishes, respect allergies, sizes, coupons, budgets and "
        "the ordering policy, and place exactly the order the user wants (or none)."
    )
    version = "3"  # 3: look-alikes, hours, zones, order histories and tools; 2: conversations
    max_steps = 40

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        """Read the world, tasks and intents from ``data_dir`` (when first asked for)."""
        self.data_dir = data_dir

    @cached_property
    def world(self) -> World:
        """The world: ``db.json``."""
        return load_world(self.data_dir / "db.json")

    @cached_property
    def _tasks(self) -> list[Task]:
        return read_tasks(self.data_dir / "tasks.jsonl")

    @cached_property
    def intents(self) -> dict[str, Intent]:
        """Every task's intent, by task id."""
        return read_intents(self.data_dir / "intents.jsonl")

    @cached_property
    def policy(self) -> str:
        """The text of ``policy.md``."""
        return (Path(__file__).parent / "policy.md").read_text(encoding="utf-8")

    def tasks(self) -> Sequence[Task]:
        """Every task of ``tasks.jsonl``, in file order."""
        return self._tasks

    def intent(self, task: Task) -> Intent:
        """The intent of ``task``; SuiteError if ``intents.jsonl`` has none."""
        try:
            return self.intents[task.id]
        except KeyError:
            raise SuiteError(f"food_order has no intent for task '{task.id}'") from None

    def system_prompt(self, task: Task) -> str:
        """The policy, followed by the signed-in user's id and today's date."""
        return (
            f"{self.policy.rstrip()}\n\n## This session\n\n"
            f"- Signed-in user id: {task.user_id}\n- Today's date: {self.world.today}\n"
        )

    def environment(self, task: Task) -> Environment:
        """A fresh ordering app on the world, signed in as the task's user."""
        return FoodOrderEnv(self.world, task)

    def grade(self, task: Task, env: Environment) -> Grade:
        """Judge the order the trial ended with against the task's (see ``grader``)."""
        return grader.grade(task, env)

    def reference_script(self, task: Task) -> list[Action]:
        """The solver's script for the task's intent (a service task has its own)."""
        intent = self.intent(task)
        if intent.service is not None:
            return tasks_service.script(intent, self.world)
        return solver.reference_script(intent, self.world)

    def sim_mistakes(
        self, task: Task, step: int, action: Action, rng: random.Random
    ) -> list[Mistake]:
        """The catalogue's mistakes for this step (see ``mistakes``; services their own)."""
        intent = self.intent(task)
        if intent.service is not None:
            return tasks_service.mistakes(intent, self.world, action)
        return mistakes.offer(intent, self.world, action, rng)

    def careless_script(self, task: Task) -> list[Action]:
        """The careless baseline: the first plausible order, placed without reading the policy."""
        return checks.careless_script(task, self.intent(task), self.world)

    def check_regeneration(self) -> list[str] | None:
        """The data files that differ from their regeneration (see ``checks``)."""
        return checks.regeneration_problems(self.data_dir)

    def check_ids(self) -> list[str] | None:
        """Ids the tasks and intents name that the world lacks (see ``checks``)."""
        return checks.missing_ids(self.world, self.tasks(), self.intents)
