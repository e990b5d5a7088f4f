"""More users, with delivery zones and an order history in every state (seeded, reproducible).

The hand-written personas and the first generated users (``people.py``) carry the older
tasks; these users fill the world to a realistic size: each has saved addresses in several
zones, cards and sometimes a gift card, allergies, and past orders placed, preparing, out for
delivery (today, before the world's time), delivered or cancelled (earlier), with totals.
"""

from __future__ import annotations

import random
from datetime import date, timedelta

from .menu_gen import ZONES
from .people import _ALLERGY_POOL, _BRANDS, _FIRST, _LAST, _OFFICES, _STREETS, CITY
from .world import Address, MenuItem, PastOrder, PaymentMethod, Restaurant, User

_LABELS = ("home", "work", "partner", "parents", "gym")
_ACTIVE = ("placed", "preparing", "out_for_delivery")
_DONE = ("delivered", "delivered", "delivered", "cancelled")
# Codes a past order may have used (so once-per-user coupons are already spent for some).
_USED_CODES = ("FIRSTBITE", "NOODLE4", None, None, None, None)


def _address(uid: str, label: str, rng: random.Random) -> Address:
    street = f"{rng.randint(2, 990)} {rng.choice(_STREETS)}"
    line = f"{rng.choice(_OFFICES) if label == 'work' else street}, {CITY}"
    return Address(id=f"addr_{uid[4:]}_{label}", label=label, line=line, zone=rng.choice(ZONES))


def _payments(uid: str, rng: random.Random) -> list[PaymentMethod]:
    methods = [
        PaymentMethod(
            id=f"pm_{uid[4:]}_{b.lower()}",
            kind="card",
            brand=b,
            last4=f"{rng.randint(0, 9999):04d}",
        )
        for b in rng.sample(_BRANDS, rng.randint(1, 3))
    ]
    if rng.random() < 0.3:
        balance = rng.choice([1000, 1500, 2500, 4000, 7500])
        methods.append(PaymentMethod(id=f"pm_{uid[4:]}_gift", kind="gift_card",
                                     brand="Gift card", balance_cents=balance))  # fmt: skip
    return methods


def _history(
    uid: str,
    today: date,
    now: str,
    menus: dict[str, list[MenuItem]],
    restaurants: list[Restaurant],
    user: tuple[list[Address], list[PaymentMethod]],
    rng: random.Random,
) -> tuple[PastOrder, ...]:
    addresses, payments = user
    orders = []
    for n in range(rng.randint(1, 5)):
        restaurant = rng.choice(restaurants)
        dishes = rng.sample(menus[restaurant.id], rng.randint(1, 3))
        status = rng.choice(_ACTIVE) if n == 0 and rng.random() < 0.35 else rng.choice(_DONE)
        if status in _ACTIVE:
            hour = int(now[:2]) - rng.randint(0, 1)
            placed = f"{today.isoformat()} {hour:02d}:{rng.randint(0, 59):02d}"
        else:
            day = today - timedelta(days=rng.randint(1, 60))
            placed = f"{day.isoformat()} {rng.randint(11, 21):02d}:{rng.randint(0, 59):02d}"
        food = sum(min(d.sizes.values()) for d in dishes)
        orders.append(
            PastOrder(
                id=f"ord_{uid[4:]}{n:02d}",
                restaurant_id=restaurant.id,
                placed_at=placed,
                summary=", ".join(d.name for d in dishes),
                status=status,
                total_cents=food + restaurant.delivery_fee_cents,
                coupon=rng.choice(_USED_CODES),
                address_id=rng.choice(addresses).id,
                payment_method_id=rng.choice(payments).id,
            )
        )
    return tuple(sorted(orders, key=lambda o: o.placed_at, reverse=True))


def users(
    count: int,
    first_id: int,
    taken: set[str],
    world_parts: tuple[str, str, list[Restaurant], list[MenuItem]],
    rng: random.Random,
) -> list[User]:
    """``count`` users from ``usr_<first_id>`` on, with names not in ``taken``."""
    today_text, now, restaurants, items = world_parts
    today = date.fromisoformat(today_text)
    menus: dict[str, list[MenuItem]] = {}
    for item in items:
        if not item.alcohol:
            menus.setdefault(item.restaurant_id, []).append(item)
    names = [f"{f} {la}" for f in _FIRST for la in _LAST if f"{f} {la}" not in taken]
    rng.shuffle(names)
    found: list[User] = []
    for n in range(count):
        uid = f"usr_{first_id + n}"
        labels = ["home", *rng.sample(_LABELS[1:], rng.randint(1, 3))]
        addresses = [_address(uid, label, rng) for label in labels]
        payments = _payments(uid, rng)
        name = names[n]
        found.append(
            User(
                id=uid,
                name=name,
                email=f"{name.lower().replace(' ', '.').replace(chr(39), '')}@example.com",
                addresses=tuple(addresses),
                payment_methods=tuple(payments),
                allergies=tuple(sorted(rng.sample(_ALLERGY_POOL, rng.choice([0, 0, 1, 1, 2])))),
                age_verified=rng.random() < 0.85,
                default_address_id=addresses[0].id,
                default_payment_method_id=payments[0].id,
                recent_orders=_history(
                    uid, today, now, menus, restaurants, (addresses, payments), rng
                ),
            )
        )
    return found
