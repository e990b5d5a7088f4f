"""Date and time arithmetic across time zones: an itinerary of flights and layovers.

Offsets are fixed and stated in the problem (no daylight saving, no time-zone database),
so the answer does not depend on the machine's tz data.
"""

from __future__ import annotations

import random
from datetime import datetime, timedelta

from .problem import Problem, Step

CITIES = [
    ("Tokyo", 9 * 60), ("Los Angeles", -8 * 60), ("London", 0), ("Delhi", 5 * 60 + 30),
    ("New York", -5 * 60), ("Sydney", 10 * 60), ("Dubai", 4 * 60), ("Sao Paulo", -3 * 60),
    ("Singapore", 8 * 60), ("Paris", 60), ("Nairobi", 3 * 60), ("Kathmandu", 5 * 60 + 45),
]  # fmt: skip
FMT = "%Y-%m-%d %H:%M"


def offset_text(minutes: int) -> str:
    """A UTC offset as the problem states it, e.g. ``UTC+5:30`` or ``UTC-3``."""
    sign = "+" if minutes >= 0 else "-"
    h, m = divmod(abs(minutes), 60)
    return f"UTC{sign}{h}" + (f":{m:02d}" if m else "")


def duration_text(minutes: int) -> str:
    """A duration as the problem states it, e.g. ``2 h 05 min`` or ``45 min``."""
    h, m = divmod(minutes, 60)
    return f"{h} h {m:02d} min" if h else f"{m} min"


def problem(n: int, rng: random.Random) -> Problem:
    """``n`` steps alternate: arrival (local time in the new city), departure (after a layover)."""
    route = rng.sample(CITIES, k=(n + 1) // 2 + 1)
    start = datetime(
        2025,
        rng.randint(1, 12),
        rng.randint(1, 28),
        rng.randint(0, 23),
        rng.choice([0, 5, 15, 20, 30, 40, 45, 50]),
    )
    city, offset = route[0]
    utc = start - timedelta(minutes=offset)
    sentences = [
        f"A traveller leaves {city} ({offset_text(offset)}) at {start.strftime(FMT)} local time."
    ]
    steps = []
    leg = 0
    for i in range(n):
        if i % 2 == 0:
            leg += 1
            city, offset = route[leg]
            flight = rng.randint(45, 15 * 60)
            utc += timedelta(minutes=flight)
            sentences.append(
                f"The flight to {city} ({offset_text(offset)}) takes {duration_text(flight)}."
            )
            label = f"arrival in {city}, local time"
        else:
            wait = rng.randint(40, 9 * 60)
            utc += timedelta(minutes=wait)
            sentences.append(f"The layover in {city} lasts {duration_text(wait)}.")
            label = f"departure from {city}, local time"
        steps.append(Step(label, (utc + timedelta(minutes=offset)).strftime(FMT)))
    verb = "arrive in" if n % 2 == 1 else "leave"
    question = f"At what local date and time does the traveller {verb} {city}?"
    return Problem("travel", " ".join(sentences), question, "datetime", tuple(steps))
