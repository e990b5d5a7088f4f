"""OpenAI adapters: Chat Completions (``openai/<model>``) and Responses (``openai-responses/``).

Both use the official async SDK with ``max_retries=0`` (the runner retries) and work with any
OpenAI-compatible server through ``base_url`` / ``OPENAI_BASE_URL``; a server on this
machine gets a placeholder key when ``OPENAI_API_KEY`` is unset.

Reasoning models (o1/o3/o4/gpt-5*, or any call with ``reasoning_effort``) get no
temperature. The Chat Completions wire format lives in :mod:`relgap.providers.chat_format`,
shared with the LiteLLM adapter.
"""

from __future__ import annotations

import os
import re
import time
from collections.abc import Sequence
from typing import Any

import openai
from openai.types.chat import ChatCompletion
from openai.types.responses import Response

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings, HostedModel
from relgap.providers.chat_format import attr_or_key as _get
from relgap.providers.chat_format import chat_messages, chat_tools, parse_chat_completion
from relgap.providers.errors import translate_errors
from relgap.providers.keys import check_base_url, resolve_key

DEFAULT_TIMEOUT_S = 300.0
_REASONING_MODEL = re.compile(r"^(o\d|gpt-5)")


def is_reasoning_model(model: str) -> bool:
    """o-series and gpt-5 models reject sampling parameters such as temperature."""
    return bool(_REASONING_MODEL.match(model.rsplit("/", 1)[-1]))


# -- clients ----------------------------------------------------------------------------------
def _client(base_url: str | None, timeout: float) -> openai.AsyncOpenAI:
    base_url = base_url or os.environ.get("OPENAI_BASE_URL") or None
    if base_url:
        check_base_url(base_url, "--base-url or OPENAI_BASE_URL")
    key = resolve_key("OPENAI_API_KEY", "openai", base_url)
    return openai.AsyncOpenAI(api_key=key, base_url=base_url, max_retries=0, timeout=timeout)


