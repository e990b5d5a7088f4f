"""Tier 3: constraints that need filtering or arithmetic.

The cheapest item meeting a diet or an allergy, the most a budget buys, the better of two
coupons, an add-on only if it unlocks a coupon or free delivery, percentage tips, a gift card
only if it covers the total.

The instructions are hand-written; which item, quantity, size or coupon is right is left to
the solver, so changing a price re-derives every expected order.
"""

from __future__ import annotations

from .intents import LineSpec, OrderTrap, Pick
from .phrasing import Draft, draft, spec
from .world import World


def _picks(world: World) -> list[Draft]:
    def pick(category: str, size: str, *diet: str) -> LineSpec:
        return LineSpec(pick=Pick(category=category, dietary=diet, size=size), size=size)

    return [
        draft(
            world,
            3,
            "What's the cheapest vegan salad at Green Bowl? Order me one of those, regular size.",
            "usr_1008",
            "r_greenbowl",
            [pick("salads", "regular", "vegan")],
            ("pick", "diet"),
        ),
        draft(
            world,
            3,
            "I'm gluten-free. Get me whichever gluten-free salad at Green Bowl is cheapest, in a large.",
            "usr_1005",
            "r_greenbowl",
            [pick("salads", "large", "gluten_free")],
            ("pick", "diet"),
        ),
        draft(
            world,
            3,
            "I'd like the cheapest vegetarian burger Liberty Burger has, plus a small order of Fries.",
            "usr_1009",
            "r_liberty",
            [pick("burgers", "regular", "vegetarian"), spec("lib-fries", "small")],
            ("pick", "diet"),
        ),
        draft(
            world,
            3,
            "Bangkok Street, please: whichever noodle dish is cheapest that I can actually eat "
            "with my allergy, in a large.",
            "usr_1006",
            "r_bangkok",
            [pick("noodles", "large")],
            ("pick", "allergy"),
        ),
    ]


def _budgets(world: World) -> list[Draft]:
    return [
        draft(
            world,
            3,
            "I've got $50 all-in, including delivery and a 15% tip. Get me as many Carne Asada "
            "Tacos from El Sol Taqueria as that covers.",
            "usr_1010",
            "r_elsol",
            [spec("els-asada-tacos", budget="quantity")],
            ("budget",),
            budget_cents=5000,
            tip_percent=15,
        ),
        draft(
            world,
            3,
            "Office snack run: Vegetable Samosas from Bombay Spice, as many as I can get for $60 "
            "total with a $5 tip. Send them to my work address.",
            "usr_1007",
            "r_bombay",
            [spec("bom-samosas", budget="quantity")],
            ("budget",),
            budget_cents=6000,
            tip_cents=500,
            address_id="addr_1007_work",
        ),
        draft(
            world,
            3,
            "Pizza party! As many large Margherita Pizzas from Tony's Pizzeria as fit in $80, "
            "counting the code PIZZA20 and a 10% tip.",
            "usr_1008",
            "r_tonys",
            [spec("ton-margherita", "large", budget="quantity")],
            ("budget", "coupon"),
            budget_cents=8000,
            tip_percent=10,
            coupons=("PIZZA20",),
        ),
        draft(
            world,
            3,
            "Get me the biggest Green Smoothie from Green Bowl that keeps my total at or under $9. "
            "No tip.",
            "usr_1003",
            "r_greenbowl",
            [spec("gre-green-smoothie", budget="size")],
            ("budget",),
            budget_cents=900,
        ),
        draft(
            world,
            3,
            "One Butter Chicken from Bombay Spice, the biggest size I can get for $25 total "
            "including a $3 tip.",
            "usr_1004",
            "r_bombay",
            [spec("bom-butter-chicken", budget="size")],
            ("budget",),
            budget_cents=2500,
            tip_cents=300,
        ),
    ]


def _coupons(world: World) -> list[Draft]:
    return [
        draft(
            world,
            3,
            "Two large Pepperoni Pizzas and a large Garlic Knots from Tony's Pizzeria. I have two "
            "codes, PIZZA20 (20% off Tony's orders over $30, up to $15) and WELCOME5 ($5 off $20 or "
            "more). Use whichever saves me more.",
            "usr_1009",
            "r_tonys",
            [spec("ton-pepperoni", "large", qty=2), spec("ton-knots", "large")],
            ("coupon", "arithmetic"),
            coupons=("PIZZA20", "WELCOME5"),
        ),
        draft(
            world,
            3,
            "From Sakura Sushi: a large Spicy Tuna Roll and a regular Salmon Avocado Roll. Apply "
            "the better of SUSHI15 (15% off Sakura orders of $20+) and WELCOME5 ($5 off $20+).",
            "usr_1001",
            "r_sakura",
            [spec("sak-spicy-tuna", "large"), spec("sak-salmon-avocado")],
            ("coupon", "arithmetic"),
            coupons=("SUSHI15", "WELCOME5"),
        ),
        draft(
            world,
            3,
            "Liberty Burger order: two Cheeseburgers, a large Fries and a regular Chocolate "
            "Milkshake. I have BURGER25 (25% off orders of $40 or more, max $12) and SAVE10 (10% off "
            "$25+, max $10); use the one that gives the bigger discount.",
            "usr_1008",
            "r_liberty",
            [spec("lib-cheeseburger", qty=2), spec("lib-fries", "large"), spec("lib-choc-shake")],
            ("coupon", "arithmetic"),
            coupons=("BURGER25", "SAVE10"),
        ),
    ]


