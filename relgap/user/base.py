"""The user side of a conversation: the ``UserSimulator`` protocol and what it returns.

A simulator reads the conversation so far (the agent's last message is the one to answer)
and returns a :class:`UserTurn`: what the user says, and whether that ends the conversation.
The trial (``relgap.run.dialogue``) drives it; a simulator never touches the environment.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Literal, Protocol

from relgap.messages import Message, Usage

EndReason = Literal["satisfied", "gave_up"]


@dataclass(frozen=True)
class UserTurn:
    """One user message. ``ends`` says the user leaves with it (satisfied or gave up)."""

    text: str
    ends: EndReason | None = None
    usage: Usage = field(default_factory=Usage)
    cost_usd: float | None = 0.0


class UserSimulator(Protocol):
    """Plays the user of one trial. Stateful: one instance per trial."""

    name: str  # e.g. "scripted", "llm:openai/sim-user"; recorded on every trial

    async def opening(self) -> UserTurn:
        """The user's first message."""
        ...

    async def reply(self, conversation: Sequence[Message]) -> UserTurn:
        """Answer the agent's last message (``conversation[-1]``)."""
        ...

    def stated_all_requests(self) -> bool:
        """Whether every request of the scenario was said so far."""
        ...
