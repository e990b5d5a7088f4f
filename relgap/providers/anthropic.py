"""Anthropic adapter (``anthropic/<model>``): the Messages API with tool use and thinking.

Uses the official async SDK with ``max_retries=0`` (the runner retries). Notes:

* The system prompt goes in ``system``; tool results are ``tool_result`` blocks, and
  consecutive ones are merged into one user turn.
* Extended thinking: ``thinking_budget`` sends ``thinking={"type": "enabled",
  "budget_tokens": N}``. ``max_tokens`` must exceed the budget; when the setting does not,
  the budget is added on top (``max_tokens`` then caps the visible answer). Thinking
  blocks, with their signatures, are kept in the turn's ``provider_data`` and sent back
  verbatim, as the API requires within a tool-use loop. ``reasoning_effort`` is sent as
  ``output_config.effort``.
* Sampling parameters: the Messages API version the SDK sends (2026-10-21) rejects
  ``temperature``, so a temperature setting is refused here with a clear message.
* Usage: ``input_tokens`` reports *all* input, i.e. the API's ``input_tokens`` plus
  ``cache_read_input_tokens`` plus ``cache_creation_input_tokens``; ``cached_tokens`` is the
  cache reads. ``reasoning_tokens`` is ``output_tokens_details.thinking_tokens`` when the API
  gives it (already included in ``output_tokens``).
* Long calls stream (auto when ``max_tokens`` > 16k, as the SDK recommends); the events
  are assembled here, so malformed tool-input JSON stays a parse error, not a crash.
"""

from __future__ import annotations

import json
import os
import time
from collections.abc import AsyncIterator, Sequence
from typing import Any

import anthropic

from relgap.errors import ConfigError, ProviderError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings, HostedModel
from relgap.providers.errors import translate_errors
from relgap.providers.keys import check_base_url, resolve_key

DEFAULT_MAX_TOKENS = 4096
DEFAULT_TIMEOUT_S = 600.0
STREAM_ABOVE_TOKENS = 16_000
THINKING_KEY = "anthropic_thinking_blocks"
_STOP = {"end_turn": "end_turn", "tool_use": "tool_use", "max_tokens": "max_tokens",
         "stop_sequence": "end_turn", "pause_turn": "end_turn"}  # fmt: skip


def _assistant_blocks(m: Message) -> list[dict[str, Any]]:
    blocks: list[dict[str, Any]] = list((m.provider_data or {}).get(THINKING_KEY, []))
    if m.content:
        blocks.append({"type": "text", "text": m.content})
    for c in m.tool_calls:
        # A malformed call has no arguments to send back; its error observation follows.
        blocks.append({"type": "tool_use", "id": c.id, "name": c.name, "input": dict(c.arguments)})
    return blocks or [{"type": "text", "text": "(no reply)"}]


def anthropic_messages(messages: Sequence[Message]) -> tuple[str | None, list[dict[str, Any]]]:
    """Relgap's messages as the Messages API takes them: ``(system, messages)``."""
    system = "\n\n".join(m.content for m in messages if m.role == "system") or None
    out: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "system":
            continue
        if m.role == "assistant":
            out.append({"role": "assistant", "content": _assistant_blocks(m)})
            continue
        if m.role == "tool":
            block: dict[str, Any] = {
                "type": "tool_result",
                "tool_use_id": m.tool_call_id,
                "content": m.content,
            }
        else:
            block = {"type": "text", "text": m.content}
        if out and out[-1]["role"] == "user":
            out[-1]["content"].append(block)  # tool results (then any user text) in one turn
        else:
            out.append({"role": "user", "content": [block]})
    return system, out


def _tool_call(block: dict[str, Any]) -> ToolCall:
    raw = block.get("input")
    if isinstance(raw, dict):
        return ToolCall(block.get("id", ""), block.get("name", ""), raw, None, None)
    text = raw if isinstance(raw, str) else json.dumps(raw)
    return ToolCall.from_json(block.get("id", ""), block.get("name", ""), text)


