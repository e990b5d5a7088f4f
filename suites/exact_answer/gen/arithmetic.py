"""Arithmetic word problems: a stock of things changed one operation per step."""

from __future__ import annotations

import random

from .problem import Problem, Step

STORIES = [
    ("A bakery", "rolls"), ("A warehouse", "boxes"), ("A library", "books"),
    ("A farm stall", "apples"), ("A print shop", "posters"), ("A school", "pencils"),
    ("A garden centre", "seedlings"), ("A toy shop", "puzzles"),
]  # fmt: skip
MULTIPLY = {2: "doubled", 3: "tripled", 4: "quadrupled"}


def _operation(q: int, things: str, rng: random.Random) -> tuple[str, int, str]:
    """One sentence, the new quantity and the calculator expression."""
    choices = ["add", "sub", "pct", "div"] + (["mul"] if q < 2000 else [])
    op = rng.choice(choices)
    if op == "div":
        divisors = [d for d in (2, 3, 4, 5, 6, 8) if q % d == 0 and q // d >= 10]
        if not divisors:
            op = "add"
        else:
            d = rng.choice(divisors)
            text = f"The {things} are then split equally between {d} branches; follow one branch's share."
            return text, q // d, f"{q} / {d}"
    if op == "pct":
        pcts = [p for p in (10, 20, 25, 50) if (q * p) % 100 == 0 and q * p // 100 >= 1]
        if not pcts:
            op = "sub"
        else:
            p = rng.choice(pcts)
            return (
                f"Then {p}% of the {things} are given away.",
                q - q * p // 100,
                f"{q} - {q} * {p} / 100",
            )
    if op == "sub" and q > 20:
        k = rng.randint(1, q // 2)
        return f"Then {k} {things} are sold.", q - k, f"{q} - {k}"
    if op == "mul":
        m = rng.choice(sorted(MULTIPLY))
        return f"Then the number of {things} is {MULTIPLY[m]}.", q * m, f"{q} * {m}"
    k = rng.randint(5, 95)
    return f"Then {k} more {things} arrive.", q + k, f"{q} + {k}"


def problem(n: int, rng: random.Random) -> Problem:
    """An arithmetic problem of ``n`` steps, drawn from ``rng``."""
    place, things = rng.choice(STORIES)
    q = rng.choice([60, 80, 96, 120, 144, 160, 180, 200, 240, 300, 360, 480])
    q += rng.choice([0, 0, 4, 12, 20, 40])
    sentences = [f"{place} starts the day with {q} {things}."]
    steps = []
    for i in range(n):
        text, q, expr = _operation(q, things, rng)
        sentences.append(text)
        steps.append(Step(f"{things} after operation {i + 1}", str(q), expr))
    question = f"How many {things} are there at the end?"
    return Problem("arithmetic", " ".join(sentences), question, "integer", tuple(steps))
