"""OpenAI Responses on the wire: ``POST /v1/responses``, JSON and SSE events.

Stateless like ``store=False``: reasoning items must come back with the
``encrypted_content`` this server issued (asked for with
``include=["reasoning.encrypted_content"]``), and every ``function_call_output`` must
answer a ``function_call`` of the input, as the real API checks.
"""

from __future__ import annotations

import time
from typing import Any

from starlette.responses import Response

from relgap.messages import Message, ToolCall, ToolSpec
from relgap.server.openai_wire import REFUSAL_TEXT, reject_temperature, text_of
from relgap.server.sim import SimReply, cap, chunks, sign, sim_name
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


class _Turns:
    """Folds input items into messages: an assistant turn is its reasoning, text and calls."""

    def __init__(self) -> None:
        self.messages: list[Message] = []
        self.call_ids: set[str] = set()
        self._text: str | None = None
        self._calls: list[ToolCall] = []
        self._open = False

    def flush(self) -> None:
        if self._open:
            self.messages.append(
                Message(role="assistant", content=self._text or "", tool_calls=tuple(self._calls))
            )
        self._text, self._calls, self._open = None, [], False

    def reasoning(self) -> None:
        if self._text is not None or self._calls:
            self.flush()
        self._open = True

    def assistant_text(self, text: str) -> None:
        if self._text is not None or self._calls:
            self.flush()
        self._text, self._open = text, True

    def function_call(self, call: ToolCall) -> None:
        self._calls.append(call)
        self.call_ids.add(call.id)
        self._open = True

    def add(self, message: Message) -> None:
        self.flush()
        self.messages.append(message)


def _check_reasoning(item: dict[str, Any], state: ServerState) -> None:
    item_id = str(item.get("id", ""))
    if not item.get("encrypted_content"):
        raise WireError(
            404,
            f"Item with id '{item_id}' not found. Items are not persisted when `store` is set to false.",
        )
    if item["encrypted_content"] != sign(state.secret, item_id):
        raise WireError(400, f"The encrypted content for item {item_id} could not be verified.")


def _input_messages(body: dict[str, Any], state: ServerState) -> list[Message]:
    turns = _Turns()
    if body.get("instructions"):
        turns.add(Message(role="system", content=str(body["instructions"])))
    raw = body.get("input")
    items = [{"role": "user", "content": raw}] if isinstance(raw, str) else raw
    if not isinstance(items, list) or not items:
        raise WireError(400, "Missing required parameter: 'input'.")
    for item in items:
        kind = item.get("type") or ("message" if "role" in item else None)
        if kind == "reasoning":
            _check_reasoning(item, state)
            turns.reasoning()
        elif kind == "function_call":
            turns.function_call(
                ToolCall.from_json(item["call_id"], item["name"], item.get("arguments"))
            )
        elif kind == "function_call_output":
            if item.get("call_id") not in turns.call_ids:
                raise WireError(
                    400,
                    f"No tool call found for function call output with call_id {item.get('call_id')}.",
                )
            turns.add(
                Message(
                    role="tool", content=text_of(item.get("output")), tool_call_id=item["call_id"]
                )
            )
        elif kind == "message" and item.get("role") == "assistant":
            turns.assistant_text(text_of(item.get("content")))
        elif kind == "message" and item.get("role") in ("user", "system", "developer"):
            text = text_of(item.get("content"))
            turns.add(
                Message(role="user", content=text)
                if item["role"] == "user"
                else Message(role="system", content=text)
            )
        else:
            raise WireError(400, f"Invalid input item type: '{kind}'.")
    turns.flush()
    return turns.messages


def parse(body: dict[str, Any], model: str, state: ServerState) -> Call:
    """A Responses API request body as a Call; WireError for what the API would reject."""
    tools = [
        ToolSpec(t["name"], t.get("description") or "", t.get("parameters") or {})
        for t in body.get("tools") or []
        if t.get("type") == "function"
    ]
    call = Call(
        model=model,
        sim=sim_name(model),
        messages=_input_messages(body, state),
        tools=tools,
        body=body,
        effort=(body.get("reasoning") or {}).get("effort"),
        max_tokens=body.get("max_output_tokens"),
        stream=bool(body.get("stream")),
    )
    reject_temperature(call)
    return call


def _output(
    call: Call, reply: SimReply, fault: str | None, state: ServerState
) -> list[dict[str, Any]]:
    items: list[dict[str, Any]] = []
    if reply.usage.reasoning_tokens or call.effort:
        rid = new_id("rs_")
        item: dict[str, Any] = {"id": rid, "type": "reasoning", "summary": []}
        if "reasoning.encrypted_content" in (call.body.get("include") or []):
            item["encrypted_content"] = sign(state.secret, rid)
        items.append(item)
    text = reply.message.content
    if fault == "refusal":
        part: dict[str, Any] = {"type": "refusal", "refusal": REFUSAL_TEXT}
    else:
        part = {"type": "output_text", "text": text, "annotations": [], "logprobs": []}
    if text or fault == "refusal":
        items.append(
            {
                "id": new_id("msg_"),
                "type": "message",
                "status": "completed",
                "role": "assistant",
                "content": [part],
            }
        )
    for c in [] if fault == "refusal" else reply.message.tool_calls:
        arguments = malformed(c.arguments_json()) if fault == "malformed" else c.arguments_json()
        items.append({"id": new_id("fc_"), "type": "function_call", "status": "completed",
                      "call_id": c.id, "name": c.name, "arguments": arguments})  # fmt: skip
    return items


