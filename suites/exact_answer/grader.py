"""Grade a trial by the agent's final answer, and give partial credit for its steps.

The answer is read from the last reply that states one (a reply without an ``answer:``
line, e.g. a closing pleasantry after a user turn, does not erase an earlier answer).
``passed`` is all-or-nothing: the final answer is exactly right. ``score`` is the partial
credit: on tasks that ask ``show: steps``, the share of the task's quantities (each
intermediate one and the final answer) the reply states correctly; elsewhere 1 or 0.
"""

from __future__ import annotations

from typing import Any

from relgap.suite.base import Grade, Task

from .answers import final_answer, same, step_kind, step_values


def answered(replies: list[str]) -> tuple[str, str] | None:
    """The last reply that states an answer, and that answer."""
    for reply in reversed(replies):
        value = final_answer(reply)
        if value is not None:
            return reply, value
    return None


def steps_credit(expected: dict[str, Any], reply: str) -> tuple[int, int]:
    """How many intermediate quantities the reply's ``step`` lines state, of how many.

    A quantity counts when any step line states it, so numbering slips cost nothing;
    each stated line is used for at most one quantity.
    """
    wanted = [s["value"] for s in expected["steps"][:-1]]
    stated = step_values(reply)
    kind = step_kind(expected["kind"])
    hits = 0
    for value in wanted:
        match = next((i for i, s in enumerate(stated) if same(kind, s, value, final=False)), None)
        if match is not None:
            hits += 1
            stated.pop(match)
    return hits, len(wanted)


def grade(task: Task, replies: list[str]) -> Grade:
    """Pass on an exactly right final answer; score the steps stated (see the module doc)."""
    expected = task.expected or {}
    found = answered(replies)
    if found is None:
        return Grade(False, 0.0, ("no_answer",))
    reply, value = found
    correct = same(expected["kind"], value, expected["answer"], final=True)
    failed: tuple[str, ...] = () if correct else ("wrong_answer",)
    if not expected.get("show_steps"):
        return Grade(correct, float(correct), failed, {"answer": value})
    hits, total = steps_credit(expected, reply)
    if hits < total and not correct:  # a passed trial lists no failed check
        failed += ("wrong_steps",)
    score = (hits + int(correct)) / (total + 1)
    return Grade(correct, score, failed, {"answer": value, "steps_right": hits, "steps": total})
