from __future__ import annotations

from collections.abc import Sequence

from relgap.agent.loop import LoopLimits, LoopState, run_agent
from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings
from relgap.records import StopReason
from relgap.suite.base import Environment
from relgap.suite.toolkit import tool


class Counter(Environment):
    def __init__(self) -> None:
        super().__init__()
        self.value = 0

    @tool(writes=True)
    def add(self, n: int) -> str:
        """Add n.

        Args:
            n: how much.
        """
        self.value += n
        return str(self.value)

    @tool
    def hand_over(self) -> str:
        """Give up and hand over to a human."""
        self.ended = "transferred"
        return "transferred"


class Scripted:
    """Replies from a fixed list; raises ProviderErrors placed in it."""

    name = family = "scripted"
    simulated = False

    def __init__(self, replies: list[Message | ProviderError], usage: Usage | None = None) -> None:
        self.replies = list(replies)
        self.seen: list[list[Message]] = []
        self.usage = usage or Usage(10, 5)

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        self.seen.append(list(messages))
        reply = self.replies.pop(0)
        if isinstance(reply, ProviderError):
            raise reply
        return Completion(
            reply, self.usage, "tool_use" if reply.tool_calls else "end_turn", cost_usd=None
        )

    async def aclose(self) -> None:
        pass


def call(name: str, **args) -> Message:
    return Message("assistant", tool_calls=(ToolCall(f"id-{name}", name, args),))


def start() -> LoopState:
    return LoopState([Message("system", "sys"), Message("user", "add five")])


async def test_tool_results_are_fed_back_and_completion_stops_the_loop():
    env, provider = (
        Counter(),
        Scripted([call("add", n=2), call("add", n=3), Message("assistant", "done")]),
    )
    state = await run_agent(provider, env, start(), GenerateSettings(), LoopLimits())
    assert state.stop_reason is StopReason.COMPLETED
    assert env.value == 5 and state.steps == 3
    assert state.usage == Usage(30, 15)
    tool_turns = [m for m in state.messages if m.role == "tool"]
    assert [(m.tool_call_id, m.content) for m in tool_turns] == [("id-add", "2"), ("id-add", "5")]
    assert provider.seen[1][-1].content == "2"  # the model saw the observation


async def test_model_mistakes_are_observations_not_crashes():
    env = Counter()
    provider = Scripted(
        [call("add", n="two"), call("subtract", n=1), Message("assistant", "sorry")]
    )
    state = await run_agent(provider, env, start(), GenerateSettings(), LoopLimits())
    errors = [m.content for m in state.messages if m.role == "tool"]
    assert errors[0].startswith("Error: argument 'n' must be an integer")
    assert errors[1].startswith("Error: unknown tool 'subtract'")
    assert state.stop_reason is StopReason.COMPLETED


async def test_stop_reasons():
    state = await run_agent(
        Scripted([call("hand_over")]), Counter(), start(), GenerateSettings(), LoopLimits()
    )
    assert state.stop_reason is StopReason.TRANSFERRED
    state = await run_agent(
        Scripted([call("add", n=1)] * 5),
        Counter(),
        start(),
        GenerateSettings(),
        LoopLimits(max_steps=3),
    )
    assert state.stop_reason is StopReason.MAX_STEPS and state.steps == 3
    state = await run_agent(
        Scripted([call("add", n=1)] * 5, usage=Usage(400, 100)),
        Counter(),
        start(),
        GenerateSettings(),
        LoopLimits(max_total_tokens=1000),
    )
    assert state.stop_reason is StopReason.MAX_TOKENS and state.steps == 2


async def test_transient_errors_end_as_infra_and_model_errors_as_model():
    rate = ProviderError("429", transient=True, kind="rate_limit")
    state = await run_agent(Scripted([rate]), Counter(), start(), GenerateSettings(), LoopLimits())
    assert state.stop_reason is StopReason.INFRA_ERROR and state.error is rate
    overflow = ProviderError("too long", transient=False, kind="context_overflow")
    state = await run_agent(
        Scripted([overflow]), Counter(), start(), GenerateSettings(), LoopLimits()
    )
    assert state.stop_reason is StopReason.MODEL_ERROR


async def test_fatal_provider_errors_propagate():
    auth = ProviderError("bad key", transient=False, kind="auth")
    try:
        await run_agent(Scripted([auth]), Counter(), start(), GenerateSettings(), LoopLimits())
    except ProviderError as exc:
        assert exc is auth
    else:
        raise AssertionError("an auth error must abort, not become a trial outcome")
