"""Scheduling: tasks back to back on working days, weekends skipped."""

from __future__ import annotations

import random
from datetime import date, timedelta

from .problem import Problem, Step

TASKS = [
    "design", "review", "build", "test", "paint", "wiring", "plumbing", "inspection",
    "documentation", "training", "delivery", "cleanup",
]  # fmt: skip


def next_working_day(d: date) -> date:
    """The first weekday after ``d``."""
    d += timedelta(days=1)
    while d.weekday() >= 5:
        d += timedelta(days=1)
    return d


def finish(start: date, days: int) -> date:
    """The working day on which a task of ``days`` working days starting on ``start`` ends."""
    d = start
    for _ in range(days - 1):
        d = next_working_day(d)
    return d


def problem(n: int, rng: random.Random) -> Problem:
    """A scheduling problem of ``n`` tasks back to back, drawn from ``rng``."""
    start = date(2025, rng.randint(1, 12), rng.randint(1, 28))
    while start.weekday() >= 5:
        start += timedelta(days=1)
    names = rng.sample(TASKS, k=n)
    sentences = [
        f"A project starts on {start.strftime('%A')} {start.isoformat()}. Its tasks run one "
        "after another, each starting on the next working day after the previous one ends; "
        "work happens Monday to Friday only and a task of d days occupies d working days "
        "(its start day included)."
    ]
    steps = []
    d = start
    for i, name in enumerate(names):
        days = rng.randint(1, 9)
        sentences.append(
            f"Task {i + 1}, {name}, takes {days} working day{'s' if days > 1 else ''}."
        )
        end = finish(d, days)
        steps.append(Step(f"last day of {name}", end.isoformat()))
        d = next_working_day(end)
    question = f"On which date does the last task, {names[-1]}, end?"
    return Problem("schedule", " ".join(sentences), question, "date", tuple(steps))
