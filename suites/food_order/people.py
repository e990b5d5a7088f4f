"""Users: ten hand-written personas the harder tasks are built around, plus generated ones.

Generated users come from a seeded ``random.Random`` so the world is reproducible.
"""

from __future__ import annotations

import random
import re

from .world import Address, PastOrder, PaymentMethod, User

_STREETS = [
    "Linden Ave",
    "Maple St",
    "Harbor Rd",
    "Cedar Ln",
    "Elm St",
    "Birch Way",
    "Willow Ct",
    "Oak Park Dr",
    "Riverside Blvd",
    "Summit Ave",
    "Chestnut St",
    "Juniper Pl",
    "Aspen Row",
    "Magnolia Dr",
    "Sycamore St",
    "Prospect Ave",
]
_OFFICES = [
    "1200 Market St, Floor 9",
    "455 Innovation Way, Suite 300",
    "77 Commerce Plaza, 14th Floor",
    "300 Harbor Center, Suite 1200",
    "9 Foundry Sq, Unit 4",
    "2100 Broadway, Floor 3",
]
_FIRST = [
    "Aisha",
    "Ben",
    "Carmen",
    "Dmitri",
    "Elena",
    "Felix",
    "Gwen",
    "Hiro",
    "Ines",
    "Jonas",
    "Keisha",
    "Leo",
    "Mina",
    "Nikolai",
    "Olivia",
    "Pablo",
    "Quinn",
    "Rosa",
    "Sam",
    "Tara",
]
_LAST = [
    "Nguyen",
    "Patel",
    "Schmidt",
    "Garcia",
    "Johansson",
    "Mensah",
    "Kowalski",
    "Tanaka",
    "Silva",
    "O'Brien",
    "Haddad",
    "Novak",
    "Fischer",
    "Adeyemi",
    "Rossi",
    "Larsen",
]
_BRANDS = ["Visa", "Mastercard", "Amex", "Discover"]
_ALLERGY_POOL = [
    "peanut",
    "tree_nut",
    "dairy",
    "gluten",
    "egg",
    "soy",
    "shellfish",
    "fish",
    "sesame",
]
CITY = "Springfield"


def _addr(uid: str, label: str, line: str) -> Address:
    return Address(id=f"addr_{uid[4:]}_{label}", label=label, line=f"{line}, {CITY}")


def _card(uid: str, brand: str, last4: str, suffix: str = "") -> PaymentMethod:
    return PaymentMethod(
        id=f"pm_{uid[4:]}_{brand.lower()}{suffix}", kind="card", brand=brand, last4=last4
    )


def _gift(uid: str, balance_cents: int) -> PaymentMethod:
    return PaymentMethod(
        id=f"pm_{uid[4:]}_gift", kind="gift_card", brand="Gift card", balance_cents=balance_cents
    )


def _persona(
    uid: str,
    name: str,
    addresses: list[tuple[str, str]],
    payments: list[PaymentMethod],
    allergies: tuple[str, ...] = (),
    age_verified: bool = True,
    recent: tuple[PastOrder, ...] = (),
) -> User:
    addrs = tuple(_addr(uid, label, line) for label, line in addresses)
    first, last = (re.sub(r"[^a-z]", "", part) for part in name.lower().split(" ", 1))
    return User(
        id=uid,
        name=name,
        email=f"{first}.{last}@example.com",
        addresses=addrs,
        payment_methods=tuple(payments),
        allergies=allergies,
        age_verified=age_verified,
        default_address_id=addrs[0].id,
        default_payment_method_id=payments[0].id,
        recent_orders=recent,
    )


