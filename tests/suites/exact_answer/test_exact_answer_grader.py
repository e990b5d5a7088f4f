"""Exact grading with normalisation, partial credit for shown steps, the calculator."""

from __future__ import annotations

import pytest
from relgap_suites.exact_answer.answers import final_answer, same, step_values
from relgap_suites.exact_answer.grader import grade
from relgap_suites.exact_answer.suite import ExactAnswerSuite
from relgap_suites.exact_answer.tools import calculate

from relgap.messages import ToolCall
from relgap.suite.base import Task, ToolError


@pytest.mark.parametrize(
    ("kind", "given", "expected", "final", "ok"),
    [
        ("integer", "1,234 boxes", "1234", True, True),
        ("integer", "1233", "1234", True, False),
        ("integer", "116 + 11 = 127", "127", False, True),  # the working, then the value
        ("integer", "pencils after operation 1: 127", "127", False, True),
        ("decimal", "12.35 cm.", "12.35", True, True),
        ("decimal", "12.3", "12.35", True, False),
        ("decimal", "99518.5", "99518.51", False, True),  # an intermediate, rounded
        ("decimal", "99000", "99518.51", False, False),
        ("datetime", "2025-03-09T07:55", "2025-03-09 07:55", True, True),
        ("datetime", "`2025-03-09 7:55` local time", "2025-03-09 07:55", True, True),
        ("datetime", "2025-03-09 08:55", "2025-03-09 07:55", True, False),
        ("date", "**2025-10-21**", "2025-10-21", True, True),
        ("date", "October 21, 2025", "2025-10-21", True, False),
    ],
)
def test_normalised_comparison(kind: str, given: str, expected: str, final: bool, ok: bool) -> None:
    assert same(kind, given, expected, final=final) is ok


def test_answer_and_step_lines_are_read_from_markdown() -> None:
    text = "Let me work it out.\n\n**Step 1:** 127\n- step 2: 73\n\n**Answer:** 170 pencils"
    assert final_answer(text) == "170 pencils"
    assert step_values(text) == ["127", "73"]
    assert final_answer("I think it's about 170.") is None


def _task(ea_suite: ExactAnswerSuite, show: bool, steps: int = 4) -> Task:
    return next(
        t
        for t in ea_suite.tasks()
        if t.expected["show_steps"] is show and len(t.expected["steps"]) == steps
    )


def test_a_correct_agent_that_talks_like_a_model_passes(ea_suite: ExactAnswerSuite) -> None:
    task = _task(ea_suite, show=True)
    values = [s["value"] for s in task.expected["steps"]]
    reply = (
        "Sure! Working through it one step at a time.\n\n"
        + "\n".join(f"**Step {i + 1}:** {v}" for i, v in enumerate(values[:-1]))
        + f"\n\nSo the result is {values[-1]}.\n\n**Answer:** {values[-1]}"
    )
    g = grade(task, [reply, "Let me know if you need anything else!"])
    assert g.passed and g.score == 1.0 and g.failed_checks == ()


def test_an_agent_that_only_talks_fails(ea_suite: ExactAnswerSuite) -> None:
    task = _task(ea_suite, show=False)
    for replies in ([], ["Happy to help! This is a multi-step problem; let me think."]):
        g = grade(task, replies)
        assert not g.passed and g.score == 0.0 and g.failed_checks == ("no_answer",)


def test_partial_credit_counts_the_quantities_stated(ea_suite: ExactAnswerSuite) -> None:
    task = _task(ea_suite, show=True, steps=4)
    values = [s["value"] for s in task.expected["steps"]]
    # First step right, then an error carried to the end: 1 of 4 quantities right.
    wrong = (
        ["999999", "888888", "777777"]
        if task.expected["kind"] in ("integer", "decimal")
        else ["1999-01-01 00:00", "1999-01-02 00:00", "1999-01-03 00:00"]
        if task.expected["kind"] == "datetime"
        else ["1999-01-01", "1999-01-02", "1999-01-03"]
    )
    reply = f"step 1: {values[0]}\nstep 2: {wrong[0]}\nstep 3: {wrong[1]}\nanswer: {wrong[2]}"
    g = grade(task, [reply])
    assert not g.passed and g.score == pytest.approx(1 / 4)
    assert g.failed_checks == ("wrong_answer", "wrong_steps")
    # Right steps, misnumbered, and a wrong final answer: 3 of 4.
    slipped = "\n".join(f"step {i + 5}: {v}" for i, v in enumerate(values[:-1]))
    g = grade(task, [slipped + f"\nanswer: {wrong[2]}"])
    assert not g.passed and g.score == pytest.approx(3 / 4)


def test_without_show_steps_the_score_is_all_or_nothing(ea_suite: ExactAnswerSuite) -> None:
    task = _task(ea_suite, show=False)
    assert grade(task, [f"answer: {task.expected['answer']}"]).score == 1.0
    assert grade(task, ["answer: 0"]).score == 0.0


def test_the_last_reply_that_states_an_answer_counts(ea_suite: ExactAnswerSuite) -> None:
    task = _task(ea_suite, show=False)
    right = f"answer: {task.expected['answer']}"
    assert grade(task, ["answer: 0", right, "Anything else?"]).passed
    assert not grade(task, [right, "Sorry, correction.\nanswer: 0"]).passed


def test_calculator_evaluates_and_refuses_anything_else() -> None:
    assert calculate("(120 + 45) * 3 / 4") == "123.75"
    assert calculate("91000 * 1.09361") == "99518.51"
    assert calculate("2^10") == "1024" and calculate("round(2.675 * 100)") == "268"
    for bad in ("__import__('os')", "1/0", "2 ** 1000", "x + 1", "1 +"):
        with pytest.raises(ToolError):
            calculate(bad)


def test_calculator_errors_are_observations(ea_suite: ExactAnswerSuite) -> None:
    env = ea_suite.environment(ea_suite.tasks()[0])
    out = env.call(ToolCall("c1", "calculator", {"expression": "open('x')"}))
    assert out.is_error and out.content.startswith("Error: only numbers")
    assert env.call(ToolCall("c2", "calculator", {"expression": "6*7"})).content == "42"
    assert [s.name for s in env.tool_specs()] == ["calculator"]