def _usage(usage: dict[str, Any]) -> Usage:
    cache_read = int(usage.get("cache_read_input_tokens") or 0)
    cache_write = int(usage.get("cache_creation_input_tokens") or 0)
    details = usage.get("output_tokens_details") or {}
    return Usage(
        input_tokens=int(usage.get("input_tokens") or 0) + cache_read + cache_write,
        output_tokens=int(usage.get("output_tokens") or 0),
        reasoning_tokens=int(details.get("thinking_tokens") or 0),
        cached_tokens=cache_read,
    )


def parse_message(data: dict[str, Any], provider: str, started: float) -> Completion:
    """A Messages API reply (as a dict) -> Completion; refusals raise ``refusal``."""
    stop = data.get("stop_reason") or "end_turn"
    if stop == "refusal":
        raise ProviderError(
            f"{provider}: the model refused to continue", transient=False, kind="refusal"
        )
    if stop == "model_context_window_exceeded":
        raise ProviderError(
            f"{provider}: the context window is full", transient=False, kind="context_overflow"
        )
    texts: list[str] = []
    thoughts: list[str] = []
    kept: list[dict[str, Any]] = []
    calls: list[ToolCall] = []
    for block in data.get("content") or []:
        kind = block.get("type")
        if kind == "text":
            texts.append(block.get("text", ""))
        elif kind == "tool_use":
            calls.append(_tool_call(block))
        elif kind == "thinking":
            thoughts.append(block.get("thinking", ""))
            kept.append(
                {
                    "type": "thinking",
                    "thinking": block.get("thinking", ""),
                    "signature": block.get("signature", ""),
                }
            )
        elif kind == "redacted_thinking":
            kept.append({"type": "redacted_thinking", "data": block.get("data", "")})
    message = Message(
        role="assistant",
        content="".join(texts),
        tool_calls=tuple(calls),
        reasoning="\n".join(t for t in thoughts if t) or None,
        provider_data={THINKING_KEY: kept} if kept else None,
    )
    return Completion(
        message=message,
        usage=_usage(data.get("usage") or {}),
        stop_reason=_STOP.get(stop, stop),
        latency_s=time.perf_counter() - started,
        response_id=data.get("id"),
        model=data.get("model"),
    )


async def collect_stream(events: AsyncIterator[Any]) -> dict[str, Any]:
    """Assemble streamed events into the dict a non-streamed reply would have been.

    Tool input is kept as the raw JSON text the model streamed and parsed at the end, so
    malformed JSON becomes a ToolCall parse error rather than an exception.
    """
    message: dict[str, Any] = {}
    raw_inputs: dict[int, str] = {}
    async for event in events:
        data = (
            event.to_dict(mode="json", warnings=False) if hasattr(event, "to_dict") else dict(event)
        )
        kind = data.get("type")
        if kind == "message_start":
            message = dict(data["message"])
            message["content"] = []
        elif kind == "content_block_start":
            message["content"].append(dict(data["content_block"]))
        elif kind == "content_block_delta":
            block, delta = message["content"][data["index"]], data["delta"]
            field = {
                "text_delta": "text",
                "thinking_delta": "thinking",
                "signature_delta": "signature",
            }
            if delta["type"] == "input_json_delta":
                raw_inputs[data["index"]] = (
                    raw_inputs.get(data["index"], "") + delta["partial_json"]
                )
            elif delta["type"] in field:
                name = field[delta["type"]]
                block[name] = (block.get(name) or "") + delta[name]
        elif kind == "message_delta":
            message.update({k: v for k, v in data.get("delta", {}).items() if v is not None})
            usage = {k: v for k, v in (data.get("usage") or {}).items() if v is not None}
            message["usage"] = {**message.get("usage", {}), **usage}
    for index, raw in raw_inputs.items():
        message["content"][index]["input"] = raw
    return message


MIN_THINKING_BUDGET = 1024
ANTHROPIC_EFFORTS = ("low", "medium", "high", "xhigh", "max")


