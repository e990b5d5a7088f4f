"""The support_returns suite: a shop's support desk (returns, refunds, exchanges, cancellations)."""

from __future__ import annotations

import json
import random
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path
from typing import Any

from relgap.errors import SuiteError
from relgap.suite import Action, Environment, Grade, Mistake, Suite, Task
from relgap.suite.tasks_file import read_tasks

from . import grader, mistakes
from .tools import ReturnsEnv
from .world import DATA_DIR, World, load_world


def _action(raw: dict[str, Any]) -> Action:
    if "say" in raw:
        return Action(None, text=raw["say"])
    return Action(raw["tool"], dict(raw["arguments"]))


class Solution:
    """A task's reference script, its careless script and the trap the careless one falls in."""

    def __init__(self, raw: dict[str, Any]) -> None:
        """Read one line of ``solutions.jsonl``."""
        self.script = [_action(a) for a in raw["script"]]
        self.careless = [_action(a) for a in raw["careless"]]
        self.trap: str | None = raw["trap"]


class SupportReturnsSuite(Suite):
    """Verify the customer, apply the return policy, confirm every change, transfer the rest."""

    name = "support_returns"
    description = (
        "An online shop's support desk: verify identity, then cancel, return, refund or "
        "exchange by the policy (windows by category, refunds to the original payment "
        "method, final sale), confirming every change; hand over what policy forbids."
    )
    version = "1"
    max_steps = 30

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        """Read the world, tasks and solutions from ``data_dir`` (when first asked for)."""
        self.data_dir = data_dir

    @cached_property
    def world(self) -> World:
        """The shop's database, ``db.json``."""
        return load_world(self.data_dir / "db.json")

    @cached_property
    def _tasks(self) -> list[Task]:
        return read_tasks(self.data_dir / "tasks.jsonl")

    @cached_property
    def solutions(self) -> dict[str, Solution]:
        """Each task's solution (``solutions.jsonl``), by task id."""
        path = self.data_dir / "solutions.jsonl"
        with path.open(encoding="utf-8") as fh:
            rows = [json.loads(line) for line in fh if line.strip()]
        return {row["task_id"]: Solution(row) for row in rows}

    @cached_property
    def policy(self) -> str:
        """The text of ``policy.md``."""
        return (Path(__file__).parent / "policy.md").read_text(encoding="utf-8")

    def tasks(self) -> Sequence[Task]:
        """Every task of ``tasks.jsonl``, in file order."""
        return self._tasks

    def solution(self, task: Task) -> Solution:
        """The solution of ``task``; SuiteError if ``solutions.jsonl`` has none."""
        try:
            return self.solutions[task.id]
        except KeyError:
            raise SuiteError(f"support_returns has no solution for task '{task.id}'") from None

    def system_prompt(self, task: Task) -> str:
        """The policy, followed by today's date in the world."""
        return f"{self.policy.rstrip()}\n\n## This session\n\n- Today's date: {self.world.today}\n"

    def environment(self, task: Task) -> Environment:
        """A fresh support console on the (read-only) world for ``task``."""
        return ReturnsEnv(self.world, task)

    def grade(self, task: Task, env: Environment) -> Grade:
        """Grade the changes the trial made (see ``grader``)."""
        return grader.grade(task, env)

    def reference_script(self, task: Task) -> list[Action]:
        """The task's reference script from ``solutions.jsonl``."""
        return list(self.solution(task).script)

    def careless_script(self, task: Task) -> list[Action]:
        """What an agent that does what the user literally asks, unchecked, would do."""
        return list(self.solution(task).careless)

    def check_regeneration(self) -> list[str] | None:
        """Regenerate ``data/`` into a temporary folder; the files that differ, if any."""
        import tempfile

        from .gen.__main__ import write

        with tempfile.TemporaryDirectory() as tmp:
            write(Path(tmp))
            return [
                f"{name} differs from its regeneration"
                for name in ("db.json", "tasks.jsonl", "solutions.jsonl")
                if (Path(tmp) / name).read_bytes() != (self.data_dir / name).read_bytes()
            ]

    def check_ids(self) -> list[str] | None:
        """Orders and customers the tasks name that the world does not hold."""
        problems = []
        for task in self.tasks():
            if task.user_id and self.world.get(task.user_id) is None:
                problems.append(f"{task.id}: {task.user_id}")
            for order_id in (task.expected or {}).get("orders", {}):
                if self.world.order(order_id) is None:
                    problems.append(f"{task.id}: {order_id}")
        return problems

    def sim_mistakes(
        self, task: Task, step: int, action: Action, rng: random.Random
    ) -> list[Mistake]:
        """The catalogue's mistakes for this step (see ``mistakes``)."""
        solution = self.solution(task)
        return mistakes.offer(
            task, self.world, solution.script, solution.careless, solution.trap, step, rng
        )
