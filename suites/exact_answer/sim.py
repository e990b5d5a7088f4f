"""How the simulated family plays this suite: a per-step error model. SIMULATION.

Each reasoning step goes wrong with a per-step error rate, and an error propagates: every
later quantity, and the final answer, is wrong too. So a chain of ``n`` steps succeeds with
probability ``(1 - e) ** n`` (longer chains fail more often) and the partial score falls
smoothly with the step of the first error. The rate ``e`` is set by the reasoning effort
(``PER_STEP_ERROR``), times a per-task difficulty shared by every model. More effort lowers
``e``; the simulated models also spend more reasoning tokens per call at higher effort
(see relgap.simulation.params). The narrowing of the gap with more reasoning is
therefore built in: these numbers show how relgap measures it, not that it happens.

On steps with a calculator expression the model calls ``calculator`` half of the time
(while it is still on track), and a step done with the calculator errs half as often.
"""

from __future__ import annotations

import hashlib
import math
import random
from datetime import datetime, timedelta
from statistics import NormalDist
from typing import Any

from relgap.suite.base import Action, SimPlay, Task

from .answers import parse

PER_STEP_ERROR: dict[str | None, float] = {None: 0.10, "low": 0.065, "medium": 0.04, "high": 0.022}
TASK_SPREAD = 0.6  # sd of the log per-task difficulty multiplier
CALCULATOR_RATE = 0.5


def task_difficulty(task_id: str) -> float:
    """A per-task multiplier of the error rate, log-normal with mean 1, seeded by the id."""
    digest = hashlib.blake2b(f"exact_answer|{task_id}".encode(), digest_size=8).digest()
    z = NormalDist().inv_cdf((int.from_bytes(digest, "big") + 0.5) / 2**64)
    return math.exp(TASK_SPREAD * z - TASK_SPREAD**2 / 2)


def per_step_error(task: Task, effort: str | None) -> float:
    """The simulated per-step error rate on ``task`` at ``effort`` (at most 0.6)."""
    base = PER_STEP_ERROR.get(effort, PER_STEP_ERROR["medium"])
    return min(0.6, base * task_difficulty(task.id))


def perturb(kind: str, value: str, rng: random.Random) -> str:
    """A plausible wrong value in place of ``value``."""
    sign = rng.choice((-1, 1))
    if kind == "integer":
        return str(int(value) + sign * rng.randint(1, max(1, abs(int(value)) // 8)))
    if kind == "decimal":
        return f"{float(value) * (1 + sign * rng.uniform(0.03, 0.25)):.2f}"
    if kind == "datetime":
        moved = datetime.strptime(value, "%Y-%m-%d %H:%M") + timedelta(
            minutes=sign * rng.choice((30, 60, 60, 120, 24 * 60))
        )
        return moved.strftime("%Y-%m-%d %H:%M")
    moved_day = datetime.strptime(value, "%Y-%m-%d") + timedelta(days=sign * rng.randint(1, 3))
    return moved_day.strftime("%Y-%m-%d")


def reply_text(expected: dict[str, Any], values: list[str]) -> str:
    """A reply like a real model's: the steps when asked, then the answer line."""
    lines = ["Working through the problem:"] if expected.get("show_steps") else []
    if expected.get("show_steps"):
        lines += [f"step {i + 1}: {v}" for i, v in enumerate(values[:-1])]
    final = values[-1]
    if expected["kind"] == "decimal":
        number = parse("decimal", final)
        final = f"{number:.2f}" if isinstance(number, float) else final
    return "\n".join([*lines, f"answer: {final}"])


def play(task: Task, effort: str | None, rng: random.Random) -> SimPlay:
    """One simulated trial of ``task`` at ``effort``: its actions and the mistakes among them."""
    expected = task.expected or {}
    error = per_step_error(task, effort)
    kind = expected["kind"]
    actions: list[Action] = []
    values: list[str] = []
    first_error: int | None = None
    for i, step in enumerate(expected["steps"]):
        calc = first_error is None and step["expr"] and rng.random() < CALCULATOR_RATE
        if calc:
            actions.append(Action("calculator", {"expression": step["expr"]}))
        if first_error is None and rng.random() < (error / 2 if calc else error):
            first_error = i
        values.append(step["value"] if first_error is None else perturb(kind, step["value"], rng))
    actions.append(Action(None, text=reply_text(expected, values)))
    mistakes = () if first_error is None else (f"wrong_step_{first_error + 1}",)
    return SimPlay(tuple(actions), mistakes)


def reference_script(task: Task) -> list[Action]:
    """Every calculation on the calculator, then the right answer with its steps."""
    expected = task.expected or {}
    calls = [
        Action("calculator", {"expression": s["expr"]}) for s in expected["steps"] if s["expr"]
    ]
    values = [s["value"] for s in expected["steps"]]
    return [*calls, Action(None, text=reply_text(expected, values))]