class AnthropicProvider(HostedModel):
    """``anthropic/<model>`` through the official SDK.

    Args:
        name: the relgap name, e.g. ``anthropic/claude-sonnet-4-5``.
        base_url: another endpoint (default: ``ANTHROPIC_BASE_URL`` or Anthropic's).
        timeout: seconds per HTTP request.
        stream: stream every call (True), never (False) or above 16k max_tokens (None).
    """

    def __init__(
        self,
        name: str,
        base_url: str | None = None,
        *,
        timeout: float = DEFAULT_TIMEOUT_S,
        stream: bool | None = None,
    ) -> None:
        """Create the SDK client; no request is sent until ``complete``."""
        super().__init__(name)
        self.stream = stream
        base_url = base_url or os.environ.get("ANTHROPIC_BASE_URL") or None
        if base_url:
            check_base_url(base_url, "--base-url or ANTHROPIC_BASE_URL")
        key = resolve_key("ANTHROPIC_API_KEY", "anthropic", base_url)
        self.client = anthropic.AsyncAnthropic(
            api_key=key, base_url=base_url, max_retries=0, timeout=timeout
        )

    def check_settings(self, settings: GenerateSettings) -> None:
        """Refuse, before any trial, settings the Messages API would reject."""
        if settings.temperature is not None:
            raise ConfigError(
                f"{self.name}: the Anthropic Messages API takes no temperature setting"
            )
        if settings.thinking_budget is not None and settings.thinking_budget < MIN_THINKING_BUDGET:
            raise ConfigError(
                f"{self.name}: a thinking budget must be at least {MIN_THINKING_BUDGET} tokens "
                f"(got {settings.thinking_budget})"
            )
        effort = settings.reasoning_effort
        if effort is not None and effort not in ANTHROPIC_EFFORTS:
            raise ConfigError(
                f"{self.name}: reasoning effort '{effort}' is not one of {', '.join(ANTHROPIC_EFFORTS)}"
            )

    def request(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> dict[str, Any]:
        """The keyword arguments of ``messages.create`` for this call."""
        if settings.temperature is not None:
            raise ProviderError(
                f"{self.name}: the Anthropic Messages API no longer accepts temperature; "
                "run Anthropic models without a temperature setting",
                transient=False,
                kind="bad_request",
            )
        system, wire = anthropic_messages(messages)
        max_tokens = settings.max_tokens or DEFAULT_MAX_TOKENS
        params: dict[str, Any] = {"model": self.model, "messages": wire}
        if system:
            params["system"] = system
        if tools:
            params["tools"] = [
                {"name": t.name, "description": t.description, "input_schema": t.parameters}
                for t in tools
            ]
        budget = settings.thinking_budget
        if budget:
            params["thinking"] = {"type": "enabled", "budget_tokens": budget}
            if max_tokens <= budget:
                max_tokens += budget
        params["max_tokens"] = max_tokens
        if settings.reasoning_effort is not None:
            params["output_config"] = {"effort": settings.reasoning_effort}
        if settings.extra:
            params["extra_body"] = dict(settings.extra)
        return params

    def _streams(self, params: dict[str, Any]) -> bool:
        return (
            self.stream if self.stream is not None else params["max_tokens"] > STREAM_ABOVE_TOKENS
        )

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """One Messages API call, as a Completion (streamed as ``stream`` says)."""
        started = time.perf_counter()
        params = self.request(messages, tools, settings)
        with translate_errors(self.name, "anthropic"):
            if self._streams(params):
                events = await self.client.messages.create(**params, stream=True)
                async with events:  # closes the connection even if assembling fails
                    data = await collect_stream(events)
            else:
                reply = await self.client.messages.create(**params)
                data = reply.to_dict(mode="json", warnings=False)
        return parse_message(data, self.name, started)

    async def aclose(self) -> None:
        """Close the SDK client and its connections."""
        await self.client.close()
