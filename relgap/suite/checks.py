"""Checks on what the agent said and did, beside a suite's own state checks.

A task can require *outputs* (facts the agent must tell the user, read from
``Environment.replies``) and *actions* (a tool called, a tool not called, no write at all, read
from ``Environment.tool_log``). Each is a named check: its name is a failed check when it fails,
and it counts towards the trial's partial credit like the suite's own checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

from relgap.user.words import amounts_cents, mentions, words

if TYPE_CHECKING:
    from relgap.suite.base import Environment, Grade, Task


class RequiredOutput(BaseModel):
    """The agent must tell the user one of ``any_of``.

    An amount like "$19.48" matches that amount however it is written; other text matches on
    normalised words, case aside.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(
        description="The check's name, e.g. 'told_total' (failed check: 'not_told_total')."
    )
    any_of: list[str] = Field(min_length=1, description="Accepted ways to say it.")

    @field_validator("any_of")
    @classmethod
    def _no_blank(cls, value: list[str]) -> list[str]:
        if any(not v.strip() for v in value):
            raise ValueError("any_of must not hold blank strings")
        return value

    def met(self, replies: list[str]) -> bool:
        """Whether one of the agent's ``replies`` says one of ``any_of``."""
        said = [(words(r), amounts_cents(r)) for r in replies]
        for option in self.any_of:
            amount = amounts_cents(option) if option.strip().startswith("$") else set()
            for text_words, text_amounts in said:
                if amount and amount <= text_amounts:
                    return True
                if not amount and mentions(text_words, [option]):
                    return True
        return False


class RequiredAction(BaseModel):
    """What the agent must (not) have done with the tools, by ``kind``.

    ``called``: the agent called ``tool``; ``not_called``: it never did; ``no_write``: it
    called no tool that writes.
    """

    model_config = ConfigDict(extra="forbid", frozen=True)

    name: str = Field(description="The check's name, e.g. 'transferred'.")
    kind: Literal["called", "not_called", "no_write"]
    tool: str | None = Field(None, description="The tool, for called / not_called.")

    @model_validator(mode="after")
    def _tool_given(self) -> RequiredAction:
        if (self.kind == "no_write") != (self.tool is None):
            raise ValueError(
                f"kind '{self.kind}' " + ("takes no tool" if self.tool else "needs a tool")
            )
        return self

    def met(self, env: Environment) -> bool:
        """Whether the successful tool calls in ``env``'s log satisfy the check."""
        names = [name for name, _args, output in env.tool_log if not output.is_error]
        if self.kind == "called":
            return self.tool in names
        if self.kind == "not_called":
            return self.tool not in names
        return not any(env.is_write(n) for n in names)


def failed_dialogue_checks(task: Task, env: Environment) -> tuple[list[str], int]:
    """The names of the task's output/action checks that failed, and how many there are."""
    failed = [f"not_{o.name}" for o in task.required_outputs if not o.met(env.replies)]
    failed += [f"not_{a.name}" for a in task.required_actions if not a.met(env)]
    return failed, len(task.required_outputs) + len(task.required_actions)


def with_dialogue_checks(grade: Grade, task: Task, env: Environment) -> Grade:
    """``grade`` (the suite's verdict on the state) with the task's output/action checks.

    The score becomes the mean over the suite's grade (one unit of credit) and each dialogue
    check (one unit each), so a correct order whose total was never told scores 1/2.
    """
    from relgap.suite.base import Grade

    failed, count = failed_dialogue_checks(task, env)
    if count == 0:
        return grade
    score = (grade.score + count - len(failed)) / (count + 1)
    return Grade(
        grade.passed and not failed,
        score,
        (*grade.failed_checks, *failed),
        grade.details,
    )