def personas() -> list[User]:
    """Users whose traits the tier-3 and tier-4 tasks rely on (allergies, gift cards, age)."""
    return [
        _persona(
            "usr_1001",
            "Maya Chen",
            [("home", "88 Linden Ave, Apt 4B"), ("work", _OFFICES[0])],
            [_card("usr_1001", "Visa", "4242"), _card("usr_1001", "Amex", "1005")],
            ("peanut",),
        ),
        _persona(
            "usr_1002",
            "Daniel Okafor",
            [("home", "14 Harbor Rd"), ("work", _OFFICES[1])],
            [_card("usr_1002", "Mastercard", "5100"), _gift("usr_1002", 2500)],
            ("shellfish",),
            recent=(
                PastOrder(
                    id="ord_77120",
                    restaurant_id="r_sakura",
                    placed_at="2025-03-13 19:42",
                    status="delivered",
                    summary="California Roll (large), Miso Soup (large), Edamame",
                ),
            ),
        ),
        _persona(
            "usr_1003",
            "Priya Raman",
            [("home", "5 Cedar Ln"), ("work", _OFFICES[2]), ("parents", "310 Magnolia Dr")],
            [_card("usr_1003", "Visa", "1881")],
            ("dairy",),
        ),
        _persona(
            "usr_1004",
            "Lucas Moreau",
            [("home", "220 Elm St, Room 12"), ("campus", "1 University Cir, Library")],
            [_card("usr_1004", "Amex", "3007"), _gift("usr_1004", 6000)],
            (),
            age_verified=False,
        ),
        _persona(
            "usr_1005",
            "Sofia Rossi",
            [
                ("home", "41 Birch Way"),
                ("work", _OFFICES[3]),
                ("studio", "17 Foundry Sq, Studio 2"),
            ],
            [_card("usr_1005", "Visa", "7777"), _card("usr_1005", "Mastercard", "2323")],
            ("gluten",),
        ),
        _persona(
            "usr_1006",
            "Ethan Brooks",
            [("home", "9 Willow Ct"), ("work", _OFFICES[4])],
            [_card("usr_1006", "Visa", "9090")],
            ("egg",),
            age_verified=False,
        ),
        _persona(
            "usr_1007",
            "Hana Kim",
            [("home", "602 Summit Ave"), ("work", _OFFICES[5])],
            [_card("usr_1007", "Mastercard", "6011"), _card("usr_1007", "Visa", "1234")],
            ("sesame", "tree_nut"),
        ),
        _persona(
            "usr_1008",
            "Omar Haddad",
            [("home", "73 Oak Park Dr"), ("work", _OFFICES[0]), ("gym", "500 Riverside Blvd")],
            [
                _card("usr_1008", "Visa", "5555"),
                _card("usr_1008", "Amex", "8008"),
                _gift("usr_1008", 1500),
            ],
        ),
        _persona(
            "usr_1009",
            "Grace Liu",
            [("home", "12 Chestnut St"), ("work", _OFFICES[2])],
            [_card("usr_1009", "Mastercard", "4410")],
            recent=(
                PastOrder(
                    id="ord_77305",
                    restaurant_id="r_tonys",
                    placed_at="2025-03-14 18:05",
                    status="preparing",
                    summary="Pepperoni Pizza (large)",
                ),
            ),
        ),
        _persona(
            "usr_1010",
            "Tomas Alvarez",
            [("home", "48 Juniper Pl"), ("work", _OFFICES[1])],
            [_card("usr_1010", "Visa", "3131"), _card("usr_1010", "Amex", "7272")],
            ("fish",),
        ),
    ]


LAST_CORE_USER = "usr_1026"  # the older tiers draw their users from here down


def generated(rng: random.Random, count: int, first_id: int = 1011) -> list[User]:
    """``count`` random users with 2-3 addresses, 1-3 payment methods and 0-2 allergies."""
    users: list[User] = []
    names = [(f, la) for f in _FIRST for la in _LAST]
    rng.shuffle(names)
    for n in range(count):
        uid = f"usr_{first_id + n}"
        first, last = names[n]
        addresses = [("home", f"{rng.randint(2, 990)} {rng.choice(_STREETS)}")]
        addresses.append(("work", rng.choice(_OFFICES)))
        if rng.random() < 0.3:
            addresses.append(("partner", f"{rng.randint(2, 990)} {rng.choice(_STREETS)}"))
        brands = rng.sample(_BRANDS, rng.randint(1, 2))
        payments = [_card(uid, b, f"{rng.randint(0, 9999):04d}") for b in brands]
        if rng.random() < 0.25:
            payments.append(_gift(uid, rng.choice([1000, 2000, 2500, 5000])))
        allergies = tuple(sorted(rng.sample(_ALLERGY_POOL, rng.choice([0, 0, 0, 1, 1, 2]))))
        users.append(
            _persona(uid, f"{first} {last}", addresses, payments, allergies, rng.random() < 0.85)
        )
    return users
