"""The agent loop: model turn, tool calls against the environment, repeat.

It runs one agent turn: it stops when the model answers without a tool call (``completed``:
the text goes to the user, see ``relgap.run.dialogue``), when a tool ends the
conversation (``transferred``), at the step limit (``max_steps``), at the token limit
(``max_tokens``), or when the provider fails. Everything is kept in ``LoopState`` as it
happens, so a trial cut short by a timeout still has its transcript.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from relgap.errors import ProviderError
from relgap.messages import Message, Usage
from relgap.providers.base import GenerateSettings, Provider
from relgap.records import StopReason
from relgap.suite.base import Environment

# Provider errors that are the model's failure (count as failed trials), not infrastructure.
MODEL_ERROR_KINDS = frozenset({"context_overflow", "refusal", "content_filter", "invalid_output"})


@dataclass(frozen=True)
class LoopLimits:
    """When the loop stops a trial: after ``max_steps`` steps, or ``max_total_tokens`` tokens."""

    max_steps: int = 30
    max_total_tokens: int | None = None


@dataclass
class LoopState:
    """What the loop has done so far; filled in place."""

    messages: list[Message]
    usage: Usage = field(default_factory=Usage)
    steps: int = 0
    cost_usd: float | None = 0.0
    stop_reason: StopReason | None = None
    error: ProviderError | None = None
    response_ids: list[str] = field(default_factory=list)


async def run_agent(
    provider: Provider,
    env: Environment,
    state: LoopState,
    settings: GenerateSettings,
    limits: LoopLimits,
    price: Callable[[Usage], float | None] | None = None,
) -> LoopState:
    """Run the conversation in ``state.messages`` to its end; never raises for model mistakes.

    Raises ProviderError only for non-transient, non-model failures (bad key, bad request),
    which are the user's or relgap's to fix, not a trial outcome.

    Each call is priced by the provider's own ``cost_usd`` when it knows it (simulated
    models, cache hits) and otherwise by ``price``; one unknown price makes the trial's
    cost unknown (None), never a partial sum.
    """
    tools = env.tool_specs()
    while state.steps < limits.max_steps:
        try:
            completion = await provider.complete(state.messages, tools, settings)
        except ProviderError as exc:
            if exc.transient:
                state.stop_reason, state.error = StopReason.INFRA_ERROR, exc
                return state
            if exc.kind in MODEL_ERROR_KINDS:
                state.stop_reason, state.error = StopReason.MODEL_ERROR, exc
                return state
            raise
        state.steps += 1
        state.usage += completion.usage
        if completion.response_id:
            state.response_ids.append(completion.response_id)
        if state.cost_usd is not None:
            cost = completion.cost_usd
            if cost is None and price is not None:
                cost = price(completion.usage)
            state.cost_usd = None if cost is None else state.cost_usd + cost
        message = completion.message
        state.messages.append(message)
        if message.content.strip():
            env.record_reply(message.content)
        if not message.tool_calls:
            truncated = completion.stop_reason == "max_tokens"
            state.stop_reason = StopReason.MAX_TOKENS if truncated else StopReason.COMPLETED
            return state
        for call in message.tool_calls:
            output = env.call(call)
            state.messages.append(
                Message(role="tool", content=output.content, tool_call_id=call.id, name=call.name)
            )
        if env.ended:
            state.stop_reason = StopReason.TRANSFERRED
            return state
        if (
            limits.max_total_tokens is not None
            and state.usage.total_tokens >= limits.max_total_tokens
        ):
            state.stop_reason = StopReason.MAX_TOKENS
            return state
    state.stop_reason = StopReason.MAX_STEPS
    return state