def _conditions(world: World) -> list[Draft]:
    return [
        draft(
            world,
            3,
            "A large Chicken Tikka Masala and a Garlic Naan from Bombay Spice. I have CURRY5 "
            "($5 off $30+). If adding a large Mango Lassi gets me to the minimum, add it and use the "
            "code; if not, skip the lassi.",
            "usr_1010",
            "r_bombay",
            [
                spec("bom-tikka-masala", "large"),
                spec("bom-garlic-naan"),
                spec("bom-mango-lassi", "large", condition="for_coupon"),
            ],
            ("condition", "coupon"),
            coupons=("CURRY5",),
        ),
        draft(
            world,
            3,
            "Small Lentil Soup and an Avocado Toast from Green Bowl, with my code FRESH3. Only if "
            "I'm below what FRESH3 needs, throw in a Vegan Brownie.",
            "usr_1007",
            "r_greenbowl",
            [
                spec("gre-lentil-soup", "small"),
                spec("gre-avocado-toast"),
                spec("gre-brownie", condition="for_coupon"),
            ],
            ("condition", "coupon"),
            coupons=("FRESH3",),
        ),
        draft(
            world,
            3,
            "Chicken Tinga Tacos from El Sol Taqueria with code TACO3. If the order is too small "
            "for that code, add Churros so it works.",
            "usr_1001",
            "r_elsol",
            [spec("els-tinga-tacos"), spec("els-churros", condition="for_coupon")],
            ("condition", "coupon"),
            coupons=("TACO3",),
        ),
        draft(
            world,
            3,
            "Double Bacon Burger and a large Sweet Potato Fries from Liberty Burger. If adding a "
            "large Chocolate Milkshake would get me free delivery, add it; otherwise don't.",
            "usr_1002",
            "r_liberty",
            [
                spec("lib-double-bacon"),
                spec("lib-sweet-fries", "large"),
                spec("lib-choc-shake", "large", condition="for_free_delivery"),
            ],
            ("condition", "delivery_fee"),
        ),
        draft(
            world,
            3,
            "Large BBQ Chicken Pizza and a large Caesar Salad from Tony's. Add a Tiramisu if "
            "that's what it takes to get free delivery.",
            "usr_1004",
            "r_tonys",
            [
                spec("ton-bbq", "large"),
                spec("ton-caesar", "large"),
                spec("ton-tiramisu", condition="for_free_delivery"),
            ],
            ("condition", "delivery_fee"),
        ),
    ]


def _tips_and_cards(world: World) -> list[Draft]:
    return [
        draft(
            world,
            3,
            "Bangkok Street: a large Green Curry with chicken, two regular Thai Iced Teas and "
            "the Fresh Spring Rolls. Tip 18%.",
            "usr_1008",
            "r_bangkok",
            [
                spec("ban-green-curry", "large", "add chicken"),
                spec("ban-thai-tea", qty=2),
                spec("ban-spring-rolls"),
            ],
            ("tip_percent",),
            tip_percent=18,
        ),
        draft(
            world,
            3,
            "Two Chicken Shawarma Plates and a Hummus and Pita from Olive & Thyme, with a 15% "
            "tip please.",
            "usr_1002",
            "r_olive",
            [spec("oli-shawarma-plate", qty=2), spec("oli-hummus")],
            ("tip_percent",),
            tip_percent=15,
        ),
        draft(
            world,
            3,
            "Sakura Sushi: a large Chicken Teriyaki Bento, two Salmon Nigiri and an Edamame. "
            "Use SUSHI15 and tip 20%.",
            "usr_1009",
            "r_sakura",
            [
                spec("sak-teriyaki-bento", "large"),
                spec("sak-salmon-nigiri", qty=2),
                spec("sak-edamame"),
            ],
            ("tip_percent", "coupon"),
            tip_percent=20,
            coupons=("SUSHI15",),
        ),
        draft(
            world,
            3,
            "Use my gift card if it covers the whole thing, otherwise my Amex: two Carne Asada "
            "Tacos, a large Chips and Guacamole and two regular Horchatas from El Sol Taqueria.",
            "usr_1004",
            "r_elsol",
            [
                spec("els-asada-tacos", qty=2),
                spec("els-chips-guac", "large"),
                spec("els-horchata", qty=2),
            ],
            ("gift_card",),
            payment=("pm_1004_gift", "pm_1004_amex"),
        ),
        draft(
            world,
            3,
            "Lamb Kofta Plate and a large Greek Salad from Olive & Thyme. Pay with my gift card if "
            "the balance is enough; if not, use my Mastercard.",
            "usr_1002",
            "r_olive",
            [spec("oli-kofta-plate"), spec("oli-greek-salad", "large")],
            ("gift_card",),
            payment=("pm_1002_gift", "pm_1002_mastercard"),
            traps=(
                OrderTrap(mistake="gift_card_over_balance", field="payment", value="pm_1002_gift"),
            ),
        ),
    ]


def tier3(world: World) -> list[Draft]:
    """The tier-3 tasks: picks, budgets, coupons, conditional add-ons, tips and gift cards."""
    return [
        *_picks(world),
        *_budgets(world),
        *_coupons(world),
        *_conditions(world),
        *_tips_and_cards(world),
    ]
