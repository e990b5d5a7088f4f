"""OpenAI Chat Completions on the wire: ``POST /v1/chat/completions``, JSON and SSE.

Also the OpenAI error bodies (``{"error": {"message", "type", "param", "code"}}``) and
rate-limit headers, shared with the Responses endpoint.
"""

from __future__ import annotations

import math
import time
from typing import Any

from starlette.responses import Response

from relgap.messages import Message, ToolCall, ToolSpec
from relgap.server.sim import SimReply, cap, chunks, sim_name
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

REFUSAL_TEXT = "I'm sorry, but I can't help with that."
_TYPES = {400: "invalid_request_error", 401: "invalid_request_error", 403: "permission_error",
          404: "invalid_request_error", 429: "requests"}  # fmt: skip
_CODES = {401: "invalid_api_key", 404: "model_not_found", 429: "rate_limit_exceeded"}
_MESSAGES = {
    400: "Invalid request (injected fault).",
    401: "Incorrect API key provided (injected fault).",
    403: "You are not allowed to sample from this model (injected fault).",
    404: "The model does not exist or you do not have access to it (injected fault).",
    429: "Rate limit reached for requests (injected fault). Please try again later.",
    500: "The server had an error while processing your request (injected fault).",
    502: "Bad gateway (injected fault).",
    503: "The server is overloaded or not ready yet (injected fault).",
    529: "The server is overloaded (injected fault).",
}
OVERFLOW_MESSAGE = (
    "This model's maximum context length is 128000 tokens. However, your messages resulted in "
    "250000 tokens. Please reduce the length of the messages."
)


def error_reply(
    status: int, message: str, *, code: str | None = None, headers: dict[str, str] | None = None
) -> Response:
    """An error response with the OpenAI error body."""
    error_type = _TYPES.get(status, "server_error")
    body = {
        "error": {
            "message": message,
            "type": error_type,
            "param": None,
            "code": code or _CODES.get(status),
        }
    }
    return Response(dumps(body), status_code=status, media_type="application/json", headers=headers)


def rate_limit_headers(wait_s: float, limit: int | None = None) -> dict[str, str]:
    """OpenAI's 429 headers: Retry-After (seconds), retry-after-ms and x-ratelimit-*."""
    return {
        "retry-after": str(max(1, math.ceil(wait_s))),
        "retry-after-ms": str(int(wait_s * 1000)),
        "x-ratelimit-limit-requests": str(limit or 60),
        "x-ratelimit-remaining-requests": "0",
        "x-ratelimit-reset-requests": f"{wait_s:g}s",
    }


def fault_reply(fault: str, state: ServerState) -> Response:
    """The error reply of a status fault (or ``overflow``)."""
    if fault == "overflow":
        return error_reply(400, OVERFLOW_MESSAGE, code="context_length_exceeded")
    status = int(fault)
    headers = rate_limit_headers(state.options.retry_after_s) if status == 429 else None
    return error_reply(status, _MESSAGES.get(status, "Injected fault."), headers=headers)


def text_of(content: Any) -> str:
    """A message's content: a string, or a list of text parts."""
    if content is None:
        return ""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return "".join(p.get("text", "") for p in content if isinstance(p, dict))
    raise WireError(400, f"Invalid type for message content: {type(content).__name__}")


def reject_temperature(call: Call) -> None:
    """Reasoning models reject sampling parameters, as o-series models do."""
    if call.sim.startswith("sim/reasoner") and call.body.get("temperature") not in (None, 1):
        raise WireError(
            400, "Unsupported parameter: 'temperature' is not supported with this model."
        )


def _check_tool_replies(messages: list[Message]) -> None:
    for i, m in enumerate(messages):
        if not m.tool_calls:
            continue
        answered = {
            n.tool_call_id for n in messages[i + 1 : i + 1 + len(m.tool_calls)] if n.role == "tool"
        }
        missing = [c.id for c in m.tool_calls if c.id not in answered]
        if missing:
            raise WireError(
                400,
                "An assistant message with 'tool_calls' must be followed by tool messages responding to "
                f"each 'tool_call_id'. The following tool_call_ids did not have response messages: {', '.join(missing)}",
            )


def _message(i: int, m: dict[str, Any]) -> Message:
    role = m.get("role")
    if role in ("system", "developer"):
        return Message(role="system", content=text_of(m.get("content")))
    if role == "user":
        return Message(role="user", content=text_of(m.get("content")))
    if role == "tool":
        return Message(
            role="tool", content=text_of(m.get("content")), tool_call_id=m.get("tool_call_id")
        )
    if role == "assistant":
        calls = tuple(
            ToolCall.from_json(c["id"], c["function"]["name"], c["function"].get("arguments"))
            for c in m.get("tool_calls") or []
        )
        return Message(role="assistant", content=text_of(m.get("content")), tool_calls=calls)
    raise WireError(
        400,
        f"Invalid value: '{role}'. Supported values are: 'system', 'developer', 'user', 'assistant', and 'tool'. (messages[{i}].role)",
    )