def _response(
    call: Call, reply: SimReply, output: list[dict[str, Any]], cut: bool
) -> dict[str, Any]:
    u = reply.usage
    body = call.body
    return {
        "id": new_id("resp_"),
        "object": "response",
        "created_at": int(time.time()),
        "status": "incomplete" if cut else "completed",
        "completed_at": None if cut else int(time.time()),
        "error": None,
        "incomplete_details": {"reason": "max_output_tokens"} if cut else None,
        "instructions": body.get("instructions"),
        "max_output_tokens": body.get("max_output_tokens"),
        "metadata": {},
        "model": call.model,
        "output": output,
        "parallel_tool_calls": True,
        "previous_response_id": None,
        "reasoning": {"effort": call.effort, "summary": None},
        "store": body.get("store", True),
        "temperature": body.get("temperature", 1.0),
        "text": {"format": {"type": "text"}},
        "tool_choice": body.get("tool_choice", "auto"),
        "tools": body.get("tools") or [],
        "top_p": 1.0,
        "truncation": "disabled",
        "usage": {
            "input_tokens": u.input_tokens,
            "input_tokens_details": {"cached_tokens": u.cached_tokens},
            "output_tokens": u.output_tokens,
            "output_tokens_details": {"reasoning_tokens": u.reasoning_tokens},
            "total_tokens": u.input_tokens + u.output_tokens,
        },
        "user": None,
    }


def render(call: Call, reply: SimReply, fault: str | None, state: ServerState) -> Response:
    """The simulated reply as a Responses API response (streamed when asked)."""
    reply, cut = cap(reply, call.max_tokens)
    response = _response(call, reply, _output(call, reply, fault, state), cut)
    if call.stream:
        return sse_reply(_events(response), truncated=fault == "truncated")
    return json_reply(response, truncated=fault == "truncated")


def _item_events(index: int, item: dict[str, Any]) -> list[tuple[str, dict[str, Any]]]:
    """The events that stream one output item, from ``output_item.added`` to ``.done``."""
    where = {"item_id": item["id"], "output_index": index}
    if item["type"] == "reasoning":
        return [("response.output_item.added", {"output_index": index, "item": item}),
                ("response.output_item.done", {"output_index": index, "item": item})]  # fmt: skip
    if item["type"] == "function_call":
        args = item["arguments"]
        events = [
            (
                "response.output_item.added",
                {"output_index": index, "item": {**item, "status": "in_progress", "arguments": ""}},
            )
        ]
        events += [
            ("response.function_call_arguments.delta", {**where, "delta": d})
            for d in chunks(args, 2)
        ]
        events.append(
            (
                "response.function_call_arguments.done",
                {**where, "arguments": args, "name": item["name"]},
            )
        )
        return [*events, ("response.output_item.done", {"output_index": index, "item": item})]
    part = item["content"][0]
    at = {**where, "content_index": 0}
    field, empty = ("refusal", {"type": "refusal", "refusal": ""}) if part["type"] == "refusal" else (
        "text", {"type": "output_text", "text": "", "annotations": [], "logprobs": []})  # fmt: skip
    prefix = "response.refusal" if field == "refusal" else "response.output_text"
    extra: dict[str, Any] = {} if field == "refusal" else {"logprobs": []}
    events = [("response.output_item.added", {"output_index": index, "item": {**item, "status": "in_progress", "content": []}}),
              ("response.content_part.added", {**at, "part": empty})]  # fmt: skip
    events += [(f"{prefix}.delta", {**at, "delta": d, **extra}) for d in chunks(part[field])]
    events.append((f"{prefix}.done", {**at, field: part[field], **extra}))
    events.append(("response.content_part.done", {**at, "part": part}))
    return [*events, ("response.output_item.done", {"output_index": index, "item": item})]


def _events(response: dict[str, Any]) -> list[str]:
    start = {**response, "status": "in_progress", "output": [], "usage": None, "completed_at": None}
    events = [
        ("response.created", {"response": start}),
        ("response.in_progress", {"response": start}),
    ]
    for index, item in enumerate(response["output"]):
        events += _item_events(index, item)
    events.append((f"response.{response['status']}", {"response": response}))
    out = []
    for number, (name, data) in enumerate(events):
        out.append(
            f"event: {name}\ndata: {dumps({'type': name, 'sequence_number': number, **data})}\n\n"
        )
    return out
