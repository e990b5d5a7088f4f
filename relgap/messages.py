"""Provider-neutral conversation values.

Adapters translate these to and from each vendor's wire format; the agent loop, the suites
and the simulated models only ever see these.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

Role = Literal["system", "user", "assistant", "tool"]


@dataclass(frozen=True)
class ToolCall:
    """A tool call the model asked for.

    ``arguments`` is the parsed JSON object. When the model produced text that is not a JSON
    object, ``arguments`` is empty and ``parse_error`` says why; the loop then answers the
    model with an error observation instead of executing anything.
    """

    id: str
    name: str
    arguments: dict[str, Any] = field(default_factory=dict)
    parse_error: str | None = None
    raw_arguments: str | None = None

    @staticmethod
    def from_json(id: str, name: str, raw: str | None) -> ToolCall:
        """Parse a wire-format argument string, keeping malformed JSON as a parse error."""
        text = raw or "{}"
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            return ToolCall(id, name, {}, f"arguments are not valid JSON: {exc.msg}", raw)
        if not isinstance(value, dict):
            return ToolCall(id, name, {}, "arguments must be a JSON object", raw)
        return ToolCall(id, name, value, None, raw)

    def arguments_json(self) -> str:
        """The arguments as the JSON string the wire formats carry."""
        if self.raw_arguments is not None and self.parse_error is not None:
            return self.raw_arguments
        return json.dumps(self.arguments, separators=(",", ":"), sort_keys=True)


@dataclass(frozen=True)
class Message:
    """One conversation turn.

    Attributes:
        role: system, user, assistant or tool.
        content: the text of the turn (for ``tool``: the tool's observation).
        tool_calls: tool calls of an assistant turn.
        tool_call_id: for a ``tool`` turn, the id of the call it answers.
        name: for a ``tool`` turn, the tool's name.
        reasoning: visible reasoning / thinking text of an assistant turn, if any.
        provider_data: opaque data an adapter must send back verbatim on the next request
            (Anthropic thinking blocks with their signatures, OpenAI Responses reasoning
            items). Other adapters ignore it.
    """

    role: Role
    content: str = ""
    tool_calls: tuple[ToolCall, ...] = ()
    tool_call_id: str | None = None
    name: str | None = None
    reasoning: str | None = None
    provider_data: dict[str, Any] | None = None

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dict, as stored in trial transcripts."""
        data = asdict(self)
        data["tool_calls"] = [asdict(c) for c in self.tool_calls]
        return {k: v for k, v in data.items() if v not in (None, [], "") or k == "content"}

    @staticmethod
    def from_dict(data: dict[str, Any]) -> Message:
        """The message a :meth:`to_dict` dict describes."""
        calls = tuple(ToolCall(**c) for c in data.get("tool_calls", ()))
        rest = {k: v for k, v in data.items() if k != "tool_calls"}
        return Message(tool_calls=calls, **rest)


@dataclass(frozen=True)
class ToolSpec:
    """A tool the model may call: its name, description and JSON schema of arguments."""

    name: str
    description: str
    parameters: dict[str, Any]


@dataclass(frozen=True)
class Usage:
    """Token usage of one or more model calls.

    ``output_tokens`` includes ``reasoning_tokens`` (as OpenAI and Anthropic both bill
    reasoning as output); ``cached_tokens`` is the part of ``input_tokens`` read from cache.
    """

    input_tokens: int = 0
    output_tokens: int = 0
    reasoning_tokens: int = 0
    cached_tokens: int = 0

    def __add__(self, other: Usage) -> Usage:
        """The usage of both, field by field."""
        return Usage(
            self.input_tokens + other.input_tokens,
            self.output_tokens + other.output_tokens,
            self.reasoning_tokens + other.reasoning_tokens,
            self.cached_tokens + other.cached_tokens,
        )

    @property
    def total_tokens(self) -> int:
        """Input plus output tokens (reasoning is part of output, cached part of input)."""
        return self.input_tokens + self.output_tokens


@dataclass(frozen=True)
class Completion:
    """A provider's normalized reply.

    Attributes:
        message: the assistant turn (text and/or tool calls).
        usage: tokens of this call.
        stop_reason: normalized: ``end_turn``, ``tool_use``, ``max_tokens``, ``refusal``,
            ``content_filter`` or the provider's own word.
        latency_s: wall-clock seconds the call took, retries excluded.
        response_id: the provider's id of the response, when it gives one.
        model: the model name the provider reported.
        cost_usd: the provider-reported cost when the provider knows it (simulated models);
            hosted adapters leave it None and the runner prices usage.
    """

    message: Message
    usage: Usage = Usage()
    stop_reason: str = "end_turn"
    latency_s: float = 0.0
    response_id: str | None = None
    model: str | None = None
    cost_usd: float | None = None
