"""The trial record: one line of a run's ``trials.jsonl``.

A trial ends in one of three outcomes. ``pass`` and ``fail`` are the model's; ``error`` is
infrastructure (rate limits, 5xx, timeouts, connection failures after retries). Statistics
leave ``error`` trials out and say how many there were, so a burst of 429s never looks like
a reliability gap.
"""

from __future__ import annotations

from datetime import UTC, datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

SCHEMA_VERSION = 1
# The failed check naming tool calls whose arguments were not valid JSON.
INVALID_TOOL_CALL = "invalid_tool_call"


def utc_now(timespec: str = "milliseconds") -> str:
    """The current time as an ISO 8601 string in UTC, as records and manifests store it."""
    return datetime.now(UTC).isoformat(timespec=timespec)


class Outcome(StrEnum):
    """How a trial ended: passed, failed, or an infrastructure error (left out of the stats)."""

    PASS = "pass"
    FAIL = "fail"
    ERROR = "error"


class StopReason(StrEnum):
    """Why the agent loop ended (cf. tau2-bench's TerminationReason)."""

    COMPLETED = "completed"  # runs before conversations: the agent replied without a tool call
    USER_DONE = "user_done"  # the user ended the conversation, satisfied
    USER_GAVE_UP = "user_gave_up"  # the user left after too many misunderstandings
    MAX_TURNS = "max_turns"  # the user had spoken --max-turns times
    TRANSFERRED = "transferred"  # transfer_to_human (or another tool that ends the chat)
    MAX_STEPS = "max_steps"
    MAX_TOKENS = "max_tokens"
    MODEL_ERROR = "model_error"  # refusal, context overflow, unusable output
    INFRA_ERROR = "infra_error"  # provider failed after retries: an error trial
    TIMEOUT = "timeout"  # the trial's wall-clock limit: an error trial


class UsageRecord(BaseModel):
    """A trial's token usage and number of model calls, as stored in its record."""

    model_config = ConfigDict(extra="forbid")

    input_tokens: int = 0
    output_tokens: int = Field(0, description="Includes reasoning tokens.")
    reasoning_tokens: int = 0
    cached_tokens: int = 0
    model_calls: int = 0


class TrialRecord(BaseModel):
    """Everything about one trial. Stored as one JSON line, flushed as soon as it ends."""

    model_config = ConfigDict(extra="forbid")

    schema_version: int = SCHEMA_VERSION
    run_id: str
    suite: str
    task_id: str
    tier: int
    model: str = Field(description="Model name as given, e.g. 'sim/fast', 'openai/gpt-4.1'.")
    variant: str = Field(
        "default", description="Label of the settings variant, e.g. 'effort=high'."
    )
    settings: dict[str, Any] = Field(default_factory=dict, description="Effective settings.")
    family: str = Field(description="Model family, for grouping variants of one model.")
    reasoning_effort: str | None = None
    thinking_budget: int | None = None
    simulated: bool = Field(description="True for the built-in simulated models.")
    trial: int = Field(ge=0, description="Index of this repeat of the task, from 0.")
    seed: int
    outcome: Outcome
    passed: bool
    score: float = Field(ge=0.0, le=1.0)
    failed_checks: list[str] = Field(default_factory=list)
    stop_reason: StopReason
    steps: int = Field(0, description="Model calls made.")
    usage: UsageRecord = Field(default_factory=UsageRecord)
    cost_usd: float | None = Field(None, description="None when the price is unknown.")
    latency_s: float = Field(0.0, description="Wall-clock seconds of the whole trial.")
    error: str | None = Field(None, description="What failed, for error trials.")
    error_kind: str | None = None
    started_at: str
    finished_at: str
    user_simulator: str | None = Field(
        None, description="Who played the user: 'scripted', 'one_turn', 'llm:<model>'."
    )
    user_turns: int = Field(0, description="Messages the user sent, the opening included.")
    user_stated_all: bool | None = Field(
        None, description="Whether the user said every request of its scenario before the end."
    )
    user_usage: UsageRecord = Field(default_factory=UsageRecord)
    user_cost_usd: float | None = Field(
        0.0, description="What the LLM user cost (apart from cost_usd); None when unknown."
    )
    transcript: list[dict[str, Any]] = Field(default_factory=list)
    response_ids: list[str] = Field(default_factory=list, description="Provider ids of each reply.")

    @property
    def key(self) -> tuple[str, str, str, int]:
        """(model, variant, task, trial): what identifies the trial within a run."""
        return (self.model, self.variant, self.task_id, self.trial)

    @property
    def spent_usd(self) -> float | None:
        """What the trial cost, the agent's and the LLM user's calls together; None if unknown."""
        return spent_usd(self.model_dump(include={"cost_usd", "user_cost_usd"}))

    @model_validator(mode="after")
    def _name_invalid_tool_calls(self) -> TrialRecord:
        """Name invalid tool-call arguments among a failed trial's failed checks.

        A failed trial whose model sent tool-call arguments that were not valid JSON says
        so in its failure breakdown (the checks alone would only show the missing result).
        Derived from the transcript, so records written before this label get it too.
        """
        if (
            self.outcome is Outcome.FAIL
            and INVALID_TOOL_CALL not in self.failed_checks
            and invalid_tool_calls(self.transcript)
        ):
            self.failed_checks.insert(0, INVALID_TOOL_CALL)
        return self


def spent_usd(raw: dict[str, Any]) -> float | None:
    """Agent plus user cost of a stored trial line; None when either is unknown."""
    agent, user = raw.get("cost_usd"), raw.get("user_cost_usd", 0.0)
    return None if agent is None or user is None else agent + user


def invalid_tool_calls(transcript: list[dict[str, Any]]) -> int:
    """Tool calls in a stored transcript whose arguments did not parse."""
    return sum(
        1
        for message in transcript
        for call in message.get("tool_calls") or ()
        if isinstance(call, dict) and call.get("parse_error")
    )


# Columns of relgap.load(): every scalar field of TrialRecord, usage flattened.
FRAME_COLUMNS = [
    "run_id", "suite", "task_id", "tier", "model", "variant", "family", "reasoning_effort",
    "thinking_budget", "simulated", "trial", "seed", "outcome", "passed", "score",
    "failed_checks", "stop_reason", "steps", "input_tokens", "output_tokens",
    "reasoning_tokens", "cached_tokens", "model_calls", "cost_usd", "latency_s", "error",
    "error_kind", "started_at", "finished_at", "user_simulator", "user_turns", "user_stated_all",
    "user_cost_usd",
]  # fmt: skip


def group_label(model: object, variant: object) -> str:
    """A group's name: ``model``, or ``model [variant]`` for a variant other than default."""
    return f"{model}" if variant in (None, "default") else f"{model} [{variant}]"
