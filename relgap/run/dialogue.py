"""One conversation: the user opens, the agent works and replies, the user answers, ...

The agent's turn is the tool loop (``relgap.agent.loop.run_agent``); a reply without tool
calls goes to the user simulator. The conversation ends when the user ends it
(``user_done`` / ``user_gave_up``), when a tool ends it (``transferred``), when the user has
spoken ``max_turns`` times (``max_turns``), at the step or token limit, or on a provider
error. A failure of the *user's* model is always an infrastructure error: it says nothing
about the agent.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from relgap.agent.loop import LoopLimits, LoopState
from relgap.agent.protocol import AgentTurn, ProviderTurn
from relgap.errors import ProviderError
from relgap.messages import Message, Usage
from relgap.providers.base import GenerateSettings, Provider
from relgap.records import StopReason
from relgap.suite.base import Environment
from relgap.user.base import UserSimulator, UserTurn

DEFAULT_MAX_TURNS = 10


@dataclass
class UserState:
    """What the user side has done so far; filled in place."""

    turns: int = 0
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = 0.0
    calls: int = 0


def _account(user: UserState, turn: UserTurn) -> None:
    user.turns += 1
    user.usage += turn.usage
    if turn.usage.total_tokens:
        user.calls += 1
    if user.cost_usd is not None:
        user.cost_usd = None if turn.cost_usd is None else user.cost_usd + turn.cost_usd


async def _user_says(
    simulator: UserSimulator, state: LoopState, user: UserState, opening: bool
) -> UserTurn | None:
    """The user's next message, appended to the conversation; None if the user's model failed."""
    try:
        turn = await (simulator.opening() if opening else simulator.reply(state.messages))
    except ProviderError as exc:
        state.stop_reason = StopReason.INFRA_ERROR
        state.error = ProviderError(
            f"the user simulator failed: {exc}", transient=True, kind=exc.kind
        )
        return None
    _account(user, turn)
    state.messages.append(Message(role="user", content=turn.text))
    return turn


async def converse(
    provider: Provider,
    simulator: UserSimulator,
    env: Environment,
    state: LoopState,
    settings: GenerateSettings,
    limits: LoopLimits,
    user: UserState,
    *,
    max_turns: int = DEFAULT_MAX_TURNS,
    price: Callable[[Usage], float | None] | None = None,
    agent: AgentTurn | None = None,
) -> None:
    """Play the conversation to its end; ``state`` and ``user`` hold everything that happened.

    ``agent`` plays the agent's turns (your own agent); default: the tool loop over
    ``provider``.
    """
    turn = agent if agent is not None else ProviderTurn(provider, settings, price)
    if await _user_says(simulator, state, user, opening=True) is None:
        return
    while True:
        state.stop_reason = None
        await turn(env, state, limits)
        if state.stop_reason is not StopReason.COMPLETED:
            return
        if user.turns >= max_turns:
            state.stop_reason = StopReason.MAX_TURNS
            return
        said = await _user_says(simulator, state, user, opening=False)
        if said is None:
            return
        if said.ends is not None:
            gave_up = said.ends == "gave_up"
            state.stop_reason = StopReason.USER_GAVE_UP if gave_up else StopReason.USER_DONE
            return
