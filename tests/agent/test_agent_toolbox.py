"""The toolbox your agent gets: tool schemas in the vendors' formats, calls recorded in the
transcript (bad calls as error observations), usage read from SDK responses."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from relgap.agent.toolbox import Toolbox, TrialOver
from relgap.messages import Message
from relgap.suite.registry import resolve_suite

MINI = str(Path(__file__).parents[1] / "suite" / "mini_refund")


def box(max_calls: int = 10) -> tuple[Toolbox, list[Message]]:
    suite = resolve_suite(MINI)
    messages: list[Message] = []
    return Toolbox(suite.environment(suite.tasks()[0]), messages, max_calls), messages


def test_schemas_in_openai_responses_and_anthropic_formats() -> None:
    tb, _ = box()
    chat = {t["function"]["name"]: t["function"] for t in tb.openai_tools()}
    assert chat["refund_order"]["parameters"]["required"] == ["order_id", "reason"]
    assert {t["name"] for t in tb.responses_tools()} == {"get_order", "refund_order"}
    anthropic = {t["name"]: t for t in tb.anthropic_tools()}
    assert anthropic["get_order"]["input_schema"]["properties"]["order_id"]["type"] == "string"
    assert anthropic["get_order"]["description"] == "Look an order up."


def test_calls_are_recorded_and_bad_ones_are_observations() -> None:
    tb, messages = box(max_calls=3)
    assert asyncio.run(tb.call("get_order", {"order_id": "A1"}, id="m1")).startswith("order A1")
    assert asyncio.run(tb.call("get_order", '{"order_id": ')).startswith("Error: arguments")
    assert asyncio.run(tb.call("nope", {})).startswith("Error: unknown tool 'nope'")
    assert [m.role for m in messages] == ["assistant", "tool"] * 3
    assert messages[0].tool_calls[0].id == "m1" and messages[1].tool_call_id == "m1"
    with pytest.raises(TrialOver):  # the step limit (3 calls) is reached
        asyncio.run(tb.call("get_order", {"order_id": "A1"}))


def test_usage_from_openai_and_anthropic_responses() -> None:
    tb, _ = box()
    tb.report_response({"usage": {"prompt_tokens": 100, "completion_tokens": 30,
                                  "completion_tokens_details": {"reasoning_tokens": 20},
                                  "prompt_tokens_details": {"cached_tokens": 40}}})  # fmt: skip
    tb.report_response({"usage": {"input_tokens": 10, "output_tokens": 5,
                                  "cache_read_input_tokens": 7,
                                  "cache_creation_input_tokens": 3}})  # fmt: skip
    assert (tb.usage.input_tokens, tb.usage.output_tokens) == (120, 35)
    assert (tb.usage.reasoning_tokens, tb.usage.cached_tokens, tb.model_calls) == (20, 47, 2)
    assert tb.priced("my-app", None) is None  # no price known: unknown, never 0
    assert tb.priced("my-app", lambda model, usage: usage.input_tokens / 1000) == pytest.approx(
        0.12
    )