def parse(body: dict[str, Any], model: str) -> Call:
    """A Chat Completions request body as a Call; WireError for what the API would reject."""
    raw = body.get("messages")
    if not isinstance(raw, list) or not raw:
        raise WireError(400, "Missing required parameter: 'messages'.")
    messages = [_message(i, m) for i, m in enumerate(raw)]
    _check_tool_replies(messages)
    tools = [
        ToolSpec(
            t["function"]["name"],
            t["function"].get("description", ""),
            t["function"].get("parameters", {}),
        )
        for t in body.get("tools") or []
        if t.get("type") == "function"
    ]
    call = Call(
        model=model,
        sim=sim_name(model),
        messages=messages,
        tools=tools,
        body=body,
        effort=body.get("reasoning_effort"),
        seed=body.get("seed"),
        max_tokens=body.get("max_completion_tokens") or body.get("max_tokens"),
        stream=bool(body.get("stream")),
    )
    reject_temperature(call)
    return call


def _usage(reply: SimReply) -> dict[str, Any]:
    u = reply.usage
    return {
        "prompt_tokens": u.input_tokens,
        "completion_tokens": u.output_tokens,
        "total_tokens": u.input_tokens + u.output_tokens,
        "prompt_tokens_details": {"cached_tokens": u.cached_tokens, "audio_tokens": 0},
        "completion_tokens_details": {
            "reasoning_tokens": u.reasoning_tokens,
            "audio_tokens": 0,
            "accepted_prediction_tokens": 0,
            "rejected_prediction_tokens": 0,
        },
    }


def _tool_calls(reply: SimReply, fault: str | None) -> list[dict[str, Any]]:
    calls = []
    for c in reply.message.tool_calls:
        arguments = c.arguments_json()
        if fault == "malformed":
            arguments = malformed(arguments)
        calls.append(
            {"id": c.id, "type": "function", "function": {"name": c.name, "arguments": arguments}}
        )
    return calls


def render(call: Call, reply: SimReply, fault: str | None, state: ServerState) -> Response:
    """The simulated reply as a Chat Completions response (streamed when asked)."""
    reply, cut = cap(reply, call.max_tokens)
    refusal = REFUSAL_TEXT if fault == "refusal" else None
    calls = [] if refusal else _tool_calls(reply, fault)
    finish = "length" if cut else "tool_calls" if calls else "stop"
    base = {"id": new_id("chatcmpl-"), "created": int(time.time()), "model": call.model,
            "service_tier": "default", "system_fingerprint": "fp_relgap_sim"}  # fmt: skip
    if call.stream:
        return sse_reply(
            _events(base, reply, calls, refusal, finish, call.body), truncated=fault == "truncated"
        )
    message: dict[str, Any] = {"role": "assistant", "content": None if refusal else reply.message.content or None,
                               "refusal": refusal, "annotations": []}  # fmt: skip
    if calls:
        message["tool_calls"] = calls
    choice = {"index": 0, "message": message, "logprobs": None, "finish_reason": finish}
    data = {**base, "object": "chat.completion", "choices": [choice], "usage": _usage(reply)}
    return json_reply(data, truncated=fault == "truncated")


def _events(
    base: dict[str, Any],
    reply: SimReply,
    calls: list[dict[str, Any]],
    refusal: str | None,
    finish: str,
    body: dict[str, Any],
) -> list[str]:
    with_usage = bool((body.get("stream_options") or {}).get("include_usage"))

    def chunk(delta: dict[str, Any], finish_reason: str | None = None) -> str:
        choice = {"index": 0, "delta": delta, "logprobs": None, "finish_reason": finish_reason}
        data = {**base, "object": "chat.completion.chunk", "choices": [choice]}
        if with_usage:
            data["usage"] = None
        return f"data: {dumps(data)}\n\n"

    events = [chunk({"role": "assistant", "content": "", "refusal": None})]
    if refusal:
        events += [chunk({"refusal": piece}) for piece in chunks(refusal)]
    else:
        events += [chunk({"content": piece}) for piece in chunks(reply.message.content)]
    for i, c in enumerate(calls):
        head = {
            "index": i,
            "id": c["id"],
            "type": "function",
            "function": {"name": c["function"]["name"], "arguments": ""},
        }
        events.append(chunk({"tool_calls": [head]}))
        for piece in chunks(c["function"]["arguments"], 2):
            events.append(chunk({"tool_calls": [{"index": i, "function": {"arguments": piece}}]}))
    events.append(chunk({}, finish))
    if with_usage:
        data = {**base, "object": "chat.completion.chunk", "choices": [], "usage": _usage(reply)}
        events.append(f"data: {dumps(data)}\n\n")
    return [*events, "data: [DONE]\n\n"]
