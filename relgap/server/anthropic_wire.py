"""Anthropic Messages on the wire: ``POST /v1/messages``, JSON and SSE events.

Checks what the real API checks and adapters get wrong: ``max_tokens`` is required and must
exceed a thinking budget of at least 1024; every ``tool_result`` answers a ``tool_use`` of
the previous turn; with thinking enabled the last assistant turn starts with its thinking
block, whose signature must be the one this server issued; API version 2026-10-21 rejects
sampling parameters.
"""

from __future__ import annotations

import math
from datetime import UTC, datetime, timedelta
from typing import Any

from starlette.responses import Response

from relgap.messages import Message, ToolCall, ToolSpec
from relgap.server.sim import SimReply, cap, chunks, reasoning_text, sign, sim_name
from relgap.server.state import (
    Call,
    ServerState,
    WireError,
    dumps,
    json_reply,
    malformed,
    new_id,
    sse_reply,
)

_TYPES = {400: "invalid_request_error", 401: "authentication_error", 402: "billing_error",
          403: "permission_error", 404: "not_found_error", 413: "request_too_large",
          429: "rate_limit_error", 504: "timeout_error", 529: "overloaded_error"}  # fmt: skip
OVERFLOW_MESSAGE = "prompt is too long: 250000 tokens > 200000 maximum"
_NO_SAMPLING_SINCE = "2026-10-21"


def error_reply(status: int, message: str, *, headers: dict[str, str] | None = None) -> Response:
    """An error response with the Anthropic error body and a request id."""
    request_id = new_id("req_")
    body = {
        "type": "error",
        "error": {"type": _TYPES.get(status, "api_error"), "message": message},
        "request_id": request_id,
    }
    return Response(dumps(body), status_code=status, media_type="application/json",
                    headers={"request-id": request_id, **(headers or {})})  # fmt: skip


def rate_limit_headers(wait_s: float, limit: int | None = None) -> dict[str, str]:
    """Anthropic's 429 headers: retry-after and anthropic-ratelimit-requests-*."""
    reset = datetime.now(UTC) + timedelta(seconds=wait_s)
    return {
        "retry-after": str(max(1, math.ceil(wait_s))),
        "anthropic-ratelimit-requests-limit": str(limit or 60),
        "anthropic-ratelimit-requests-remaining": "0",
        "anthropic-ratelimit-requests-reset": reset.isoformat(timespec="seconds").replace(
            "+00:00", "Z"
        ),
    }


def fault_reply(fault: str, state: ServerState) -> Response:
    """The response an injected status fault gets, in Anthropic's format."""
    if fault == "overflow":
        return error_reply(400, OVERFLOW_MESSAGE)
    status = int(fault)
    headers = rate_limit_headers(state.options.retry_after_s) if status == 429 else None
    return error_reply(status, f"Injected fault: HTTP {status}.", headers=headers)


def _text(content: Any) -> str:
    if isinstance(content, str):
        return content
    return "".join(
        b.get("text", "") for b in content or [] if isinstance(b, dict) and b.get("type") == "text"
    )


def _user_turn(i: int, blocks: list[dict[str, Any]], previous: Message | None) -> list[Message]:
    expected = {c.id for c in previous.tool_calls} if previous is not None else set()
    out: list[Message] = []
    for block in blocks:
        if block.get("type") == "tool_result":
            if block.get("tool_use_id") not in expected:
                raise WireError(400, f"messages.{i}: unexpected `tool_use_id` found in `tool_result` blocks: "
                                f"{block.get('tool_use_id')}. Each `tool_result` block must have a corresponding "
                                "`tool_use` block in the previous message.")  # fmt: skip
            out.append(
                Message(
                    role="tool",
                    content=_text(block.get("content")),
                    tool_call_id=block["tool_use_id"],
                )
            )
    text = _text([b for b in blocks if b.get("type") == "text"])
    if text or not out:
        out.append(Message(role="user", content=text))
    return out


