"""The simulated models behind the wire: names, effort, and one reply.

SIMULATION, not real models: the policy of :mod:`relgap.simulation` plays suite
tasks from the conversation alone, exactly what the server receives.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from collections.abc import Sequence
from dataclasses import dataclass

from relgap.messages import Message, ToolSpec, Usage
from relgap.simulation import SimParams, SimulatedProvider, resolve_params, sim_names

# Efforts the vendors accept, folded onto the three simulated ones.
_EFFORT = {"none": "low", "minimal": "low", "low": "low", "medium": "medium",
           "high": "high", "xhigh": "high", "max": "high"}  # fmt: skip


class UnknownModel(LookupError):
    """The request named a model this server does not serve."""


def served_models() -> list[str]:
    """Wire names: ``sim-oracle``, ``sim-fast``, ``sim-reasoner-low``... (``sim/...`` too)."""
    return [n.replace("/", "-") for n in sim_names()]


def sim_name(wire_name: str) -> str:
    """``sim-fast`` or ``sim/fast`` -> ``sim/fast``; UnknownModel otherwise."""
    name = wire_name if wire_name.startswith("sim/") else wire_name.replace("sim-", "sim/", 1)
    if name not in sim_names():
        raise UnknownModel(
            f"The model '{wire_name}' does not exist. Served: {', '.join(served_models())}"
        )
    return name


def effort_of(effort: str | None, thinking_budget: int | None) -> str | None:
    """The simulated effort for a request: its effort setting, else its thinking budget."""
    if effort:
        return _EFFORT.get(effort, "medium")
    if thinking_budget:
        return "low" if thinking_budget < 4096 else "medium" if thinking_budget < 16384 else "high"
    return None


@dataclass(frozen=True)
class SimReply:
    """A simulated turn: the assistant message, its token usage and the model's parameters."""

    message: Message
    usage: Usage
    params: SimParams


def play(
    name: str,
    messages: Sequence[Message],
    tools: Sequence[ToolSpec],
    *,
    effort: str | None = None,
    thinking_budget: int | None = None,
    seed: int | None = None,
) -> SimReply:
    """The simulated model's next turn for this conversation."""
    params = resolve_params(
        name, effort_of(effort, thinking_budget) if name == "sim/reasoner" else None
    )
    message = SimulatedProvider.reply(params, messages, seed)
    usage = SimulatedProvider.usage(params, messages, tools, message)
    return SimReply(message, usage, params)


def reasoning_text(tokens: int) -> str:
    """The (placeholder) visible reasoning of a simulated turn."""
    return f"[simulated reasoning: {tokens} tokens]"


def sign(secret: bytes, text: str) -> str:
    """A signature over a thinking block, checked when the block comes back."""
    return base64.b64encode(hmac.new(secret, text.encode(), hashlib.sha256).digest()).decode()


def cap(reply: SimReply, max_tokens: int | None) -> tuple[SimReply, bool]:
    """The reply as a ``max_tokens`` cap leaves it, and whether the cap cut it.

    When the turn needs more output tokens, tool calls are lost, the text is cut, and the
    caller reports a length stop.
    """
    if max_tokens is None or reply.usage.output_tokens <= max_tokens:
        return reply, False
    reasoning = min(reply.usage.reasoning_tokens, max_tokens)
    text = reply.message.content[: max(0, max_tokens - reasoning) * 4]
    usage = Usage(reply.usage.input_tokens, max_tokens, reasoning, reply.usage.cached_tokens)
    return SimReply(Message(role="assistant", content=text), usage, reply.params), True


def chunks(text: str, parts: int = 3) -> list[str]:
    """``text`` in up to ``parts`` pieces, as a stream would deliver it."""
    if not text:
        return []
    size = max(1, -(-len(text) // parts))
    return [text[i : i + size] for i in range(0, len(text), size)]
