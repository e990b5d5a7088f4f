"""The agent under test: what a trial drives, and how your own agent plugs in.

**Your own agent** (``relgap run SUITE --agent MODULE:ATTR -m LABEL``) is either

- an async function ``async def agent(conversation, toolbox) -> str | AgentReply``, or
- a class whose instances are such callables (``async def __call__(self, conversation,
  toolbox)``); relgap makes one instance per trial, with no arguments, so per-trial state
  starts fresh.

It is called once per agent turn: it receives the :class:`~relgap.agent.toolbox.Conversation`
so far and a :class:`~relgap.agent.toolbox.Toolbox`, calls tools through the toolbox (as
often as it needs, with any LLM through any library), and returns its reply to the user; the
simulated user answers and the agent is called again, until the conversation ends. ``-m``
only labels the group in records and reports. Report usage with ``toolbox.report_usage`` or
``toolbox.report_response`` (or in :class:`AgentReply`) so cost and ``--budget`` work.

What the agent raises decides the trial's outcome: a transient infrastructure failure
(:class:`~relgap.errors.ProviderError` with ``transient=True``, or an OpenAI / Anthropic /
httpx connection, timeout, rate-limit or 5xx error) makes an ``error`` trial, left out of the
statistics and re-run on resume; a fatal provider error (bad key, bad request) stops the
run with one line; any other exception is the agent failing: the trial fails with
``model_error:agent_error`` and the exception in ``error``.

Inside relgap both kinds of agent are an :class:`AgentTurn`: the built-in tool loop over a
provider (:class:`ProviderTurn`) and :class:`OwnAgentTurn`.
"""

from __future__ import annotations

import inspect
import sys
import traceback
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass
from typing import Any, Protocol, runtime_checkable

from relgap.agent.loop import MODEL_ERROR_KINDS, LoopLimits, LoopState, run_agent
from relgap.agent.toolbox import Conversation, Pricer, Toolbox, TrialOver
from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolSpec, Usage
from relgap.providers.base import (
    GenerateSettings,
    Provider,
    ProviderDefaults,
    is_served_simulation,
)
from relgap.records import StopReason
from relgap.suite.base import Environment


@dataclass(frozen=True)
class AgentReply:
    """An agent's reply with (optionally) the usage of the model calls behind it.

    Attributes:
        text: what the agent tells the user.
        usage: tokens of the calls not reported through the toolbox, if any.
        cost_usd: their cost, when the agent knows it (else relgap prices ``usage``).
        model: the model that made them (for pricing; default: the ``-m`` label).
    """

    text: str
    usage: Usage | None = None
    cost_usd: float | None = None
    model: str | None = None


@runtime_checkable
class Agent(Protocol):
    """Your own agent: one async call per agent turn (see the module docstring)."""

    def __call__(
        self, conversation: Conversation, toolbox: Toolbox
    ) -> Awaitable[str | AgentReply | None]:
        """Play one agent turn, calling tools through ``toolbox``; return the reply."""
        ...


AgentFactory = Callable[[], Agent]


class AgentTurn(Protocol):
    """What the dialogue drives: one agent turn on ``state``, with tools from ``env``.

    It sets ``state.stop_reason``: ``COMPLETED`` when the agent replied (the reply is the
    last assistant message and is recorded with ``env.record_reply``), or why the turn
    ended otherwise; and adds to ``state.usage``, ``state.steps`` and ``state.cost_usd``.
    """

    async def __call__(self, env: Environment, state: LoopState, limits: LoopLimits) -> None:
        """Play one agent turn on ``state`` (see the class docstring for what it sets)."""
        ...


class ProviderTurn:
    """The built-in agent: relgap's tool loop over a provider (``-m MODEL``)."""

    def __init__(
        self,
        provider: Provider,
        settings: GenerateSettings,
        price: Callable[[Usage], float | None] | None = None,
    ) -> None:
        """Drive ``provider`` with ``settings``; ``price`` prices calls it does not price."""
        self.provider, self.settings, self.price = provider, settings, price

    async def __call__(self, env: Environment, state: LoopState, limits: LoopLimits) -> None:
        """Run the tool loop until the model replies or a limit ends the turn."""
        await run_agent(self.provider, env, state, self.settings, limits, self.price)


