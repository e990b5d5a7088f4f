"""The official SDKs against the server: JSON and streamed replies of each wire format."""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any

import anthropic
import openai
import pytest

from relgap.server import LocalServer, serve_in_thread
from relgap.suite.base import Suite, Task
from relgap.suite.registry import get_suite


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve_in_thread() as running:
        yield running


@pytest.fixture(scope="module")
def suite_task() -> tuple[Suite, Task]:
    suite = get_suite("food_order")
    return suite, suite.tasks()[0]


@pytest.fixture
def oai(server: LocalServer) -> Iterator[openai.OpenAI]:
    client = openai.OpenAI(
        api_key="sk-test-SENTINEL-123", base_url=server.openai_base_url, max_retries=0
    )
    yield client
    client.close()


@pytest.fixture
def claude(server: LocalServer) -> Iterator[anthropic.Anthropic]:
    client = anthropic.Anthropic(api_key="sk-test-SENTINEL-123", base_url=server.url, max_retries=0)
    yield client
    client.close()


def chat_request(suite: Suite, task: Task) -> dict[str, Any]:
    tools = [{"type": "function", "function": {"name": t.name, "description": t.description, "parameters": t.parameters}}
             for t in suite.environment(task).tool_specs()]  # fmt: skip
    messages = [{"role": "system", "content": suite.system_prompt(task)},
                {"role": "user", "content": suite.first_user_message(task)}]  # fmt: skip
    return {"model": "sim-oracle", "messages": messages, "tools": tools, "seed": 42}


def test_chat_json_and_stream_agree(oai: openai.OpenAI, suite_task: tuple[Suite, Task]) -> None:
    request = chat_request(*suite_task)
    reply = oai.chat.completions.create(**request)
    (call,) = reply.choices[0].message.tool_calls or []
    assert reply.choices[0].finish_reason == "tool_calls"
    assert call.id.startswith("call_rg")  # the simulated model's seed marker
    chunks = list(
        oai.chat.completions.create(**request, stream=True, stream_options={"include_usage": True})
    )
    args = "".join(c.choices[0].delta.tool_calls[0].function.arguments or "" for c in chunks
                   if c.choices and c.choices[0].delta.tool_calls)  # fmt: skip
    assert json.loads(args) == json.loads(call.function.arguments)
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == "tool_calls"
    assert (
        chunks[-1].usage is not None and chunks[-1].usage.prompt_tokens == reply.usage.prompt_tokens
    )


def test_chat_stream_helper(oai: openai.OpenAI, suite_task: tuple[Suite, Task]) -> None:
    request = chat_request(*suite_task)
    with oai.chat.completions.stream(**request) as stream:
        final = stream.get_final_completion()
    (streamed,) = final.choices[0].message.tool_calls or []
    (direct,) = oai.chat.completions.create(**request).choices[0].message.tool_calls or []
    assert (streamed.function.name, json.loads(streamed.function.arguments)) == (
        direct.function.name, json.loads(direct.function.arguments))  # fmt: skip


def test_truncated_stream_breaks_the_json(
    oai: openai.OpenAI, suite_task: tuple[Suite, Task]
) -> None:
    request = {**chat_request(*suite_task), "model": "sim-oracle+fault=truncated"}
    with pytest.raises(json.JSONDecodeError):
        list(oai.chat.completions.create(**request, stream=True))


def test_responses_stream_helper(oai: openai.OpenAI, suite_task: tuple[Suite, Task]) -> None:
    suite, task = suite_task
    tools = [{"type": "function", "name": t.name, "description": t.description, "parameters": t.parameters, "strict": False}
             for t in suite.environment(task).tool_specs()]  # fmt: skip
    request = {"model": "sim-reasoner-medium", "instructions": suite.system_prompt(task), "tools": tools,
               "input": suite.first_user_message(task), "reasoning": {"effort": "medium"},
               "include": ["reasoning.encrypted_content"], "store": False}  # fmt: skip
    with oai.responses.stream(**request) as stream:
        types = [event.type for event in stream]
        final = stream.get_final_response()
    assert types[0] == "response.created" and types[-1] == "response.completed"
    assert "response.function_call_arguments.delta" in types
    kinds = [item.type for item in final.output]
    assert kinds[0] == "reasoning" and "function_call" in kinds
    assert final.usage.output_tokens_details.reasoning_tokens > 0
    # The next turn sends the reasoning item and the call back; the server verifies both.
    call = next(item for item in final.output if item.type == "function_call")
    follow = [final.output[0].model_dump(exclude_none=True), call.model_dump(exclude_none=True),
              {"type": "function_call_output", "call_id": call.call_id, "output": "ok"}]  # fmt: skip
    second = oai.responses.create(
        **{**request, "input": [{"role": "user", "content": request["input"]}, *follow]}
    )
    assert second.status == "completed"


def test_anthropic_stream_helper(
    claude: anthropic.Anthropic, suite_task: tuple[Suite, Task]
) -> None:
    suite, task = suite_task
    tools = [{"name": t.name, "description": t.description, "input_schema": t.parameters}
             for t in suite.environment(task).tool_specs()]  # fmt: skip
    request = {"model": "sim-reasoner-high", "max_tokens": 8000, "system": suite.system_prompt(task), "tools": tools,
               "thinking": {"type": "enabled", "budget_tokens": 4000},
               "messages": [{"role": "user", "content": suite.first_user_message(task)}]}  # fmt: skip
    with claude.messages.stream(**request) as stream:
        types = {event.type for event in stream}
        final = stream.get_final_message()
    assert {"message_start", "content_block_delta", "message_delta", "message_stop"} <= types
    assert [b.type for b in final.content] == ["thinking", "tool_use"]
    assert final.content[0].signature and final.stop_reason == "tool_use"
    assert final.usage.output_tokens_details.thinking_tokens > 0
    direct = claude.messages.create(**request)
    assert direct.content[0].type == "thinking" and direct.content[0].signature
