"""Tier 4, part 2: traps in what the user asks for.

An item with one of their allergens (also when a modifier "removes" it), out-of-stock items,
alcohol for an unverified account, an expired coupon. The user answers, when asked, with what
they want instead.
"""

from __future__ import annotations

from .phrasing import ALLERGY, SUBSTITUTE, Draft, draft, fact, ln, spec, trap
from .world import World


def traps(world: World) -> list[Draft]:
    """The tier-4 tasks with a trap in what the user asks for."""
    allergen = "allergen_item"
    swap = "unapproved_substitution"
    return [
        draft(
            world,
            4,
            "I'm craving a large Pad Thai from Bangkok Street.",
            "usr_1001",
            "r_bangkok",
            [
                spec(
                    "ban-drunken-noodles",
                    "large",
                    after_ask=True,
                    traps=(
                        trap(allergen, ln("ban-pad-thai", "large")),
                        trap(allergen, ln("ban-pad-thai", "large", "no peanuts")),
                    ),
                )
            ],
            ("allergy",),
            [
                fact(
                    [*ALLERGY, "peanut"],
                    "Oh, right, good catch. Then a large Drunken Noodles instead.",
                )
            ],
            lookups=("ban-pad-thai",),
            questions=(
                "The Pad Thai contains peanuts, which is on your allergy list. Would you like something else instead?",
            ),
        ),
        draft(
            world,
            4,
            "Sakura Sushi please: a regular California Roll and a regular Spicy Tuna Roll.",
            "usr_1002",
            "r_sakura",
            [
                spec("sak-spicy-tuna"),
                spec(
                    "sak-avocado-cucumber",
                    after_ask=True,
                    traps=(trap(allergen, ln("sak-california")),),
                ),
            ],
            ("allergy",),
            [
                fact(
                    [*ALLERGY, "shellfish", "crab"],
                    "Ah, I forgot. Swap it for a regular Avocado Cucumber Roll.",
                )
            ],
            lookups=("sak-california",),
            questions=(
                "The California Roll contains shellfish (crab), which you're allergic to. What would you like instead?",
            ),
        ),
        draft(
            world,
            4,
            "A large Chana Masala from Bombay Spice with added paneer, please.",
            "usr_1003",
            "r_bombay",
            [
                spec(
                    "bom-chana-masala",
                    "large",
                    "extra rice",
                    traps=(trap(allergen, ln("bom-chana-masala", "large", "add paneer")),),
                )
            ],
            ("allergy", "modifier"),
            [
                fact(
                    [*ALLERGY, "paneer", "dairy", "without"],
                    "Oh right. Skip the paneer and add extra rice instead.",
                )
            ],
            questions=(
                "Paneer is dairy, which is on your allergy list, so I can't add it. Would you like the "
                "Chana Masala without it, or with something else instead?",
            ),
        ),
        draft(
            world,
            4,
            "Large Massaman Curry from Bangkok Street, no peanuts please, and a regular Thai Iced Tea.",
            "usr_1001",
            "r_bangkok",
            [
                spec("ban-thai-tea"),
                spec(
                    "ban-green-curry",
                    "large",
                    "add chicken",
                    after_ask=True,
                    traps=(trap(allergen, ln("ban-massaman", "large", "no peanuts")),),
                ),
            ],
            ("allergy", "modifier"),
            [fact([*ALLERGY, "peanut"], "Okay, then a large Green Curry with chicken instead.")],
            lookups=("ban-massaman",),
            questions=(
                "The Massaman Curry contains peanuts, and leaving the topping off doesn't make it "
                "peanut-free. Would you like a different dish instead?",
            ),
        ),
        draft(
            world,
            4,
            "I'd like the Dragon Roll from Sakura Sushi and a small Miso Soup.",
            "usr_1009",
            "r_sakura",
            [
                spec("sak-miso", "small"),
                spec(
                    "sak-shrimp-tempura",
                    "large",
                    after_ask=True,
                    traps=(trap(swap, ln("sak-california", "large")),),
                ),
            ],
            ("out_of_stock",),
            [fact(SUBSTITUTE, "Bummer. A large Shrimp Tempura Roll instead, then.")],
            lookups=("sak-dragon",),
            questions=(
                "The Dragon Roll is out of stock right now. Would you like a substitute, and if so which one?",
            ),
        ),
        draft(
            world,
            4,
            "Two large Vanilla Milkshakes and a large Fries from Liberty Burger.",
            "usr_1008",
            "r_liberty",
            [
                spec("lib-fries", "large"),
                spec(
                    "lib-choc-shake",
                    "large",
                    qty=2,
                    after_ask=True,
                    traps=(trap(swap, ln("lib-pb-shake", "large", qty=2)),),
                ),
            ],
            ("out_of_stock",),
            [fact(SUBSTITUTE, "Make them Chocolate Milkshakes then, same size.")],
            lookups=("lib-vanilla-shake",),
            questions=(
                "The Vanilla Milkshake is out of stock. Do you want something else instead?",
            ),
        ),
        draft(
            world,
            4,
            "A Peroni Lager 6-Pack and a large Pepperoni Pizza from Tony's for the game tonight!",
            "usr_1004",
            "r_tonys",
            [
                spec(
                    "ton-pepperoni",
                    "large",
                    traps=(
                        trap(
                            "ordered_forbidden_item", ln("ton-pepperoni", "large"), ln("ton-peroni")
                        ),
                    ),
                )
            ],
            ("alcohol", "ask"),
            [
                fact(
                    ["still", "pizza", "alcohol", "beer", "age", "verif", "without", "rest"],
                    "Ugh, fine. Just the pizza then.",
                )
            ],
            lookups=("ton-peroni",),
            questions=(
                "I can't order alcohol because your account isn't age-verified. Would you still like "
                "the pizza on its own?",
            ),
        ),
        draft(
            world,
            4,
            "A large Harvest Bowl from Green Bowl with code WINTER15. If the code doesn't work, just "
            "order it without.",
            "usr_1004",
            "r_greenbowl",
            [spec("gre-harvest", "large")],
            ("coupon", "expired"),
            coupons=("WINTER15",),
        ),
    ]
