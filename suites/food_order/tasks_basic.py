"""Tiers 1 and 2, generated from a seeded RNG. Every request is unambiguous and allowed.

Tier 1: one named item; tier 2: several items with sizes, modifiers, quantities and
sometimes a coupon.
"""

from __future__ import annotations

import random

from . import menu_data
from .intents import Intent, LineSpec
from .people import LAST_CORE_USER
from .phrasing import (
    Draft,
    address_clause,
    choose_address,
    choose_card,
    joined,
    line_phrase,
    payment_clause,
    safe_for,
    tip_clause,
)
from .solver import best_coupon
from .world import Line, MenuItem, Restaurant, User, World

_EXCLUSIVE = [("extra spicy", "mild"), ("dressing on the side", "extra dressing")]
_T1_TEMPLATES = [
    "Hi, could you order {thing} from {rest} for me?",
    "Can I get {thing} from {rest}, please?",
    "I'd like {thing} from {rest}.",
    "Please order {thing} from {rest}.",
    "Craving {rest} tonight. {Thing}, please.",
    "Order me {thing} from {rest}, thanks!",
]
_T2_TEMPLATES = {
    "list": [
        "Order from {rest}, please: {lines}.",
        "Hey! From {rest} I need {lines}.",
    ],
    "prose": [
        "I'd like to order from {rest}: {lines}.",
        "Dinner from {rest} tonight, please: {lines}.",
        "Could you get us {lines} from {rest}?",
    ],
}


def _cores(world: World) -> list[Restaurant]:
    """The hand-written restaurants these tiers are written around (open, deliver anywhere)."""
    return [r for r in world.restaurants if r.id in menu_data.CORE_IDS]


def _orderable(world: World, restaurant_id: str, user: User, skip: set[str]) -> list[MenuItem]:
    return [
        i
        for i in world.menu(restaurant_id)
        if i.in_stock and not i.alcohol and safe_for(i, user) and i.id not in skip
    ]


def _clauses(user: User, address: str, payment: str, tip: int, rng: random.Random) -> str:
    return (
        address_clause(user, address, rng)
        + payment_clause(user, payment, rng)
        + tip_clause(tip, rng)
    )


def _spec(line: Line) -> LineSpec:
    return LineSpec(
        item_id=line.item_id, size=line.size, modifiers=line.modifiers, quantity=line.quantity
    )


def tier1(world: World, rng: random.Random, count: int = 18) -> list[Draft]:
    """``count`` tier-1 tasks, one named item each (no item twice)."""
    users = [u for u in world.users if u.id <= LAST_CORE_USER]
    rng.shuffle(users)
    used: set[str] = set()
    drafts = []
    for k in range(count):
        user = users[k % len(users)]
        restaurant = _cores(world)[k % len(_cores(world))]
        options = [
            i for i in _orderable(world, restaurant.id, user, used) if i.category != "drinks"
        ]
        item = rng.choice(options)
        used.add(item.id)
        line = Line(
            item_id=item.id,
            size=rng.choice(list(item.sizes)),
            quantity=2 if rng.random() < 0.2 else 1,
        )
        thing = line_phrase(world, line, "prose")
        if line.quantity == 1 and len(item.sizes) == 1:
            thing = f"the {item.name}"
        address, payment = choose_address(user, rng), choose_card(user, rng)
        tip = rng.choice([0, 0, 0, 200, 300, 350, 500])
        text = rng.choice(_T1_TEMPLATES).format(
            thing=thing, Thing=thing[0].upper() + thing[1:], rest=restaurant.name
        )
        intent = Intent(
            task_id="",
            user_id=user.id,
            restaurant_id=restaurant.id,
            lines=(_spec(line),),
            address_id=address,
            payment=(payment,),
            tip_cents=tip,
        )
        text += _clauses(user, address, payment, tip, rng)
        drafts.append(Draft(1, text, intent, tags=("single_item",)))
    return drafts


def _t2_lines(
    world: World, user: User, restaurant_id: str, rng: random.Random, alcohol: bool
) -> list[Line]:
    options = _orderable(world, restaurant_id, user, set())
    items = rng.sample(options, rng.randint(2, 4) - alcohol)
    if alcohol:
        items.append(next(i for i in world.menu(restaurant_id) if i.alcohol and i.in_stock))
    lines = []
    for n, item in enumerate(items):
        safe_mods = [m.name for m in item.modifiers if safe_for(item, user, (m.name,))]
        k = min(len(safe_mods), rng.choice([0, 1, 1, 2]) if n else rng.choice([1, 2]))
        mods = rng.sample(safe_mods, k)
        if any(set(pair) <= set(mods) for pair in _EXCLUSIVE):
            mods = mods[:1]
        lines.append(
            Line(
                item_id=item.id,
                size=rng.choice(list(item.sizes)),
                modifiers=tuple(sorted(mods)),
                quantity=rng.choice([1, 1, 2, 3]) if n else rng.choice([2, 3]),
            )
        )
    return lines


def tier2(world: World, rng: random.Random, count: int = 18) -> list[Draft]:
    """``count`` tier-2 tasks: several items with sizes, modifiers, quantities, maybe a coupon."""
    users = [u for u in world.users if u.id <= LAST_CORE_USER]
    rng.shuffle(users)
    drafts = []
    for k in range(count):
        restaurant = _cores(world)[(k + 3) % len(_cores(world))]
        alcohol = k in (4, 13)
        # the next user with enough choice at this restaurant (and of age, for alcohol)
        user = next(
            u
            for n in range(len(users))
            if (u := users[(k + n) % len(users)])
            and len(_orderable(world, restaurant.id, u, set())) >= 6
            and (not alcohol or (u.age_verified and not u.allergies))
        )
        lines = _t2_lines(world, user, restaurant.id, rng, alcohol)
        code = None
        if rng.random() < 0.45:
            codes = tuple(sorted(c.code for c in menu_data.coupons()))
            eligible = [c for c in codes if best_coupon(world, restaurant.id, lines, (c,))[0]]
            own = [c for c in eligible if world.coupon(c).restaurant_id]  # type: ignore[union-attr]
            code = rng.choice(own if own and rng.random() < 0.7 else eligible or [None])
        address, payment = choose_address(user, rng), choose_card(user, rng)
        tip = rng.choice([0, 0, 250, 300, 400, 500])
        style = rng.choice(["list", "prose"])
        text = rng.choice(_T2_TEMPLATES[style]).format(
            rest=restaurant.name, lines=joined([line_phrase(world, ln, style) for ln in lines])
        )
        if code:
            text += rng.choice([f" Use code {code}.", f" I have the code {code}, please apply it."])
        text += _clauses(user, address, payment, tip, rng)
        intent = Intent(
            task_id="",
            user_id=user.id,
            restaurant_id=restaurant.id,
            lines=tuple(_spec(ln) for ln in lines),
            address_id=address,
            payment=(payment,),
            coupons=(code,) if code else (),
            tip_cents=tip,
        )
        tags = ("multi_item",) + (("coupon",) if code else ()) + (("alcohol",) if alcohol else ())
        drafts.append(Draft(2, text, intent, tags=tags))
    return drafts
