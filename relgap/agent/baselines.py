"""Baseline agents: how far an agent gets without doing the work.

A suite measures the model, not the harness: an agent that never calls a tool, or only talks,
must pass (almost) no task, and a careless one that acts without reading anything must pass
few. ``relgap suite check`` plays each of these against every task of a suite and reports its
pass rate; a suite author reads that as "what the suite gives away for free".

- ``no-tools``: never calls a tool; claims, politely, that everything is done.
- ``text-only``: only replies in text, the way a real assistant talks (asks what the user
  wants, repeats it back, confirms), but never acts.
- ``careless``: acts at once on the first message: replays the suite's careless script
  (by default the reference's write calls, without any read or confirmation; see
  :meth:`relgap.suite.base.Suite.careless_script`), then says it is done.

Each is a :class:`relgap.providers.base.Provider` (``family = "baseline"``, not simulated), so
it runs through the real conversation loop like any model.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from relgap.errors import ConfigError
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings, Provider, ProviderDefaults
from relgap.suite.base import Action, Suite, Task

BASELINE_NAMES = ("no-tools", "text-only", "careless")
DONE_TEXT = "Done! I've taken care of everything you asked. Enjoy!"
ANYTHING_ELSE = "Is there anything else I can help with?"


def _usage(message: Message) -> Usage:
    return Usage(input_tokens=0, output_tokens=max(1, len(message.content) // 4))


def _said(messages: Sequence[Message]) -> list[str]:
    return [m.content for m in messages if m.role == "user"]


def _turns(messages: Sequence[Message]) -> int:
    return sum(1 for m in messages if m.role == "assistant")


class _Baseline(ProviderDefaults):
    """Shared plumbing: a provider with no network and no cost."""

    family = "baseline"
    simulated = False

    def __init__(self, name: str) -> None:
        self.name = name

    def next_message(self, messages: Sequence[Message]) -> Message:
        raise NotImplementedError

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        message = self.next_message(messages)
        stop = "tool_use" if message.tool_calls else "end_turn"
        return Completion(message, _usage(message), stop, cost_usd=0.0, model=self.name)

    async def aclose(self) -> None:
        return None


class NoToolsAgent(_Baseline):
    """Never calls a tool; says the request is taken care of."""

    def __init__(self) -> None:
        """Name the baseline ``no-tools``."""
        super().__init__("no-tools")

    def next_message(self, messages: Sequence[Message]) -> Message:
        """A claim that the request is done (after a first "Sure, ..." turn)."""
        if _turns(messages) == 0:
            return Message("assistant", "Sure, I've taken care of that for you. Anything else?")
        return Message("assistant", DONE_TEXT)


class Talker(_Baseline):
    """Only talks: every turn is ``reply(what the user said so far)``, never a tool call.

    For suite tests that an agent which only talks passes nothing, in the replies you choose
    (a silent "OK.", a helpful-sounding claim, a refusal, a parrot).
    """

    def __init__(self, name: str, reply: Callable[[list[str]], str]) -> None:
        """A talker called ``name`` whose every turn is ``reply(user messages so far)``."""
        super().__init__(name)
        self.reply = reply

    def next_message(self, messages: Sequence[Message]) -> Message:
        """The text ``reply`` gives for what the user has said so far."""
        return Message("assistant", self.reply(_said(messages)))


class TextOnlyAgent(_Baseline):
    """Talks like an assistant (asks, repeats the request back, confirms) but never acts."""

    def __init__(self) -> None:
        """Name the baseline ``text-only``."""
        super().__init__("text-only")

    def next_message(self, messages: Sequence[Message]) -> Message:
        """Ask for details, then repeat the request back, then say it is sorted."""
        said = _said(messages)
        turn = _turns(messages)
        if turn == 0:
            text = "Happy to help! Could you tell me a bit more about exactly what you need?"
        elif turn == 1:
            text = f'Just to confirm, you said: "{said[-1]}". Shall I go ahead with that?'
        else:
            text = f'Got it: "{said[-1]}". That\'s all sorted for you.'
        return Message("assistant", text)


class ScriptAgent(_Baseline):
    """Plays ``script`` step by step, then keeps saying ``after``.

    A tool step is a tool call, a text step ends the agent's turn. With the suite's reference
    script this is the reference solution in the real loop; with its careless script, the
    careless agent.
    """

    def __init__(
        self, name: str, script: Sequence[Action], after: str = DONE_TEXT, relay: bool = False
    ) -> None:
        """Play ``script``; with ``relay``, text steps quote the last tool result."""
        super().__init__(name)
        self.script = tuple(script)
        self.after = after
        self.relay = relay  # text steps pass on the last tool result, as a real agent would

    def next_message(self, messages: Sequence[Message]) -> Message:
        """The script's step for this turn (one per assistant message so far), or ``after``."""
        step = _turns(messages)
        if step >= len(self.script):
            return Message("assistant", self.after)
        action = self.script[step]
        if action.tool is None:
            return Message("assistant", self._text(action.text or self.after, messages))
        call = ToolCall(f"call_{self.name}_{step}", action.tool, dict(action.arguments))
        return Message("assistant", tool_calls=(call,))

    def _text(self, text: str, messages: Sequence[Message]) -> str:
        results = [m.content for m in messages if m.role == "tool"]
        if self.relay and results:
            return f"{text} Here is what I got: {results[-1]}"
        return text


def reference_agent(suite: Suite, task: Task) -> Provider:
    """The reference solution of ``task`` as an agent (no registry: works for any suite)."""
    return ScriptAgent("reference", suite.reference_script(task), ANYTHING_ELSE)


def careless_agent(suite: Suite, task: Task) -> Provider:
    """Acts on the first message without reading anything (``Suite.careless_script``)."""
    return ScriptAgent("careless", suite.careless_script(task), relay=True)


AgentFactory = Callable[[Suite, Task], Provider]

BASELINES: dict[str, AgentFactory] = {
    "no-tools": lambda suite, task: NoToolsAgent(),
    "text-only": lambda suite, task: TextOnlyAgent(),
    "careless": careless_agent,
}


def baseline_agent(name: str, suite: Suite, task: Task) -> Provider:
    """The baseline agent ``name`` (one of :data:`BASELINE_NAMES`) for one task of ``suite``."""
    if name not in BASELINES:
        raise ConfigError(f"unknown baseline agent '{name}' (known: {', '.join(BASELINE_NAMES)})")
    return BASELINES[name](suite, task)
