"""What a simulated user wants, knows and does: a task's ``user_scenario``.

In the spirit of tau2-bench's user instructions, but structured, so that the scripted user
can follow it exactly and the LLM user gets a system prompt from it. Stored in a suite's
``tasks.jsonl``; ``extra="forbid"`` makes a typo fail loudly when the suite loads.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field, field_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioFact(_Strict):
    """Something the user knows and tells only when the agent asks about it."""

    name: str = Field(description="A short label, e.g. 'size' or 'address'.")
    answer: str = Field(min_length=1, description="What the user says, in their words.")
    keywords: list[str] = Field(
        min_length=1,
        description="Words or short phrases a question about this fact uses (synonyms and "
        "topics, e.g. 'size', 'large', 'how big'); matched on normalised words, not substrings.",
    )

    @field_validator("keywords")
    @classmethod
    def _no_blank_keyword(cls, value: list[str]) -> list[str]:
        if any(not k.strip() for k in value):
            raise ValueError("keywords must not be blank")
        return value


class Behaviour(_Strict):
    """How the user reacts beyond answering questions."""

    confirms: bool = Field(True, description="Says yes when the agent asks to confirm.")
    insists_once: str | None = Field(
        None, description="What the user says once when the agent refuses (then accepts)."
    )
    changes_mind: str | None = Field(
        None,
        description="What the user says, instead of yes, at the first confirmation question "
        "(a changed request); later confirmations are answered with yes.",
    )
    give_up_after: int = Field(
        3, ge=1, description="The user leaves after this many questions they cannot answer."
    )


class UserScenario(_Strict):
    """Who the user is, what they want in order, what they tell only when asked."""

    persona: str = Field("", description="Who the user is and how they talk.")
    requests: list[str] = Field(
        min_length=1,
        description="What the user asks for, in order: the first opens the conversation, each "
        "next one is said when the agent has answered the previous one.",
    )
    facts: list[ScenarioFact] = Field(
        default_factory=list, description="Told only when the agent asks about them."
    )
    unknown: list[str] = Field(
        default_factory=list,
        description="Topics the user does not know (keywords); asked about them, the user says so.",
    )
    behaviour: Behaviour = Field(default_factory=Behaviour)

    @field_validator("requests")
    @classmethod
    def _no_blank_request(cls, value: list[str]) -> list[str]:
        if any(not r.strip() for r in value):
            raise ValueError("requests must not be blank")
        return value
