"""The exact-answer suite: multi-step problems with one checkable answer each."""

from __future__ import annotations

import random
from collections.abc import Sequence
from functools import cached_property
from pathlib import Path

from relgap.suite.base import Action, Environment, Grade, SimPlay, Suite, Task

from . import grader, sim
from .tools import ExactAnswerEnv

DATA_DIR = Path(__file__).resolve().parent / "data"


class ExactAnswerSuite(Suite):
    """Arithmetic, time-zone, unit-conversion and scheduling problems, 1 to 9 steps long.

    Tiers by number of reasoning steps: 1 = 1-2, 2 = 3-4, 3 = 5-6, 4 = 7-9. A trial passes
    when its final answer is exactly right; its score is the partial credit for the
    intermediate quantities it states (on tasks that ask ``show: steps``).
    """

    name = "exact_answer"
    description = (
        "Checkable multi-step problems (arithmetic, time zones, unit conversions, "
        "scheduling) with one exact answer and an optional calculator; tiers by step count."
    )
    version = "1"
    max_steps = 20

    def __init__(self, data_dir: Path = DATA_DIR) -> None:
        """Read the tasks from ``data_dir/tasks.jsonl`` (when first asked for)."""
        self.data_dir = data_dir

    @cached_property
    def _tasks(self) -> list[Task]:
        with (self.data_dir / "tasks.jsonl").open(encoding="utf-8") as fh:
            return [Task.model_validate_json(line) for line in fh if line.strip()]

    @cached_property
    def policy(self) -> str:
        """The text of ``policy.md``, the agent's system prompt."""
        return (Path(__file__).parent / "policy.md").read_text(encoding="utf-8")

    def tasks(self) -> Sequence[Task]:
        """Every task of ``tasks.jsonl``, in file order."""
        return self._tasks

    def system_prompt(self, task: Task) -> str:
        """The policy, the same for every task."""
        return self.policy

    def environment(self, task: Task) -> Environment:
        """A fresh calculator environment (the only tool; no state to check)."""
        return ExactAnswerEnv()

    def grade(self, task: Task, env: Environment) -> Grade:
        """Grade the agent's replies by their final answer (see ``grader``)."""
        return grader.grade(task, env.replies)

    def reference_script(self, task: Task) -> list[Action]:
        """The worked solution: calculator calls for the steps, then the right answer."""
        return sim.reference_script(task)

    def sim_play(
        self, task: Task, family: str, effort: str | None, rng: random.Random
    ) -> SimPlay | None:
        """A simulated trial from the per-step error model (SIMULATION; see ``sim``)."""
        return sim.play(task, effort, rng)
