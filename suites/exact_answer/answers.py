"""Reading answers out of a reply and comparing them exactly, after normalisation.

A reply states its final answer on a line ``answer: <value>`` (markdown bold, backticks
and a trailing full stop are tolerated) and, when asked to show its steps, each
intermediate quantity on a line ``step N: <value>``. Values are normalised by kind:
numbers lose thousands separators, units and currency signs; date-times accept ``T`` or a
space between date and time.
"""

from __future__ import annotations

import re
from datetime import date, datetime

_ANSWER = re.compile(r"^[\s>*_`#-]*(?:final\s+)?answer[*_`\s]*[:=][*_`\s]*(.+?)\s*$", re.I | re.M)
_STEP = re.compile(r"^[\s>*_`#-]*step\s*(\d+)[*_`\s]*[:=.)][*_`\s]*(.+?)\s*$", re.I | re.M)
_NUMBER = re.compile(r"-?\d+(?:\.\d+)?")
_DATETIME = re.compile(r"(\d{4}-\d{2}-\d{2})[T ]+(\d{1,2}:\d{2})")
_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")

# Intermediate values may be rounded by the solver: within this relative error they count.
STEP_RTOL = 0.005


def final_answer(text: str) -> str | None:
    """The value on the last ``answer:`` line of ``text``, or None."""
    found = _ANSWER.findall(text)
    return found[-1] if found else None


def step_values(text: str) -> list[str]:
    """The values of the ``step N:`` lines, in order."""
    return [value for _, value in _STEP.findall(text)]


def parse(kind: str, text: str) -> float | str | None:
    """The normalised value of ``text`` read as ``kind``, or None if it is not one."""
    cleaned = text.strip().strip("`*_ ").rstrip(".")
    if kind in ("integer", "decimal"):
        # "116 + 11 = 127" or "after operation 1: 127" state 127: read after the last = or :.
        parts = [p for p in re.split(r"[=:]", cleaned) if any(ch.isdigit() for ch in p)]
        text = parts[-1] if parts else cleaned
        match = _NUMBER.search(text.replace(",", "").replace("\u2212", "-"))
        return float(match.group()) if match else None
    if kind == "datetime":
        m = _DATETIME.search(cleaned)
        if not m:
            return None
        try:
            return datetime.strptime(f"{m.group(1)} {m.group(2)}", "%Y-%m-%d %H:%M").strftime(
                "%Y-%m-%d %H:%M"
            )
        except ValueError:
            return None
    if kind == "date":
        m = _DATE.search(cleaned)
        try:
            return date.fromisoformat(m.group()).isoformat() if m else None
        except ValueError:
            return None
    return " ".join(cleaned.casefold().split())


def same(kind: str, given: str, expected: str, *, final: bool) -> bool:
    """Whether ``given`` states ``expected``, to the precision its kind asks for.

    Exactly for integers and dates, to 2 decimal places for a final decimal answer, within
    ``STEP_RTOL`` for an intermediate number.
    """
    a, b = parse(kind, given), parse(kind, expected)
    if a is None or b is None:
        return False
    if isinstance(a, float) and isinstance(b, float):
        if kind == "integer" and final:
            return a == b
        if final:
            return abs(a - b) < 0.005 + 1e-9
        return abs(a - b) <= STEP_RTOL * max(abs(b), 1e-9)
    return a == b


def step_kind(kind: str) -> str:
    """Intermediate quantities of a decimal problem are decimals too (unrounded)."""
    return "decimal" if kind == "integer" else kind