def _assistant_turn(i: int, blocks: list[dict[str, Any]], state: ServerState) -> Message:
    calls: list[ToolCall] = []
    for j, block in enumerate(blocks):
        if block.get("type") == "thinking" and block.get("signature") != sign(
            state.secret, block.get("thinking", "")
        ):
            raise WireError(
                400, f"messages.{i}.content.{j}: Invalid `signature` in `thinking` block"
            )
        if block.get("type") == "tool_use":
            calls.append(ToolCall(block["id"], block["name"], dict(block.get("input") or {})))
    return Message(role="assistant", content=_text(blocks), tool_calls=tuple(calls))


def _check_thinking_first(raw: list[dict[str, Any]]) -> None:
    last = max((i for i, m in enumerate(raw) if m.get("role") == "assistant"), default=None)
    if last is None or isinstance(raw[last]["content"], str):
        return
    blocks = raw[last]["content"]
    if any(b.get("type") == "tool_use" for b in blocks) and blocks[0].get("type") not in (
        "thinking",
        "redacted_thinking",
    ):
        raise WireError(400, f"messages.{last}.content.0.type: Expected `thinking` or `redacted_thinking`, but found "
                        f"`{blocks[0].get('type')}`. When `thinking` is enabled, a final `assistant` message must start "
                        "with a thinking block (preceding the lastmost set of `tool_use` and `tool_result` blocks).")  # fmt: skip


def _thinking_budget(body: dict[str, Any], max_tokens: int) -> tuple[bool, int | None]:
    thinking = body.get("thinking") or {}
    if thinking.get("type") == "adaptive":
        return True, None
    if thinking.get("type") != "enabled":
        return False, None
    budget = int(thinking.get("budget_tokens", 0))
    if budget < 1024:
        raise WireError(
            400, "thinking.enabled.budget_tokens: Input should be greater than or equal to 1024"
        )
    if max_tokens <= budget:
        raise WireError(400, "`max_tokens` must be greater than `thinking.budget_tokens`.")
    return True, budget


def parse(body: dict[str, Any], model: str, state: ServerState, version: str | None) -> Call:
    """A Messages API request body as a Call; WireError for what the API would reject."""
    max_tokens = body.get("max_tokens")
    if not isinstance(max_tokens, int):
        raise WireError(400, "max_tokens: Field required")
    for name in ("temperature", "top_p", "top_k"):
        if name in body and (version or "") >= _NO_SAMPLING_SINCE:
            raise WireError(400, f"{name}: Extra inputs are not permitted")
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise WireError(400, "messages: Field required")
    thinking, budget = _thinking_budget(body, max_tokens)
    if thinking:
        _check_thinking_first(raw)
    system = body.get("system")
    messages = [Message(role="system", content=_text(system))] if system else []
    for i, m in enumerate(raw):
        blocks = (
            [{"type": "text", "text": m["content"]}]
            if isinstance(m.get("content"), str)
            else m.get("content") or []
        )
        if m.get("role") == "assistant":
            messages.append(_assistant_turn(i, blocks, state))
        else:
            previous = messages[-1] if messages and messages[-1].role == "assistant" else None
            messages.extend(_user_turn(i, blocks, previous))
    tools = [
        ToolSpec(t["name"], t.get("description", ""), t.get("input_schema", {}))
        for t in body.get("tools") or []
    ]
    return Call(model=model, sim=sim_name(model), messages=messages, tools=tools, body=body,
                effort=(body.get("output_config") or {}).get("effort"), thinking_budget=budget,
                max_tokens=max_tokens, stream=bool(body.get("stream")))  # fmt: skip


