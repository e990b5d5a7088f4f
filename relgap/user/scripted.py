"""The scripted user (default, offline): answers from the task's scenario, deterministically.

It reads the agent's last message as a person would (normalised words, see ``words.py``):

- a question about a fact of the scenario gets that fact's answer (every fact it asks about);
- a confirmation question ("shall I", "do you want me to", "is that right") gets a yes (or,
  once, the scenario's change of mind), unless it proposes something the user has not told
  yet and knows: then the user says what they want instead;
- a question about something the user does not know, or that matches nothing, gets "I don't
  know" -- never an answer that pushes toward an action the scenario does not ask for;
- a statement gets the facts it touches that the user has not told yet, else the next request
  of the scenario, else the end of the conversation (satisfied); a refusal is met, once, with
  the scenario's insistence; "let me check..." gets an "Okay.".

Phrasing varies with the trial seed, so the agent cannot learn one string; the content never
does.
"""

from __future__ import annotations

import random
from collections.abc import Sequence

from relgap.messages import Message
from relgap.user.base import UserTurn
from relgap.user.scenario import ScenarioFact, UserScenario
from relgap.user.words import mentions, words

CONFIRMATION = (
    "shall i", "should i", "do you want me to", "would you like me to", "want me to",
    "is that right", "is that correct", "is this correct", "is that ok", "is that okay",
    "does that look", "does this look", "sound good", "sounds good", "can i go ahead",
    "go ahead", "proceed", "confirm", "ok to place", "okay to place", "ready to place",
    "ready for me to", "may i", "can i place", "good to go", "all good", "correct?",
)  # fmt: skip
# Closing questions ("anything else I can help with?"), told apart from "anything else instead?"
ANYTHING_ELSE = (
    "anything else i can", "something else i can", "else i can help", "else i can do",
    "further help", "anything else you need", "help you with anything else",
    "help with anything else", "anything else for you", "anything else today",
    "can i help you with", "anything more i can",
)  # fmt: skip
REFUSAL = (
    "cant", "cannot", "can not", "unable", "not able", "not allowed", "wont be able",
    "im afraid", "not possible", "isnt possible", "decline",
)  # fmt: skip
ASKING = ("let me know", "please tell me", "please confirm", "please choose", "please specify",
          "please pick", "please select", "tell me which", "could you tell", "can you tell")  # fmt: skip
WORKING = ("let me", "ill ", "i will", "one moment", "just a moment", "please wait", "give me a",
           "im going to", "i am going to", "checking", "looking")  # fmt: skip

YES = ("Yes, please go ahead.", "Yes, that's right, go ahead.", "Yes please.", "Sounds good, yes.")
DONE = (
    "Thanks, that's all.",
    "Great, thank you!",
    "Perfect, thanks.",
    "Thank you, that's everything.",
)
DONT_KNOW = ("Sorry, I don't know that.", "I'm not sure, I don't know.", "No idea, sorry.")
NOTHING_MORE = (
    "I'm not sure what you mean. I've told you what I want.",
    "Sorry, I don't know. I don't have anything to add.",
)
OKAY = ("Okay.", "Sure, go on.", "Okay, thanks.")
GIVE_UP = "I'm not getting anywhere with this. Never mind, I'll try again later."


class ScriptedUser:
    """A user that follows ``scenario`` to the letter. One instance per trial."""

    name = "scripted"

    def __init__(self, scenario: UserScenario, seed: int = 0) -> None:
        """Follow ``scenario``; ``seed`` picks among stock phrasings such as "Okay."."""
        self.scenario = scenario
        self.rng = random.Random(f"scripted-user|{seed}")
        self.said_requests = 0
        self.told: set[str] = set()
        self.misunderstandings = 0
        self.insisted = False
        self.changed_mind = False

    async def opening(self) -> UserTurn:
        """The scenario's first request."""
        self.said_requests = 1
        return UserTurn(self.scenario.requests[0])

    def stated_all_requests(self) -> bool:
        """Whether every request of the scenario was said so far."""
        return self.said_requests >= len(self.scenario.requests)

    async def reply(self, conversation: Sequence[Message]) -> UserTurn:
        """The :meth:`answer` to the agent's last message."""
        return self.answer(conversation[-1].content if conversation else "")

    def answer(self, text: str) -> UserTurn:
        """The reply to one agent message (pure apart from the user's own memory)."""
        said = words(text)
        if not said:
            return self._misunderstood("Hello? Are you still there?")
        question = "?" in text or mentions(said, ASKING)
        if question:
            return self._answer_question(said)
        if mentions(said, REFUSAL) and self.scenario.behaviour.insists_once and not self.insisted:
            self.insisted = True
            return UserTurn(self.scenario.behaviour.insists_once)
        if mentions(said, WORKING) and not mentions(said, REFUSAL):
            return UserTurn(self._pick(OKAY))
        # A statement about something the user knows and has not told yet ("it comes in
        # regular and large.") gets it, as a person would answer; a true fact never steers.
        untold = [f for f in self._asked(said) if f.name not in self.told]
        if untold:
            return self._tell(untold)
        return self._next_or_done()

    def _asked(self, said: list[str]) -> list[ScenarioFact]:
        return [f for f in self.scenario.facts if mentions(said, f.keywords)]

    def _answer_question(self, said: list[str]) -> UserTurn:
        if mentions(said, ANYTHING_ELSE):  # the agent is wrapping up
            return self._next_or_done()
        asked = self._asked(said)
        if mentions(said, CONFIRMATION):
            untold = [f for f in asked if f.name not in self.told]
            if untold:
                return self._tell(untold)
            return self._confirm()
        if asked:
            return self._tell(asked)
        if mentions(said, self.scenario.unknown):
            return UserTurn(self._pick(DONT_KNOW))
        return self._misunderstood(self._pick(NOTHING_MORE))

    def _tell(self, facts: list[ScenarioFact]) -> UserTurn:
        self.told.update(f.name for f in facts)
        return UserTurn(" ".join(dict.fromkeys(f.answer for f in facts)))

    def _confirm(self) -> UserTurn:
        behaviour = self.scenario.behaviour
        if behaviour.changes_mind and not self.changed_mind:
            self.changed_mind = True
            return UserTurn(behaviour.changes_mind)
        if not behaviour.confirms:
            return UserTurn("No, please don't.")
        return UserTurn(self._pick(YES))

    def _next_or_done(self) -> UserTurn:
        if self.said_requests < len(self.scenario.requests):
            self.said_requests += 1
            return UserTurn(self.scenario.requests[self.said_requests - 1])
        return UserTurn(self._pick(DONE), ends="satisfied")

    def _misunderstood(self, text: str) -> UserTurn:
        self.misunderstandings += 1
        if self.misunderstandings >= self.scenario.behaviour.give_up_after:
            return UserTurn(GIVE_UP, ends="gave_up")
        return UserTurn(text)

    def _pick(self, options: Sequence[str]) -> str:
        return options[self.rng.randrange(len(options))]


class OneTurnUser:
    """The user of a task without a scenario: says the instruction, ends after one reply."""

    name = "one_turn"

    def __init__(self, instruction: str) -> None:
        """Say ``instruction`` (the task's)."""
        self.instruction = instruction

    async def opening(self) -> UserTurn:
        """The task's instruction."""
        return UserTurn(self.instruction)

    def stated_all_requests(self) -> bool:
        """Always true: the instruction is the only request, said in the opening."""
        return True

    async def reply(self, conversation: Sequence[Message]) -> UserTurn:
        """Say "Thanks." and end the conversation, satisfied."""
        return UserTurn("Thanks.", ends="satisfied")
