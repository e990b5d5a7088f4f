"""Shared pieces of task generation: the draft a task starts as, and user-voice phrases."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

from .intents import Intent, LineSpec, Trap
from .world import Line, MenuItem, PaymentMethod, User, World, dollars

NUMBERS = {1: "one", 2: "two", 3: "three", 4: "four", 5: "five", 6: "six"}


@dataclass(frozen=True)
class Draft:
    """A task before it gets its id and expected order."""

    tier: int
    instruction: str
    intent: Intent  # task_id is filled in by the generator
    facts: list[dict[str, Any]] = field(default_factory=list)
    tags: tuple[str, ...] = ()


def fact(keywords: list[str], answer: str) -> dict[str, Any]:
    """A scenario fact (see relgap.user.ScenarioFact), named after its first keyword."""
    return {"name": keywords[0], "keywords": keywords, "answer": answer}


def item(world: World, item_id: str) -> MenuItem:
    """The menu item ``item_id`` (which must exist)."""
    found = world.item(item_id)
    assert found is not None, item_id
    return found


def user(world: World, user_id: str) -> User:
    """The user ``user_id`` (who must exist)."""
    found = world.user(user_id)
    assert found is not None, user_id
    return found


def safe_for(item_: MenuItem, user_: User, modifiers: tuple[str, ...] = ()) -> bool:
    """Whether the item, with ``modifiers``, holds none of the user's allergens."""
    return not item_.all_allergens(modifiers) & set(user_.allergies)


def mods_phrase(modifiers: tuple[str, ...]) -> str:
    """``("add shrimp", "extra spicy")`` -> ``"with shrimp, extra spicy"``."""
    return ", ".join(f"with {m[4:]}" if m.startswith("add ") else m for m in modifiers)


def _article(word: str) -> str:
    return "an" if word[0].lower() in "aeiou" else "a"


def line_phrase(world: World, line: Line, style: str) -> str:
    """A cart line in the user's words, as a ``list`` entry or in ``prose`` (``style``).

    ``list``: 2 x Name (large, ...); ``prose``: two orders of the large Name (with ...).
    """
    it = item(world, line.item_id)
    sized = len(it.sizes) > 1
    if style == "list":
        details = ([line.size] if sized else []) + list(line.modifiers)
        inner = f" ({', '.join(details)})" if details else ""
        return f"{line.quantity} x {it.name}{inner}"
    size = ("can of " if line.size == "can" else f"{line.size} ") if sized else ""
    if line.quantity > 1:
        text = f"{NUMBERS[line.quantity]} orders of the {size}{it.name}"
    elif it.name.endswith("s") or it.name.startswith("Chips"):  # "Tacos", "Fries"
        text = f"{_article(size or 'order')} {size}order of {it.name}"
    else:
        text = f"{_article(size or it.name)} {size}{it.name}"
    mods = mods_phrase(line.modifiers)
    return f"{text} ({mods})" if mods else text


def joined(parts: list[str]) -> str:
    """``parts`` as prose: "a", "a and b", "a, b and c"."""
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


def card_phrase(method: PaymentMethod) -> str:
    """A card in the user's words: "my Visa ending in 4242"."""
    return f"my {method.brand} ending in {method.last4}"


_PLACES = {
    "partner": "partner's place",
    "parents": "parents' place",
    "gym": "gym",
    "studio": "studio",
}


def address_clause(user_: User, address_id: str, rng: random.Random) -> str:
    """Where to deliver, in the user's words; "" for the default address."""
    if address_id == user_.default_address_id:
        return ""
    label = next(a.label for a in user_.addresses if a.id == address_id)
    place = _PLACES.get(label, f"{label} address")
    return rng.choice([f" Deliver it to my {place}.", f" Send it to my {place}, please."])


def payment_clause(user_: User, payment_id: str, rng: random.Random) -> str:
    """How to pay, in the user's words; "" for the default payment method."""
    if payment_id == user_.default_payment_method_id:
        return ""
    method = next(p for p in user_.payment_methods if p.id == payment_id)
    return rng.choice([f" Put it on {card_phrase(method)}.", f" Pay with {card_phrase(method)}."])


def tip_clause(tip_cents: int, rng: random.Random) -> str:
    """The tip, in the user's words (no tip: often nothing said)."""
    if tip_cents == 0:
        return rng.choice(["", "", " No tip this time."])
    amount = dollars(tip_cents).removesuffix(".00")
    return rng.choice([f" Add a ${amount} tip for the driver.", f" Tip ${amount}, please."])


def choose_address(user_: User, rng: random.Random) -> str:
    """The address to deliver to: the default, or about a third of the time another."""
    if rng.random() < 0.35:
        return rng.choice([a.id for a in user_.addresses if a.id != user_.default_address_id])
    return user_.default_address_id


def choose_card(user_: User, rng: random.Random) -> str:
    """The card to pay with: the default, or about a third of the time another card."""
    cards = [p.id for p in user_.payment_methods if p.kind == "card"]
    others = [c for c in cards if c != user_.default_payment_method_id]
    if others and rng.random() < 0.35:
        return rng.choice(others)
    return user_.default_payment_method_id


def spec(item_id: str, size: str = "regular", *mods: str, qty: int = 1, **kw: Any) -> LineSpec:
    """A line spec in short: item, size, modifiers, quantity (and other LineSpec fields)."""
    return LineSpec(item_id=item_id, size=size, modifiers=tuple(sorted(mods)), quantity=qty, **kw)


def draft(
    world: World,
    tier: int,
    text: str,
    user_id: str,
    restaurant_id: str,
    lines: list[LineSpec],
    tags: tuple[str, ...],
    facts: list[dict[str, Any]] | None = None,
    **kw: Any,
) -> Draft:
    """A draft whose address and payment default to the user's profile defaults."""
    u = user(world, user_id)
    kw.setdefault("address_id", u.default_address_id)
    kw.setdefault("payment", (u.default_payment_method_id,))
    intent = Intent(
        task_id="", user_id=user_id, restaurant_id=restaurant_id, lines=tuple(lines), **kw
    )
    return Draft(tier, text, intent, facts or [], tags)


SIZE = ["size", "regular", "large", "small", "medium", "big", "bigger", "portion", "standard"]
SUBSTITUTE = [
    "substitut",
    "instead",
    "replace",
    "out of stock",
    "unavailable",
    "sold out",
    "else",
    "alternative",
    "swap",
    "available",
    "in its place",
    "another",
]
ALLERGY = [
    "allerg", "instead", "else", "alternative", "substitut", "contain", "swap", "different",
    "replace", "another",
]  # fmt: skip


def ln(item_id: str, size: str = "regular", *mods: str, qty: int = 1) -> Line:
    """A cart line in short: item, size, modifiers, quantity."""
    return Line(item_id=item_id, size=size, modifiers=tuple(sorted(mods)), quantity=qty)


def trap(name: str, *lines: Line) -> Trap:
    """The trap ``name``: a careless agent adds ``lines`` instead."""
    return Trap(mistake=name, lines=lines)
