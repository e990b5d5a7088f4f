"""The Anthropic adapter's translation, thinking round-trip and streaming."""

from __future__ import annotations

import pytest

from relgap.errors import ProviderError
from relgap.messages import Message, ToolCall
from relgap.providers.anthropic import (
    THINKING_KEY,
    AnthropicProvider,
    anthropic_messages,
    parse_message,
)
from relgap.providers.base import GenerateSettings
from relgap.records import Outcome
from relgap.run.trial import TrialSpec, run_trial
from relgap.server import LocalServer
from relgap.suite.base import Suite, Task

THINKING = {"type": "thinking", "thinking": "let me see", "signature": "sig=="}


def test_messages_merge_tool_results_and_keep_thinking_first() -> None:
    system, wire = anthropic_messages([
        Message(role="system", content="policy"),
        Message(role="user", content="hi"),
        Message(role="assistant", content="On it.", provider_data={THINKING_KEY: [THINKING]},
                tool_calls=(ToolCall("t1", "a", {"x": 1}), ToolCall("t2", "b", {}))),
        Message(role="tool", content="one", tool_call_id="t1"),
        Message(role="tool", content="two", tool_call_id="t2"),
        Message(role="user", content="and?"),
    ])  # fmt: skip
    assert system == "policy"
    assert [m["role"] for m in wire] == ["user", "assistant", "user"]
    assert [b["type"] for b in wire[1]["content"]] == ["thinking", "text", "tool_use", "tool_use"]
    assert wire[1]["content"][0] == THINKING
    assert [b["type"] for b in wire[2]["content"]] == ["tool_result", "tool_result", "text"]
    assert wire[2]["content"][1] == {"type": "tool_result", "tool_use_id": "t2", "content": "two"}


def test_parse_message_usage_counts_all_input() -> None:
    data = {
        "id": "msg_1", "model": "m", "stop_reason": "tool_use",
        "content": [THINKING, {"type": "tool_use", "id": "t1", "name": "a", "input": {"x": 1}}],
        "usage": {"input_tokens": 10, "cache_read_input_tokens": 70, "cache_creation_input_tokens": 20,
                  "output_tokens": 50, "output_tokens_details": {"thinking_tokens": 30}},
    }  # fmt: skip
    completion = parse_message(data, "anthropic/m", 0.0)
    u = completion.usage
    assert (u.input_tokens, u.cached_tokens, u.output_tokens, u.reasoning_tokens) == (
        100,
        70,
        50,
        30,
    )
    assert completion.stop_reason == "tool_use"
    assert completion.message.reasoning == "let me see"
    assert completion.message.provider_data == {THINKING_KEY: [THINKING]}
    assert completion.message.tool_calls[0].arguments == {"x": 1}


@pytest.mark.parametrize(
    ("stop", "kind"),
    [("refusal", "refusal"), ("model_context_window_exceeded", "context_overflow")],
)
def test_parse_message_model_errors(stop: str, kind: str) -> None:
    with pytest.raises(ProviderError) as info:
        parse_message({"stop_reason": stop, "content": []}, "anthropic/m", 0.0)
    assert (info.value.kind, info.value.transient) == (kind, False)


def test_request_options(server: LocalServer) -> None:
    provider = AnthropicProvider("anthropic/sim-reasoner", server.url)
    params = provider.request(
        [Message(role="user", content="hi")], [], GenerateSettings(reasoning_effort="high")
    )
    assert params["max_tokens"] == 4096 and params["output_config"] == {"effort": "high"}
    assert "thinking" not in params and "system" not in params
    params = provider.request(
        [Message(role="user", content="hi")],
        [],
        GenerateSettings(thinking_budget=8000, max_tokens=20000),
    )
    assert params["max_tokens"] == 20000 and params["thinking"]["budget_tokens"] == 8000
    assert provider._streams(params)  # long calls stream
    with pytest.raises(ProviderError, match="temperature") as info:
        provider.request(
            [Message(role="user", content="hi")], [], GenerateSettings(temperature=0.0)
        )
    assert info.value.kind == "bad_request" and not info.value.transient


@pytest.mark.parametrize("stream", [False, True])
async def test_thinking_trial_streamed_or_not(
    server: LocalServer, food_order: Suite, task: Task, stream: bool
) -> None:
    provider = AnthropicProvider("anthropic/sim-reasoner-low", server.url, stream=stream)
    spec = TrialSpec("r", food_order, task, "anthropic/sim-reasoner-low", "default",
                     GenerateSettings(thinking_budget=1024), 0, 11)  # fmt: skip
    record = await run_trial(spec, provider)
    await provider.aclose()
    assert record.outcome in (Outcome.PASS, Outcome.FAIL), record.error
    assert record.usage.reasoning_tokens > 0
    assert all(r["stream"] is stream for r in server.requests())
    assistant = [m for m in record.transcript if m["role"] == "assistant"]
    assert all(m["provider_data"][THINKING_KEY][0]["signature"] for m in assistant)


async def test_tampered_thinking_is_rejected(
    server: LocalServer, food_order: Suite, task: Task
) -> None:
    provider = AnthropicProvider("anthropic/sim-oracle", server.url)
    settings = GenerateSettings(thinking_budget=1024)
    messages = [Message(role="system", content=food_order.system_prompt(task)),
                Message(role="user", content=food_order.first_user_message(task))]  # fmt: skip
    tools = food_order.environment(task).tool_specs()
    first = await provider.complete(messages, tools, settings)
    call = first.message.tool_calls[0]
    blocks = [{**first.message.provider_data[THINKING_KEY][0], "thinking": "edited"}]  # type: ignore[index]
    tampered = Message(role="assistant", tool_calls=(call,), provider_data={THINKING_KEY: blocks})
    reply = Message(role="tool", content="ok", tool_call_id=call.id)
    with pytest.raises(ProviderError) as info:
        await provider.complete([*messages, tampered, reply], tools, settings)
    assert (info.value.kind, info.value.status_code) == ("bad_request", 400)
    assert "signature" in str(info.value)
    await provider.aclose()
