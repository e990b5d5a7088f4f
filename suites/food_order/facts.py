"""The scripted user behind ``ask_user``: facts revealed when a question mentions them.

A task's ``user_facts`` is ``{"facts": [{"keywords": [...], "answer": "..."}]}``. The user
answers a question with every fact one of whose keywords occurs in it (case-insensitive
substring match), in the order the facts are listed, and with :data:`NOTHING_TO_ADD` when none
does. Keywords are stems ("substitut", "allerg") so that differently worded questions match.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NOTHING_TO_ADD = "I have nothing to add, please go ahead with what I asked."


@dataclass(frozen=True)
class Fact:
    """Something the user says when a question mentions one of ``keywords``."""

    keywords: tuple[str, ...]
    answer: str


def parse_facts(user_facts: dict[str, Any]) -> list[Fact]:
    """``{"facts": [{"keywords": [...], "answer": "..."}]}`` -> facts."""
    return [
        Fact(tuple(k.lower() for k in f["keywords"]), f["answer"])
        for f in user_facts.get("facts", [])
    ]


def answer(facts: list[Fact], question: str) -> str:
    """Every fact with a keyword in the question (case-insensitive substring), in order."""
    text = question.lower()
    said = [f.answer for f in facts if any(k in text for k in f.keywords)]
    return " ".join(said) if said else NOTHING_TO_ADD
