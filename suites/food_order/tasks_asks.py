"""Tier 4, part 1: the user leaves out something the policy says to ask about.

Size, which address, the tip, a payment method that works, which restaurant: the missing
facts come only when the agent asks in the chat; guessing instead of asking is the trap.
"""

from __future__ import annotations

from .intents import OrderTrap
from .phrasing import SIZE, Draft, draft, fact, ln, spec, trap
from .world import World, percent_of


def asks(world: World) -> list[Draft]:
    """The tier-4 tasks where the agent must ask for what the user left out."""
    guess = "guessed_instead_of_asking"
    tip_guess = percent_of(world.item("ban-red-curry-tofu").sizes["large"], 15)  # type: ignore[union-attr]
    return [
        draft(
            world,
            4,
            "Can you order me a Pad Thai from Bangkok Street?",
            "usr_1009",
            "r_bangkok",
            [spec("ban-pad-thai", "large", traps=(trap(guess, ln("ban-pad-thai")),))],
            ("ask", "size"),
            [fact(SIZE, "Large, please.")],
            questions=("Which size would you like for the Pad Thai, regular or large?",),
        ),
        draft(
            world,
            4,
            "I want a Pepperoni Pizza from Tony's Pizzeria with extra cheese, delivered to the gym.",
            "usr_1008",
            "r_tonys",
            [
                spec(
                    "ton-pepperoni",
                    "medium",
                    "extra cheese",
                    traps=(trap(guess, ln("ton-pepperoni", "large", "extra cheese")),),
                )
            ],
            ("ask", "size"),
            [fact(SIZE, "Medium, please.")],
            address_id="addr_1008_gym",
            questions=("What size should the Pepperoni Pizza be: small, medium or large?",),
        ),
        draft(
            world,
            4,
            "Two Chicken Burritos from El Sol Taqueria, one of them with no onions, plus Chips and "
            "Guacamole.",
            "usr_1010",
            "r_elsol",
            [
                spec(
                    "els-chicken-burrito", traps=(trap(guess, ln("els-chicken-burrito", "large")),)
                ),
                spec(
                    "els-chicken-burrito",
                    "regular",
                    "no onions",
                    traps=(trap(guess, ln("els-chicken-burrito", "large", "no onions")),),
                ),
                spec("els-chips-guac", "large", traps=(trap(guess, ln("els-chips-guac")),)),
            ],
            ("ask", "size", "multi_item"),
            [fact(SIZE, "Regular burritos, and make the chips and guac a large.")],
            questions=(
                "What sizes would you like for the burritos and the chips and guacamole, regular or large?",
            ),
        ),
        draft(
            world,
            4,
            "I'm not at home today. Could you send a large Dal Tadka and a Basmati Rice from Bombay "
            "Spice to where I am?",
            "usr_1003",
            "r_bombay",
            [spec("bom-dal-tadka", "large"), spec("bom-rice")],
            ("ask", "address"),
            [
                fact(
                    ["address", "where", "deliver", "location", "send", "work", "parents"],
                    "I'm at my parents' place today.",
                )
            ],
            address_id="addr_1003_parents",
            traps=(OrderTrap(mistake=guess, field="address", value="addr_1003_work"),),
            questions=(
                "Which of your saved addresses should I deliver to today: work or parents?",
            ),
        ),
        draft(
            world,
            4,
            "Order me a Chicken Shawarma Plate from Olive & Thyme, but not to my usual address.",
            "usr_1005",
            "r_olive",
            [spec("oli-shawarma-plate")],
            ("ask", "address"),
            [
                fact(
                    ["address", "where", "deliver", "location", "send", "work", "studio"],
                    "The studio, please.",
                )
            ],
            address_id="addr_1005_studio",
            traps=(OrderTrap(mistake=guess, field="address", value="addr_1005_work"),),
            questions=("Which saved address should it go to instead, your work or your studio?",),
        ),
        draft(
            world,
            4,
            "Put this on my gift card: two regular Butter Chicken, two Garlic Naan and a large Mango "
            "Lassi from Bombay Spice.",
            "usr_1002",
            "r_bombay",
            [
                spec("bom-butter-chicken", qty=2),
                spec("bom-garlic-naan", qty=2),
                spec("bom-mango-lassi", "large"),
            ],
            ("ask", "gift_card"),
            [
                fact(
                    ["gift", "balance", "cover", "enough", "payment", "card", "pay"],
                    "Ugh. Then charge my Mastercard.",
                )
            ],
            payment=("pm_1002_mastercard",),
            traps=(
                OrderTrap(mistake="gift_card_over_balance", field="payment", value="pm_1002_gift"),
            ),
            questions=(
                "Your gift card balance doesn't cover this order's total and payments can't be split. "
                "Which other saved payment method should I use?",
            ),
        ),
        draft(
            world,
            4,
            "Get me a large Red Curry with Tofu from Bangkok Street, and leave the driver a decent tip.",
            "usr_1010",
            "r_bangkok",
            [spec("ban-red-curry-tofu", "large")],
            ("ask", "tip"),
            [fact(["tip", "gratuity"], "Let's do 18% of the food.")],
            tip_percent=18,
            traps=(OrderTrap(mistake=guess, field="tip", value=tip_guess),),
            questions=("How much would you like to tip the driver?",),
        ),
        draft(
            world,
            4,
            "I want a large Pepperoni Pizza from Tony's and a regular Salmon Avocado Roll from Sakura "
            "Sushi, all in one order.",
            "usr_1009",
            "r_tonys",
            [spec("ton-pepperoni", "large", traps=(trap(guess, ln("sak-salmon-avocado")),))],
            ("ask", "one_restaurant"),
            [
                fact(
                    [
                        "restaurant",
                        "one order",
                        "which",
                        "prefer",
                        "choose",
                        "both",
                        "tony",
                        "sakura",
                    ],
                    "Oh, okay. Just the pizza then.",
                )
            ],
            lookups=("sak-salmon-avocado",),
            questions=(
                "I can only order from one restaurant per order. Which would you prefer: Tony's "
                "Pizzeria or Sakura Sushi?",
            ),
        ),
    ]