def _content(
    call: Call, reply: SimReply, fault: str | None, state: ServerState
) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = []
    if (call.body.get("thinking") or {}).get("type") in ("enabled", "adaptive"):
        text = reasoning_text(reply.usage.reasoning_tokens)
        blocks.append({"type": "thinking", "thinking": text, "signature": sign(state.secret, text)})
    if fault == "refusal":
        return blocks
    if reply.message.content:
        blocks.append({"type": "text", "text": reply.message.content})
    for c in reply.message.tool_calls:
        # Not valid JSON: a string where the object should be (what a broken stream gives).
        tool_input: Any = (
            malformed(c.arguments_json()) if fault == "malformed" else dict(c.arguments)
        )
        blocks.append(
            {"type": "tool_use", "id": f"toolu_{c.id}", "name": c.name, "input": tool_input}
        )
    return blocks


def render(call: Call, reply: SimReply, fault: str | None, state: ServerState) -> Response:
    """The simulated reply as a Messages API response (streamed when asked)."""
    reply, cut = cap(reply, call.max_tokens)
    content = _content(call, reply, fault, state)
    has_calls = any(b["type"] == "tool_use" for b in content)
    stop = (
        "max_tokens"
        if cut
        else "refusal"
        if fault == "refusal"
        else "tool_use"
        if has_calls
        else "end_turn"
    )
    u = reply.usage
    usage: dict[str, Any] = {"input_tokens": u.input_tokens, "output_tokens": u.output_tokens,
                             "cache_creation_input_tokens": 0, "cache_read_input_tokens": u.cached_tokens,
                             "service_tier": "standard"}  # fmt: skip
    if u.reasoning_tokens:
        usage["output_tokens_details"] = {"thinking_tokens": u.reasoning_tokens}
    message = {"id": new_id("msg_"), "type": "message", "role": "assistant", "model": call.model,
               "content": content, "stop_reason": stop, "stop_sequence": None, "usage": usage}  # fmt: skip
    if call.stream:
        return sse_reply(_events(message), truncated=fault == "truncated")
    return json_reply(message, truncated=fault == "truncated")


def _block_events(index: int, block: dict[str, Any]) -> list[dict[str, Any]]:
    kind = block["type"]
    start: dict[str, Any]
    if kind == "thinking":
        start = {"type": "thinking", "thinking": "", "signature": ""}
        deltas = [{"type": "thinking_delta", "thinking": p} for p in chunks(block["thinking"])]
        deltas.append({"type": "signature_delta", "signature": block["signature"]})
    elif kind == "text":
        start = {"type": "text", "text": ""}
        deltas = [{"type": "text_delta", "text": p} for p in chunks(block["text"])]
    else:
        start = {"type": "tool_use", "id": block["id"], "name": block["name"], "input": {}}
        raw = block["input"] if isinstance(block["input"], str) else dumps(block["input"])
        deltas = [{"type": "input_json_delta", "partial_json": p} for p in chunks(raw, 2)]
    return [
        {"type": "content_block_start", "index": index, "content_block": start},
        *({"type": "content_block_delta", "index": index, "delta": d} for d in deltas),
        {"type": "content_block_stop", "index": index},
    ]


def _events(message: dict[str, Any]) -> list[str]:
    usage = message["usage"]
    start_usage = {**usage, "output_tokens": 1}
    start_usage.pop("output_tokens_details", None)
    events: list[dict[str, Any]] = [
        {
            "type": "message_start",
            "message": {**message, "content": [], "stop_reason": None, "usage": start_usage},
        },
        {"type": "ping"},
    ]
    for index, block in enumerate(message["content"]):
        events += _block_events(index, block)
    delta_usage = {
        k: v for k, v in usage.items() if k in ("output_tokens", "output_tokens_details")
    }
    events.append({"type": "message_delta", "delta": {"stop_reason": message["stop_reason"], "stop_sequence": None},
                   "usage": delta_usage})  # fmt: skip
    events.append({"type": "message_stop"})
    return [f"event: {e['type']}\ndata: {dumps(e)}\n\n" for e in events]
