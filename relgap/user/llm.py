"""The LLM user: any relgap model plays the user, from a prompt built from the scenario.

The user model sees the conversation from the user's side: the agent's texts are its
``user`` turns (tool calls and results are hidden, as in a chat app), its own earlier messages
are ``assistant`` turns. It ends the chat with a marker (see ``prompt.py``). Its calls go
through the same retries, pacing and cache as the agent's; a failure is raised as a
ProviderError, which the dialogue records as an infrastructure error, never the agent's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from relgap.errors import ProviderError
from relgap.messages import Message, Usage
from relgap.providers.base import GenerateSettings, Provider
from relgap.user.base import EndReason, UserTurn
from relgap.user.prompt import DONE_MARK, GIVE_UP_MARK, GREETING, system_prompt
from relgap.user.scenario import UserScenario
from relgap.user.words import words

USER_TEMPERATURE = 0.0  # fixed, so that the user's noise is the model's, not a setting's
# The Anthropic Messages API no longer takes a temperature: those users run at its default.
_NO_TEMPERATURE = ("anthropic/", "litellm/anthropic/")
_STATED_SHARE = 0.6


def user_view(conversation: Sequence[Message]) -> list[Message]:
    """The conversation as the user sees it: roles swapped, tools hidden.

    The agent's texts between two user messages are joined into one.
    """
    out: list[Message] = [Message("user", GREETING)]
    for m in conversation:
        if m.role == "user":
            out.append(Message("assistant", m.content))
        elif m.role == "assistant" and m.content.strip():
            if out[-1].role == "user" and len(out) > 1:
                out[-1] = Message("user", f"{out[-1].content}\n\n{m.content}")
            else:
                out.append(Message("user", m.content))
    return out


def stated(request: str, said: Sequence[str]) -> bool:
    """Whether ``request`` was said: most of its content words occur in what the user said.

    A heuristic (paraphrases with other words are missed), reported as such.
    """
    wanted = {w for w in words(request) if len(w) >= 4}
    if not wanted:
        return True
    heard = {w for text in said for w in words(text)}
    return len(wanted & heard) / len(wanted) >= _STATED_SHARE


class LLMUser:
    """A user played by ``provider`` (one instance per trial)."""

    def __init__(
        self,
        provider: Provider,
        model: str,
        scenario: UserScenario,
        seed: int,
        price: Callable[[Usage], float | None] | None = None,
    ) -> None:
        """Play ``scenario`` with ``provider`` (the model ``model``) at a fixed temperature."""
        self.provider, self.scenario, self.price = provider, scenario, price
        self.name = f"llm:{model}"
        temperature = None if model.startswith(_NO_TEMPERATURE) else USER_TEMPERATURE
        self.settings = GenerateSettings(temperature=temperature).with_seed(seed)
        self.prompt = system_prompt(scenario)
        self.said: list[str] = []

    async def opening(self) -> UserTurn:
        """The user model's first message, before the agent has said anything."""
        return await self._say([])

    async def reply(self, conversation: Sequence[Message]) -> UserTurn:
        """The user model's answer to the agent's last message."""
        return await self._say(conversation)

    def stated_all_requests(self) -> bool:
        """Whether every request of the scenario was said so far (see :func:`stated`)."""
        return all(stated(r, self.said) for r in self.scenario.requests)

    async def _say(self, conversation: Sequence[Message]) -> UserTurn:
        messages = [Message("system", self.prompt), *user_view(conversation)]
        completion = await self.provider.complete(messages, [], self.settings)
        text, ends = _strip_marks(completion.message.content)
        if not text and ends is None:
            raise ProviderError(
                "the user model returned an empty message", transient=False, kind="invalid_output"
            )
        self.said.append(text)
        cost = completion.cost_usd
        if cost is None and self.price is not None:
            cost = self.price(completion.usage)
        return UserTurn(text or "Bye.", ends, completion.usage, cost)


def _strip_marks(text: str) -> tuple[str, EndReason | None]:
    ends: EndReason | None = None
    if GIVE_UP_MARK in text:
        ends = "gave_up"
    elif DONE_MARK in text:
        ends = "satisfied"
    return text.replace(GIVE_UP_MARK, "").replace(DONE_MARK, "").strip(), ends
