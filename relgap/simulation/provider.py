"""The simulated provider: a Provider that plays suite tasks (see params.py: SIMULATION)."""

from __future__ import annotations

import asyncio
import json
import random
import time
from collections.abc import Sequence

from relgap.errors import ConfigError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings
from relgap.simulation.params import REASONER_EFFORTS, SIM_MODELS, SimParams
from relgap.simulation.policy import (
    decode_seed,
    encode_call_id,
    make_plan,
    opening_user_message,
    steps_taken,
)
from relgap.simulation.user import USER_PARAMS, user_reply
from relgap.suite.registry import find_task

UNKNOWN_TASK_REPLY = (
    "[relgap simulated model] I only play the tasks of the suite being run, of installed "
    "suites and of suite folders given to `relgap serve --suite`, and this conversation does "
    "not open with one of their tasks."
)


def sim_names() -> list[str]:
    """Every simulated model name a run accepts, ``sim/reasoner`` and ``sim/user`` included."""
    return [*SIM_MODELS, "sim/reasoner", USER_PARAMS.name]


def resolve_params(name: str, reasoning_effort: str | None) -> SimParams:
    """The parameter row for a simulated model name and (for sim/reasoner) an effort."""
    if name == "sim/reasoner":
        effort = reasoning_effort or "medium"
        if effort not in REASONER_EFFORTS:
            raise ConfigError(
                f"sim/reasoner takes reasoning effort {', '.join(REASONER_EFFORTS)}; got '{effort}'"
            )
        return SIM_MODELS[REASONER_EFFORTS[effort]]
    if name == USER_PARAMS.name:
        return USER_PARAMS
    if name not in SIM_MODELS:
        raise ConfigError(f"unknown simulated model '{name}' (known: {', '.join(sim_names())})")
    return SIM_MODELS[name]


def _tokens(text: str) -> int:
    return max(1, len(text) // 4)


def _prompt_tokens(messages: Sequence[Message], tools: Sequence[ToolSpec]) -> int:
    text = sum(
        len(m.content) + sum(len(c.arguments_json()) for c in m.tool_calls) for m in messages
    )
    schema = sum(len(json.dumps(t.parameters)) + len(t.description) for t in tools)
    return (text + schema) // 4 + 4 * len(messages)


class SimulatedProvider:
    """A simulated model. Reproducible per (model, task, trial seed); never calls a network.

    Args:
        name: ``sim/oracle``, ``sim/fast``, ``sim/reasoner-{low,medium,high}`` or
            ``sim/reasoner`` (effort from the ``reasoning_effort`` setting).
        sleep: sleep the simulated latency on each call (benchmarks); off by default.
    """

    simulated = True

    def __init__(self, name: str, *, sleep: bool = False) -> None:
        """Check the name now, so an unknown model fails before any trial."""
        self.name = name
        params = resolve_params(name, None)
        self.family = params.family
        self.reasoning_effort = params.reasoning_effort
        self.sleep = sleep

    def check_settings(self, settings: GenerateSettings) -> None:
        """Refuse, before any trial, an effort sim/reasoner does not simulate."""
        resolve_params(self.name, settings.reasoning_effort)

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """The simulated model's next turn, with usage and simulated cost."""
        started = time.perf_counter()
        params = resolve_params(self.name, settings.reasoning_effort)
        message = self.reply(params, messages, settings.seed)
        if self.sleep and params.latency_ms:
            await asyncio.sleep(params.latency_ms / 1000)
        usage = self.usage(params, messages, tools, message)
        cost = (
            usage.input_tokens * params.usd_per_mtok_in
            + usage.output_tokens * params.usd_per_mtok_out
        ) / 1e6
        return Completion(
            message=message,
            usage=usage,
            stop_reason="tool_use" if message.tool_calls else "end_turn",
            latency_s=time.perf_counter() - started,
            response_id=f"sim-{random.getrandbits(48):012x}",
            model=params.name,
            cost_usd=cost,
        )

    @staticmethod
    def reply(params: SimParams, messages: Sequence[Message], seed: int | None) -> Message:
        """The next assistant turn, from the conversation alone (plus the seed if given)."""
        if params is USER_PARAMS:
            return user_reply(messages, seed)
        opening = opening_user_message(messages)
        found = find_task(opening) if opening is not None else None
        if found is None:
            return Message(role="assistant", content=UNKNOWN_TASK_REPLY)
        suite, task = found
        if seed is None:
            seed = decode_seed(messages)
        if seed is None:
            seed = random.getrandbits(32)
        plan = make_plan(suite, task, params, seed)
        step = steps_taken(messages)
        if step >= len(plan.actions):
            return Message(role="assistant", content="Is there anything else I can help with?")
        action = plan.actions[step]
        if action.tool is None:
            return Message(role="assistant", content=action.text)
        call = ToolCall(encode_call_id(seed, step), action.tool, dict(action.arguments))
        return Message(role="assistant", tool_calls=(call,))

    @staticmethod
    def usage(
        params: SimParams,
        messages: Sequence[Message],
        tools: Sequence[ToolSpec],
        message: Message,
    ) -> Usage:
        """Simulated token usage of one turn: prompt size, reply size and seeded reasoning."""
        rng = random.Random(len(messages) * 7919 + len(message.content))
        visible = _tokens(message.content) + sum(
            _tokens(c.arguments_json()) for c in message.tool_calls
        )
        visible += int(params.output_tokens * rng.uniform(0.5, 1.5))
        reasoning = (
            int(params.reasoning_tokens * rng.lognormvariate(0.0, 0.4))
            if params.reasoning_tokens
            else 0
        )
        return Usage(
            input_tokens=_prompt_tokens(messages, tools),
            output_tokens=visible + reasoning,
            reasoning_tokens=reasoning,
        )

    async def aclose(self) -> None:
        """Nothing to close: no network."""
        return None
