"""Unit conversions: a quantity carried through a chain of stated conversion factors.

Factors are exact decimals, so every intermediate value is exact; only the final answer is
rounded (to 2 decimal places).
"""

from __future__ import annotations

import random
from decimal import Decimal

from .problem import Problem, Step

# unit -> [(next unit, factor: 1 unit = factor next units)]
CHAINS: dict[str, list[tuple[str, str]]] = {
    "miles": [("yards", "1760"), ("kilometres", "1.609344")],
    "yards": [("feet", "3"), ("metres", "0.9144")],
    "feet": [("inches", "12"), ("metres", "0.3048")],
    "inches": [("centimetres", "2.54"), ("feet", "0.083333")],
    "kilometres": [("metres", "1000"), ("miles", "0.621371")],
    "metres": [("centimetres", "100"), ("feet", "3.28084"), ("yards", "1.09361")],
    "centimetres": [("millimetres", "10"), ("inches", "0.393701"), ("metres", "0.01")],
    "millimetres": [("centimetres", "0.1"), ("micrometres", "1000")],
    "micrometres": [("millimetres", "0.001")],
}


def plain(value: Decimal) -> str:
    """``value`` to at most 6 decimal places, without exponent or trailing zeros."""
    text = format(value.quantize(Decimal("0.000001")), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


SINGULAR = {"miles": "mile", "yards": "yard", "feet": "foot", "inches": "inch"}


def _options(unit: str, previous: str | None, value: Decimal) -> list[tuple[str, str]]:
    """Conversions that do not go straight back and keep the value readable."""
    fits = [
        (u, f) for u, f in CHAINS[unit] if Decimal("0.5") <= value * Decimal(f) <= Decimal(10**7)
    ]
    return [(u, f) for u, f in fits if u != previous] or fits or CHAINS[unit]


def problem(n: int, rng: random.Random) -> Problem:
    """A conversion problem of ``n`` stated conversions, drawn from ``rng``."""
    unit = rng.choice(["miles", "yards", "kilometres", "feet", "metres"])
    value = Decimal(rng.randint(3, 400)) / 4
    sentences = [f"A surveyor measures a distance of {value} {unit}."]
    steps = []
    previous = None
    for i in range(n):
        nxt, factor = rng.choice(_options(unit, previous, value))
        one = SINGULAR.get(unit, unit.removesuffix("s"))
        sentences.append(f"Step {i + 1}: convert it to {nxt}, using 1 {one} = {factor} {nxt}.")
        expr = f"{plain(value)} * {factor}"
        value = value * Decimal(factor)
        previous, unit = unit, nxt
        steps.append(Step(f"distance in {unit}", plain(value), expr))
    final = steps[-1]
    rounded = f"{value.quantize(Decimal('0.01'))}"
    steps[-1] = Step(final.label, rounded, final.expr)
    question = f"What is the distance in {unit}, after all the conversions?"
    return Problem("units", " ".join(sentences), question, "decimal", tuple(steps))
