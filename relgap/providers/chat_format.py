"""The Chat Completions wire format: relgap messages to OpenAI-shaped dicts and back.

SDK-free: the OpenAI adapter sends it through the official SDK, the LiteLLM adapter through
``litellm.acompletion`` (whose replies are OpenAI-shaped), and the agent toolbox hands it to
users' own agents.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from typing import Any

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage

_FINISH = {
    "stop": "end_turn",
    "tool_calls": "tool_use",
    "function_call": "tool_use",
    "length": "max_tokens",
}


def attr_or_key(obj: Any, name: str, default: Any = None) -> Any:
    """Attribute or key access: SDK models, LiteLLM objects and plain dicts alike."""
    if obj is None:
        return default
    if isinstance(obj, dict):
        return obj.get(name, default)
    value = getattr(obj, name, default)
    return default if value is None else value


def chat_messages(messages: Sequence[Message]) -> list[dict[str, Any]]:
    """Relgap's messages as Chat Completions ``messages``."""
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "tool":
            out.append({"role": "tool", "tool_call_id": m.tool_call_id, "content": m.content})
        elif m.role == "assistant":
            item: dict[str, Any] = {"role": "assistant", "content": m.content or None}
            if m.tool_calls:
                item["tool_calls"] = [
                    {
                        "id": c.id,
                        "type": "function",
                        "function": {"name": c.name, "arguments": c.arguments_json()},
                    }
                    for c in m.tool_calls
                ]
            out.append(item)
        else:
            out.append({"role": m.role, "content": m.content})
    return out


def chat_tools(tools: Sequence[ToolSpec]) -> list[dict[str, Any]]:
    """Relgap's tool specs as Chat Completions ``tools``."""
    return [
        {
            "type": "function",
            "function": {"name": t.name, "description": t.description, "parameters": t.parameters},
        }
        for t in tools
    ]


def chat_usage(usage: Any) -> Usage:
    """The Usage of a Chat Completions ``usage`` object (reasoning and cached tokens included)."""
    if usage is None:
        return Usage()
    return Usage(
        input_tokens=int(attr_or_key(usage, "prompt_tokens", 0)),
        output_tokens=int(attr_or_key(usage, "completion_tokens", 0)),
        reasoning_tokens=int(
            attr_or_key(attr_or_key(usage, "completion_tokens_details"), "reasoning_tokens", 0)
        ),
        cached_tokens=int(
            attr_or_key(attr_or_key(usage, "prompt_tokens_details"), "cached_tokens", 0)
        ),
    )


def parse_chat_completion(response: Any, provider: str, started: float) -> Completion:
    """A Chat Completions reply (SDK object or LiteLLM's look-alike) -> Completion.

    Refusals and content filtering raise the model-error kinds the agent loop counts as
    failed trials; malformed tool-call JSON stays a parse error on the ToolCall.
    """
    choices = attr_or_key(response, "choices", [])
    if not choices:
        raise ProviderError(
            f"{provider}: the reply has no choices", transient=True, kind="server_error"
        )
    choice = choices[0]
    message = attr_or_key(choice, "message")
    finish = attr_or_key(choice, "finish_reason") or "stop"
    refusal = attr_or_key(message, "refusal")
    if refusal:
        raise ProviderError(
            f"{provider}: the model refused: {refusal}"[:500], transient=False, kind="refusal"
        )
    if finish == "content_filter":
        raise ProviderError(
            f"{provider}: the reply was blocked by a content filter",
            transient=False,
            kind="content_filter",
        )
    calls = tuple(
        ToolCall.from_json(
            attr_or_key(c, "id", ""),
            attr_or_key(attr_or_key(c, "function"), "name", ""),
            attr_or_key(attr_or_key(c, "function"), "arguments"),
        )
        for c in attr_or_key(message, "tool_calls", []) or []
        if attr_or_key(c, "type", "function") == "function"
    )
    # OpenAI-compatible servers (vLLM, DeepSeek, LiteLLM) put visible reasoning here.
    reasoning = attr_or_key(message, "reasoning_content") or None
    return Completion(
        message=Message(
            role="assistant",
            content=attr_or_key(message, "content") or "",
            tool_calls=calls,
            reasoning=reasoning,
        ),
        usage=chat_usage(attr_or_key(response, "usage")),
        stop_reason=_FINISH.get(finish, finish),
        latency_s=time.perf_counter() - started,
        response_id=attr_or_key(response, "id"),
        model=attr_or_key(response, "model"),
    )
