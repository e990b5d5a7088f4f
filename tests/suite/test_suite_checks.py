"""Output and action checks: what the agent said and did, graded by name."""

from __future__ import annotations

import pytest

from relgap.messages import ToolCall
from relgap.suite.base import Environment, Grade, Task
from relgap.suite.checks import RequiredAction, RequiredOutput, with_dialogue_checks
from relgap.suite.toolkit import tool


class Shop(Environment):
    @tool
    def look(self) -> str:
        """Look around."""
        return "ok"

    @tool(writes=True)
    def buy(self) -> str:
        """Buy it."""
        return "bought"


def test_outputs_match_amounts_and_words_whatever_the_case() -> None:
    total = RequiredOutput(name="told_total", any_of=["$19.48"])
    assert total.met(["That comes to 19.48 in total."])
    assert total.met(["Total: $19.48!"])
    assert not total.met(["That is $19.50.", "Item 19"])
    reason = RequiredOutput(name="told_reason", any_of=["out of stock", "sold out"])
    assert reason.met(["Sorry, it is OUT OF STOCK."])
    assert not reason.met(["Sorry, I can't."])


def test_actions_read_the_tool_log() -> None:
    env = Shop()
    env.call(ToolCall("1", "look", {}))
    assert RequiredAction(name="looked", kind="called", tool="look").met(env)
    assert RequiredAction(name="no_buy", kind="not_called", tool="buy").met(env)
    assert RequiredAction(name="nothing_written", kind="no_write").met(env)
    env.call(ToolCall("2", "buy", {}))
    assert not RequiredAction(name="nothing_written", kind="no_write").met(env)
    with pytest.raises(ValueError, match="needs a tool"):
        RequiredAction(name="x", kind="called")


def test_dialogue_checks_join_the_grade_with_partial_credit() -> None:
    task = Task(
        id="t",
        tier=1,
        instruction="buy it",
        required_outputs=[RequiredOutput(name="told_total", any_of=["$5.00"])],
        required_actions=[RequiredAction(name="looked", kind="called", tool="look")],
    )
    env = Shop()
    env.record_reply("Bought, $5 in total.")
    grade = with_dialogue_checks(Grade(True, 1.0), task, env)
    assert not grade.passed and grade.failed_checks == ("not_looked",)
    assert grade.score == pytest.approx(2 / 3)
    env.call(ToolCall("1", "look", {}))
    assert with_dialogue_checks(Grade(True, 1.0), task, env).passed
