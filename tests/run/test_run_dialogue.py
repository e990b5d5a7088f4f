"""The conversation: who speaks when, and why it ends."""

from __future__ import annotations

from collections.abc import Sequence

from relgap.agent.loop import LoopLimits, LoopState
from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings
from relgap.records import StopReason
from relgap.run.dialogue import UserState, converse
from relgap.suite.base import Environment
from relgap.suite.toolkit import tool
from relgap.user.base import UserTurn
from relgap.user.scripted import OneTurnUser


class Desk(Environment):
    @tool(writes=True)
    def note(self, text: str) -> str:
        """Write a note.

        Args:
            text: what.
        """
        return "noted"

    @tool(writes=True)
    def hand_over(self) -> str:
        """Hand the chat to a human."""
        self.ended = "transferred"
        return "ok"


class Agent:
    name = family = "test"
    simulated = False

    def __init__(self, replies: list[Message]) -> None:
        self.replies = replies

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        reply = self.replies.pop(0)
        return Completion(reply, Usage(10, 5), "tool_use" if reply.tool_calls else "end_turn")

    async def aclose(self) -> None:
        return None


class User:
    """Says the given lines in order; the last one ends the chat unless ``ends`` is None."""

    name = "test-user"

    def __init__(self, lines: list[str | ProviderError], ends: str | None = "satisfied") -> None:
        self.lines, self.ends, self.seen = lines, ends, 0

    async def opening(self) -> UserTurn:
        return UserTurn("hello")

    async def reply(self, conversation: Sequence[Message]) -> UserTurn:
        line = self.lines.pop(0)
        if isinstance(line, ProviderError):
            raise line
        return UserTurn(
            line, ends=self.ends if not self.lines else None, usage=Usage(3, 2), cost_usd=0.01
        )

    def stated_all_requests(self) -> bool:
        return True


def text(t: str) -> Message:
    return Message("assistant", t)


def call(name: str, **args: object) -> Message:
    return Message("assistant", tool_calls=(ToolCall(f"c-{name}", name, dict(args)),))


async def play(agent: Agent, user: object, env: Environment | None = None, max_turns: int = 10):
    env = env or Desk()
    state, said = LoopState([Message("system", "sys")]), UserState()
    await converse(
        agent, user, env, state, GenerateSettings(), LoopLimits(), said, max_turns=max_turns
    )  # type: ignore[arg-type]
    return env, state, said


async def test_text_goes_to_the_user_and_the_user_ends_it() -> None:
    agent = Agent([text("Which one?"), call("note", text="x"), text("Done: noted.")])
    env, state, said = await play(agent, User(["The blue one.", "Thanks!"]))
    assert state.stop_reason is StopReason.USER_DONE
    roles = [(m.role, m.content) for m in state.messages if m.role in ("user", "assistant")]
    assert roles[0] == ("user", "hello") and roles[1] == ("assistant", "Which one?")
    assert roles[2] == ("user", "The blue one.") and roles[-1] == ("user", "Thanks!")
    assert env.replies == ["Which one?", "Done: noted."]
    assert said.turns == 3 and said.usage == Usage(6, 4) and said.cost_usd == 0.02


async def test_a_user_who_gives_up_ends_it() -> None:
    _, state, _ = await play(Agent([text("Huh?")]), User(["Bye."], ends="gave_up"))
    assert state.stop_reason is StopReason.USER_GAVE_UP


async def test_a_tool_ends_it() -> None:
    _, state, said = await play(Agent([call("hand_over")]), User([]))
    assert state.stop_reason is StopReason.TRANSFERRED and said.turns == 1


async def test_max_turns_ends_it() -> None:
    agent = Agent([text("a?"), text("b?"), text("c?")])
    _, state, said = await play(agent, User(["1", "2", "3"], ends=None), max_turns=2)
    assert state.stop_reason is StopReason.MAX_TURNS and said.turns == 2


async def test_the_users_model_failing_is_an_infrastructure_error() -> None:
    fatal = ProviderError("bad key for the user model", transient=False, kind="auth")
    _, state, _ = await play(Agent([text("Hi?")]), User([fatal]))
    assert state.stop_reason is StopReason.INFRA_ERROR
    assert state.error is not None and state.error.transient
    assert "user simulator" in str(state.error)


async def test_a_task_without_a_scenario_is_one_turn() -> None:
    agent = Agent([call("note", text="x"), text("42")])
    env, state, said = await play(agent, OneTurnUser("What is 6 x 7?"))
    assert state.stop_reason is StopReason.USER_DONE and env.replies == ["42"]
    assert state.messages[1] == Message("user", "What is 6 x 7?") and said.turns == 2