class AgentLabel(ProviderDefaults):
    """The ``-m`` label of a group played by your own agent; it is never called.

    It names the group in records and reports (served simulations, ``openai/sim-...``, stay
    labelled SIMULATED).
    """

    def __init__(self, name: str) -> None:
        """Label the group ``name``; a simulated model's name marks it simulated."""
        self.name = self.family = name
        self.simulated = name.startswith("sim/") or is_served_simulation(name)

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """Refuse: a label stands for your agent and has no model to call."""
        raise RuntimeError("an --agent run never calls its label's model")

    async def aclose(self) -> None:
        """Nothing to close."""
        return None


def agent_factory(obj: Any) -> AgentFactory:
    """A per-trial agent maker from an async function, an Agent class or an instance."""
    if inspect.isclass(obj):
        return obj  # type: ignore[return-value]
    if callable(obj):
        return lambda: obj
    raise TypeError(f"{obj!r} is not callable")


class OwnAgentTurn:
    """Drives your own agent for one trial (one instance per trial)."""

    def __init__(
        self,
        agent: Agent,
        label: str,
        settings: GenerateSettings,
        price: Pricer | None = None,
    ) -> None:
        """Drive ``agent`` under the group ``label``; ``price`` prices the usage it reports."""
        self.agent, self.label, self.settings, self.price = agent, label, settings, price
        self.toolbox: Toolbox | None = None

    async def __call__(self, env: Environment, state: LoopState, limits: LoopLimits) -> None:
        """Call the agent once; record its reply, usage and what ended the turn in ``state``."""
        if self.toolbox is None:
            self.toolbox = Toolbox(env, state.messages, limits.max_steps)
        box = self.toolbox
        before_calls, before_usage = box.model_calls, box.usage
        conversation = Conversation(
            tuple(state.messages), self.label, self.settings.describe(), self.settings.seed
        )
        try:
            reply = await self.agent(conversation, box)
        except TrialOver:
            reply = None
        except Exception as exc:  # the agent is the code under test: see the module doc
            self._account(state, box, before_calls, before_usage)
            _fail(state, exc)
            return
        text = _reply_text(reply, box)
        self._account(state, box, before_calls, before_usage)
        if box.stop is not None:
            state.stop_reason = box.stop
            return
        state.messages.append(Message(role="assistant", content=text))
        if text.strip():
            env.record_reply(text)
        state.stop_reason = StopReason.COMPLETED

    def _account(self, state: LoopState, box: Toolbox, calls: int, usage: Usage) -> None:
        """Bring the trial's counters up to what the agent has reported so far."""
        state.usage = state.usage + Usage(
            box.usage.input_tokens - usage.input_tokens,
            box.usage.output_tokens - usage.output_tokens,
            box.usage.reasoning_tokens - usage.reasoning_tokens,
            box.usage.cached_tokens - usage.cached_tokens,
        )
        state.steps += box.model_calls - calls
        state.cost_usd = box.priced(self.label, self.price)


def _reply_text(reply: str | AgentReply | None, box: Toolbox) -> str:
    if isinstance(reply, AgentReply):
        if reply.usage is not None:
            u = reply.usage
            box.report_usage(
                u.input_tokens, u.output_tokens, reasoning_tokens=u.reasoning_tokens,
                cached_tokens=u.cached_tokens, cost_usd=reply.cost_usd, model=reply.model,
            )  # fmt: skip
        return reply.text
    return "" if reply is None else str(reply)


def _fail(state: LoopState, exc: Exception) -> None:
    error = exc if isinstance(exc, ProviderError) else _translate(exc)
    if error is not None and error.transient:
        state.stop_reason, state.error = StopReason.INFRA_ERROR, error
        return
    if error is not None and error.kind not in MODEL_ERROR_KINDS:
        raise error from exc  # a bad key or request: the user's to fix, not a trial outcome
    if error is None:
        where = traceback.extract_tb(exc.__traceback__)[-1]
        text = f"the agent raised {type(exc).__name__}: {exc} ({where.filename}:{where.lineno})"
        error = ProviderError(text, transient=False, kind="agent_error")
    state.stop_reason, state.error = StopReason.MODEL_ERROR, error


def _translate(exc: Exception) -> ProviderError | None:
    """SDK and HTTP-client failures raised inside the agent, as relgap classifies them."""
    from relgap.providers import errors

    # Only SDKs the agent has imported can have raised (and importing one here costs time).
    if "openai" in sys.modules and (found := errors.from_openai_error(exc, "agent")):
        return found
    if "anthropic" in sys.modules and (found := errors.from_anthropic_error(exc, "agent")):
        return found
    return errors.from_common_error(exc, "agent")
