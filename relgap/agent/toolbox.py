"""What your own agent receives: the conversation so far and a toolbox.

The :class:`Toolbox` holds the suite's tools for one trial, callable by name, with their
schemas in the OpenAI (Chat Completions, Responses) and Anthropic formats. Every call goes
through relgap, which records it in the transcript exactly as it records the built-in loop's
tool calls, and the grader judges the state the calls left. An agent reports the tokens and
cost of its own model calls with :meth:`Toolbox.report_usage` (or hands an OpenAI/Anthropic
SDK response to :meth:`Toolbox.report_response`); unreported usage leaves the trial's cost
unknown, never zero.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from relgap.messages import Message, ToolCall, ToolSpec, Usage
from relgap.records import StopReason
from relgap.suite.base import Environment

Pricer = Callable[[str, Usage], "float | None"]


class TrialOver(Exception):
    """Raised by :meth:`Toolbox.call` once the trial cannot go on.

    The step limit was reached, or a tool ended the conversation. Let it propagate: relgap
    catches it.
    """


@dataclass(frozen=True)
class Conversation:
    """The conversation so far, as your agent sees it.

    Attributes:
        messages: relgap messages, oldest first: the suite's system prompt (its policy),
            then user and assistant turns, including the tool calls your agent made
            through the toolbox and their results.
        model: the ``-m`` label of this group (use it, or ignore it and call any model).
        settings: the variant's settings that were set (e.g. ``{"reasoning_effort": "high"}``).
        seed: the trial's seed (pass it on for reproducible sampling where the API takes one).
    """

    messages: tuple[Message, ...]
    model: str
    settings: dict[str, Any] = field(default_factory=dict)
    seed: int | None = None

    @property
    def system(self) -> str:
        """The system prompt (the suite's policy)."""
        return "\n\n".join(m.content for m in self.messages if m.role == "system")

    @property
    def last_user_message(self) -> str:
        """What the user said last ("" before the user has spoken)."""
        return next((m.content for m in reversed(self.messages) if m.role == "user"), "")

    def openai_messages(self) -> list[dict[str, Any]]:
        """The conversation as Chat Completions ``messages``."""
        from relgap.providers.openai import chat_messages

        return chat_messages(self.messages)

    def anthropic_messages(self) -> tuple[str | None, list[dict[str, Any]]]:
        """The conversation as (``system``, Messages API ``messages``)."""
        from relgap.providers.anthropic import anthropic_messages

        return anthropic_messages(self.messages)

    def to_json(self) -> list[dict[str, Any]]:
        """The messages as plain JSON objects (relgap's transcript format)."""
        return [m.to_dict() for m in self.messages]


class Toolbox:
    """The suite's tools for one trial, callable by name; the usage your agent reports.

    Args:
        env: the trial's environment.
        messages: the trial's transcript; tool calls and results are appended to it.
        max_calls: tool calls allowed in the whole trial (the run's ``--max-steps``).
    """

    def __init__(self, env: Environment, messages: list[Message], max_calls: int) -> None:
        """Open the toolbox on ``env``, appending to ``messages`` (see the class Args)."""
        self._env = env
        self._messages = messages
        self._max_calls = max_calls
        self.calls = 0
        self.usage = Usage()
        self.model_calls = 0
        self.cost_usd: float | None = None  # None until usage is reported
        self._priced: list[tuple[str | None, Usage, float | None]] = []
        self.stop: StopReason | None = None

    # -- the tools -------------------------------------------------------------------------
    @property
    def specs(self) -> list[ToolSpec]:
        """Names, descriptions and JSON schemas of the tools."""
        return self._env.tool_specs()

    @property
    def transcript(self) -> tuple[Message, ...]:
        """The trial's messages so far, including the tool calls made through this box."""
        return tuple(self._messages)

    @property
    def names(self) -> list[str]:
        """The tools' names."""
        return [s.name for s in self.specs]

    def openai_tools(self) -> list[dict[str, Any]]:
        """The tools in the Chat Completions ``tools`` format."""
        from relgap.providers.openai import chat_tools

        return chat_tools(self.specs)

    def responses_tools(self) -> list[dict[str, Any]]:
        """The tools in the OpenAI Responses API ``tools`` format."""
        return [
            {"type": "function", "name": s.name, "description": s.description,
             "parameters": s.parameters}
            for s in self.specs
        ]  # fmt: skip

    def anthropic_tools(self) -> list[dict[str, Any]]:
        """The tools in the Anthropic Messages API ``tools`` format."""
        return [
            {"name": s.name, "description": s.description, "input_schema": s.parameters}
            for s in self.specs
        ]

    async def call(
        self, name: str, arguments: dict[str, Any] | str | None = None, *, id: str | None = None
    ) -> str:
        """Run tool ``name`` and return its observation (``Error: ...`` for a bad call).

        ``arguments`` is a dict or the JSON string a model produced (malformed JSON becomes
        an error observation, as in the built-in loop). ``id`` is your model's tool-call id
        (kept in the transcript); relgap makes one up otherwise.
        """
        if self.stop is not None:
            raise TrialOver(f"the trial is over ({self.stop})")
        call_id = id or f"call_own_{self.calls}"
        if isinstance(arguments, str) or arguments is None:
            call = ToolCall.from_json(call_id, name, arguments)
        else:
            call = ToolCall(call_id, name, dict(arguments))
        self.calls += 1
        self._messages.append(Message(role="assistant", tool_calls=(call,)))
        output = self._env.call(call)
        self._messages.append(
            Message(role="tool", content=output.content, tool_call_id=call_id, name=name)
        )
        if self._env.ended:
            self.stop = StopReason.TRANSFERRED
        elif self.calls >= self._max_calls:
            self.stop = StopReason.MAX_STEPS
        return output.content

    # -- usage -----------------------------------------------------------------------------
    def report_usage(
        self,
        input_tokens: int = 0,
        output_tokens: int = 0,
        *,
        reasoning_tokens: int = 0,
        cached_tokens: int = 0,
        cost_usd: float | None = None,
        model: str | None = None,
        calls: int = 1,
    ) -> None:
        """Report ``calls`` model calls (default one) of your agent: their tokens and cost.

        ``output_tokens`` includes reasoning tokens; give ``cost_usd`` when you know it.
        Without it relgap prices the tokens for ``model`` (default: the ``-m`` label) from its
        price map and the config's ``[prices]``; a model it cannot price makes the trial's
        cost unknown.
        """
        usage = Usage(input_tokens, output_tokens, reasoning_tokens, cached_tokens)
        self.usage += usage
        self.model_calls += calls
        self._priced.append((model, usage, cost_usd))

    def report_response(self, response: Any, *, model: str | None = None) -> None:
        """Report the usage of an OpenAI or Anthropic SDK response, or of its ``model_dump()``.

        An OpenAI response may come from Chat Completions or from the Responses API.
        """
        data = response if isinstance(response, dict) else _dump(response)
        usage = data.get("usage") or {}
        details = usage.get("completion_tokens_details") or usage.get("output_tokens_details")
        prompt_details = usage.get("prompt_tokens_details") or usage.get("input_tokens_details")
        cache_read = int(usage.get("cache_read_input_tokens") or 0)
        cache_write = int(usage.get("cache_creation_input_tokens") or 0)  # Anthropic
        self.report_usage(
            int(usage.get("prompt_tokens") or usage.get("input_tokens") or 0)
            + cache_read
            + cache_write,
            int(usage.get("completion_tokens") or usage.get("output_tokens") or 0),
            reasoning_tokens=int((details or {}).get("reasoning_tokens") or 0),
            cached_tokens=int((prompt_details or {}).get("cached_tokens") or 0) + cache_read,
            model=model,
        )

    def priced(self, label: str, price: Pricer | None) -> float | None:
        """The reported calls' total cost; None if nothing was reported or one is unknown."""
        if not self._priced:
            return None
        total = 0.0
        for model, usage, cost in self._priced:
            if cost is None and price is not None:
                cost = price(model or label, usage)
            if cost is None:
                return None
            total += cost
        return total


def _dump(response: Any) -> dict[str, Any]:
    dump = getattr(response, "model_dump", None)
    if callable(dump):
        data = dump()
        return data if isinstance(data, dict) else {}
    try:
        data = json.loads(json.dumps(response, default=lambda o: vars(o)))
    except (TypeError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}
