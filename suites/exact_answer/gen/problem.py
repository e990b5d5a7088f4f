"""What a generated problem is: a text, a question, and the value after every step."""

from __future__ import annotations

from dataclasses import dataclass

# How each kind of answer is written; the grader parses exactly these forms.
FORMATS = {
    "integer": "a whole number",
    "decimal": "a number rounded to 2 decimal places",
    "datetime": "local date and time as YYYY-MM-DD HH:MM",
    "date": "a date as YYYY-MM-DD",
}


@dataclass(frozen=True)
class Step:
    """One reasoning step: what it computes, its value, and a calculator expression if any."""

    label: str
    value: str
    expr: str | None = None


@dataclass(frozen=True)
class Problem:
    """A generated problem: its text, question, answer format and worked steps."""

    family: str
    text: str
    question: str
    kind: str  # a key of FORMATS
    steps: tuple[Step, ...]

    @property
    def answer(self) -> str:
        """The final answer: the value of the last step."""
        return self.steps[-1].value