class _OpenAIBase(HostedModel):
    def __init__(
        self, name: str, base_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> None:
        super().__init__(name)
        self.client = _client(base_url, timeout)

    def _wants_reasoning(self, settings: GenerateSettings) -> bool:
        return settings.reasoning_effort is not None or is_reasoning_model(self.model)

    async def aclose(self) -> None:
        await self.client.close()

    async def _post(self, path: str, params: dict[str, Any], cast_to: type) -> Any:
        """POST wire-format ``params`` through the SDK client.

        ``create()`` first runs the SDK's typed-parameter transform, which walks every
        message and tool schema of the conversation on every call: it was about 60% of
        relgap's CPU per model call in benchmarks/throughput.py. Our params are already in
        wire form, so they go straight to the same client (same HTTP stack, headers, error
        types and response parsing).
        """
        body = dict(params)
        body.update(body.pop("extra_body", None) or {})
        return await self.client.post(path, cast_to=cast_to, body=body)


class OpenAIChatProvider(_OpenAIBase):
    """``openai/<model>``: the Chat Completions API with function tools.

    Args:
        name: the relgap name, e.g. ``openai/gpt-4.1``.
        base_url: an OpenAI-compatible endpoint (default: ``OPENAI_BASE_URL`` or OpenAI).
        timeout: seconds per HTTP request.
    """

    def request(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> dict[str, Any]:
        """The keyword arguments of ``chat.completions.create`` for this call."""
        params: dict[str, Any] = {"model": self.model, "messages": chat_messages(messages)}
        if tools:
            params["tools"] = chat_tools(tools)
        if settings.max_tokens is not None:
            params["max_completion_tokens"] = settings.max_tokens
        if settings.reasoning_effort is not None:
            params["reasoning_effort"] = settings.reasoning_effort
        if settings.temperature is not None and not self._wants_reasoning(settings):
            params["temperature"] = settings.temperature
        if settings.seed is not None:
            params["seed"] = settings.seed
        if settings.extra:
            params["extra_body"] = dict(settings.extra)
        return params

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """One Chat Completions call, as a Completion."""
        started = time.perf_counter()
        with translate_errors(self.name, "openai"):
            response = await self._post(
                "/chat/completions", self.request(messages, tools, settings), ChatCompletion
            )
        return parse_chat_completion(response, self.name, started)


# -- Responses wire format --------------------------------------------------------------------
OUTPUT_KEY = "openai_output_items"


def responses_input(messages: Sequence[Message]) -> tuple[str | None, list[dict[str, Any]]]:
    """Relgap's messages as the Responses API takes them: ``(instructions, input items)``.

    An assistant turn that came from the Responses API goes back as its own output items,
    verbatim and in order (reasoning with its encrypted content, messages, function calls),
    as the API asks; other assistant turns are rebuilt from the message.
    """
    system = [m.content for m in messages if m.role == "system"]
    items: list[dict[str, Any]] = []
    for m in messages:
        if m.role == "user":
            items.append({"role": "user", "content": m.content})
        elif m.role == "tool":
            items.append(
                {"type": "function_call_output", "call_id": m.tool_call_id, "output": m.content}
            )
        elif m.role == "assistant" and _replayable((m.provider_data or {}).get(OUTPUT_KEY)):
            items.extend((m.provider_data or {})[OUTPUT_KEY])
        elif m.role == "assistant":
            if m.content:
                items.append({"role": "assistant", "content": m.content})
            items.extend(
                {
                    "type": "function_call",
                    "call_id": c.id,
                    "name": c.name,
                    "arguments": c.arguments_json(),
                }
                for c in m.tool_calls
            )
    return ("\n\n".join(system) or None), items


def _replayable(items: list[dict[str, Any]] | None) -> bool:
    """Whether output items can go back verbatim.

    Not when a reasoning item lacks its encrypted content (with ``store=False`` the API cannot
    look it up by id: a fatal 404); such a turn is rebuilt from the message instead.
    """
    return bool(items) and all(
        i.get("type") != "reasoning" or i.get("encrypted_content") for i in items or ()
    )


def _responses_message(response: Any, provider: str) -> tuple[Message, bool]:
    """The assistant turn of a Responses reply, and whether it was cut by max_output_tokens."""
    texts: list[str] = []
    calls: list[ToolCall] = []
    output_items: list[dict[str, Any]] = []
    summaries: list[str] = []
    for item in _get(response, "output", []):
        output_items.append(item.model_dump(mode="json", exclude_none=True, warnings=False))
        kind = _get(item, "type")
        if kind == "reasoning":
            summaries.extend(_get(s, "text", "") for s in _get(item, "summary", []))
        elif kind == "function_call":
            calls.append(
                ToolCall.from_json(
                    _get(item, "call_id", ""), _get(item, "name", ""), _get(item, "arguments")
                )
            )
        elif kind == "message":
            for part in _get(item, "content", []):
                if _get(part, "type") == "refusal":
                    raise ProviderError(
                        f"{provider}: the model refused: {_get(part, 'refusal', '')}"[:500],
                        transient=False,
                        kind="refusal",
                    )
                texts.append(_get(part, "text", ""))
    reason = _get(_get(response, "incomplete_details"), "reason")
    if reason == "content_filter":
        raise ProviderError(
            f"{provider}: the reply was blocked by a content filter",
            transient=False,
            kind="content_filter",
        )
    message = Message(
        role="assistant",
        content="".join(texts),
        tool_calls=tuple(calls),
        reasoning="\n".join(s for s in summaries if s) or None,
        provider_data={OUTPUT_KEY: output_items} if output_items else None,
    )
    return message, reason == "max_output_tokens"


def _responses_usage(usage: Any) -> Usage:
    if usage is None:
        return Usage()
    return Usage(
        input_tokens=int(_get(usage, "input_tokens", 0)),
        output_tokens=int(_get(usage, "output_tokens", 0)),
        reasoning_tokens=int(_get(_get(usage, "output_tokens_details"), "reasoning_tokens", 0)),
        cached_tokens=int(_get(_get(usage, "input_tokens_details"), "cached_tokens", 0)),
    )


class OpenAIResponsesProvider(_OpenAIBase):
    """``openai-responses/<model>``: the Responses API, stateless (``store=False``).

    Reasoning items come back encrypted (``include=["reasoning.encrypted_content"]``), are
    kept in the assistant turn's ``provider_data`` and sent back on the next call, as the
    API needs for reasoning models in a tool loop. The Responses API has no seed parameter.
    A model not recognised as a reasoning model gets ``include`` as soon as it returns a
    reasoning item; until then its turns are rebuilt from the messages.
    """

    _reasoning_seen = False

    def request(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> dict[str, Any]:
        """The keyword arguments of ``responses.create`` for this call."""
        instructions, items = responses_input(messages)
        params: dict[str, Any] = {"model": self.model, "input": items, "store": False}
        if instructions:
            params["instructions"] = instructions
        if tools:
            params["tools"] = [
                {
                    "type": "function",
                    "name": t.name,
                    "description": t.description,
                    "parameters": t.parameters,
                    "strict": False,
                }
                for t in tools
            ]
        if settings.max_tokens is not None:
            params["max_output_tokens"] = settings.max_tokens
        if self._wants_reasoning(settings) or self._reasoning_seen:
            params["include"] = ["reasoning.encrypted_content"]
            if settings.reasoning_effort is not None:
                params["reasoning"] = {"effort": settings.reasoning_effort}
        elif settings.temperature is not None:
            params["temperature"] = settings.temperature
        if settings.extra:
            params["extra_body"] = dict(settings.extra)
        return params

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """One Responses API call, as a Completion."""
        started = time.perf_counter()
        with translate_errors(self.name, "openai"):
            response = await self._post(
                "/responses", self.request(messages, tools, settings), Response
            )
        if _get(response, "status") == "failed":
            error = _get(response, "error")
            code = str(_get(error, "code", "") or "")
            detail = f"{code}: {_get(error, 'message', '')}"
            # Only the server's own trouble is worth a retry; a rejected prompt is not.
            transient = code in ("", "server_error", "rate_limit_exceeded", "vector_store_timeout")
            kind = (
                "rate_limit"
                if code == "rate_limit_exceeded"
                else ("server_error" if transient else "bad_request")
            )
            raise ProviderError(
                f"{self.name}: the response failed: {detail}", transient=transient, kind=kind
            )
        message, truncated = _responses_message(response, self.name)
        if any(
            i.get("type") == "reasoning" for i in (message.provider_data or {}).get(OUTPUT_KEY, [])
        ):
            # A reasoning model relgap did not recognise by name: ask for the encrypted
            # reasoning from now on, so its items can be replayed.
            self._reasoning_seen = True
        stop = "max_tokens" if truncated else ("tool_use" if message.tool_calls else "end_turn")
        return Completion(
            message=message,
            usage=_responses_usage(_get(response, "usage")),
            stop_reason=stop,
            latency_s=time.perf_counter() - started,
            response_id=_get(response, "id"),
            model=_get(response, "model"),
        )
