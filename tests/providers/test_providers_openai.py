"""The OpenAI adapters' translation, against the local server and on plain dicts."""

from __future__ import annotations

import pytest

from relgap.errors import ProviderError
from relgap.messages import Message, ToolCall
from relgap.providers.base import GenerateSettings
from relgap.providers.openai import (
    OUTPUT_KEY,
    OpenAIChatProvider,
    OpenAIResponsesProvider,
    chat_messages,
    is_reasoning_model,
    parse_chat_completion,
    responses_input,
)
from relgap.server import LocalServer
from relgap.suite.base import Suite, Task

CONVERSATION = [
    Message(role="system", content="policy"),
    Message(role="user", content="hi"),
    Message(role="assistant", tool_calls=(ToolCall("call_1", "add", {"n": 2}),),
            provider_data={OUTPUT_KEY: [
                {"id": "rs_1", "type": "reasoning", "summary": [], "encrypted_content": "e1"},
                {"id": "fc_1", "type": "function_call", "call_id": "call_1", "name": "add", "arguments": '{"n":2}'},
                {"id": "rs_2", "type": "reasoning", "summary": [], "encrypted_content": "e2"},
            ]}),
    Message(role="tool", content="2", tool_call_id="call_1", name="add"),
    Message(role="assistant", content="done"),
]  # fmt: skip


def test_chat_messages() -> None:
    wire = chat_messages(CONVERSATION)
    assert wire[0] == {"role": "system", "content": "policy"}
    assert wire[2] == {
        "role": "assistant",
        "content": None,
        "tool_calls": [
            {
                "id": "call_1",
                "type": "function",
                "function": {"name": "add", "arguments": '{"n":2}'},
            }
        ],
    }
    assert wire[3] == {"role": "tool", "tool_call_id": "call_1", "content": "2"}


def test_malformed_arguments_go_back_as_they_came() -> None:
    bad = ToolCall.from_json("c", "add", '{"n": 2')
    wire = chat_messages([Message(role="assistant", tool_calls=(bad,))])
    assert wire[0]["tool_calls"][0]["function"]["arguments"] == '{"n": 2'


def test_responses_input_sends_reasoning_back() -> None:
    instructions, items = responses_input(CONVERSATION)
    assert instructions == "policy"
    assert [i.get("type", i.get("role")) for i in items] == [
        "user", "reasoning", "function_call", "reasoning", "function_call_output", "assistant",
    ]  # fmt: skip
    # The Responses turn goes back verbatim and in order; the plain turn is rebuilt.
    assert items[1:4] == CONVERSATION[2].provider_data[OUTPUT_KEY]
    plain = responses_input(
        [CONVERSATION[1], Message(role="assistant", tool_calls=CONVERSATION[2].tool_calls)]
    )[1]
    assert plain[1] == {
        "type": "function_call",
        "call_id": "call_1",
        "name": "add",
        "arguments": '{"n":2}',
    }


@pytest.mark.parametrize(
    ("model", "reasoning"),
    [
        ("o3", True),
        ("o4-mini", True),
        ("gpt-5", True),
        ("gpt-5.1-mini", True),
        ("gpt-4.1", False),
        ("sim-fast", False),
    ],
)
def test_is_reasoning_model(model: str, reasoning: bool) -> None:
    assert is_reasoning_model(model) is reasoning


def _reply(message: dict, finish: str = "stop", usage: dict | None = None) -> dict:
    return {
        "id": "x",
        "model": "m",
        "choices": [{"message": message, "finish_reason": finish}],
        "usage": usage,
    }


def test_parse_chat_completion_usage_and_stop() -> None:
    usage = {"prompt_tokens": 100, "completion_tokens": 50, "prompt_tokens_details": {"cached_tokens": 40},
             "completion_tokens_details": {"reasoning_tokens": 30}}  # fmt: skip
    completion = parse_chat_completion(
        _reply({"content": "", "reasoning_content": "hmm"}, "length", usage), "p", 0.0
    )
    assert completion.stop_reason == "max_tokens"
    assert completion.message.reasoning == "hmm"
    u = completion.usage
    assert (u.input_tokens, u.output_tokens, u.reasoning_tokens, u.cached_tokens) == (
        100,
        50,
        30,
        40,
    )


def test_parse_chat_completion_model_errors() -> None:
    with pytest.raises(ProviderError) as info:
        parse_chat_completion(_reply({"content": None, "refusal": "no"}), "p", 0.0)
    assert (info.value.kind, info.value.transient) == ("refusal", False)
    with pytest.raises(ProviderError) as info:
        parse_chat_completion(_reply({"content": ""}, "content_filter"), "p", 0.0)
    assert info.value.kind == "content_filter"
    with pytest.raises(ProviderError) as info:
        parse_chat_completion({"choices": []}, "p", 0.0)
    assert info.value.transient


@pytest.mark.parametrize("cls", [OpenAIChatProvider, OpenAIResponsesProvider])
async def test_max_tokens_cap_is_a_length_stop(
    server: LocalServer, food_order: Suite, task: Task, cls: type[OpenAIChatProvider]
) -> None:
    prefix = "openai" if cls is OpenAIChatProvider else "openai-responses"
    provider = cls(f"{prefix}/sim-reasoner-high", server.openai_base_url)
    messages = [Message(role="system", content=food_order.system_prompt(task)),
                Message(role="user", content=food_order.first_user_message(task))]  # fmt: skip
    tools = food_order.environment(task).tool_specs()
    completion = await provider.complete(messages, tools, GenerateSettings(max_tokens=16))
    await provider.aclose()
    assert completion.stop_reason == "max_tokens"
    assert completion.message.tool_calls == ()
    assert completion.usage.output_tokens == 16


async def test_chat_request_options(server: LocalServer) -> None:
    provider = OpenAIChatProvider("openai/sim-fast", server.openai_base_url)
    params = provider.request(
        CONVERSATION[:2], [], GenerateSettings(seed=5, max_tokens=99, extra={"top_p": 0.5})
    )
    assert params["seed"] == 5 and params["max_completion_tokens"] == 99
    assert params["extra_body"] == {"top_p": 0.5}
    assert "tools" not in params and "reasoning_effort" not in params
    await provider.aclose()
