"""Build the shop: a catalogue, >= 200 customers and >= 600 orders, from a seeded RNG."""

from __future__ import annotations

import random
from datetime import date, timedelta

from ..world import Customer, Line, Order, PaymentMethod, Product, Variant, World

TODAY = date(2026, 3, 14)
N_CUSTOMERS = 220

# name, category, price in cents, options
CATALOGUE: tuple[tuple[str, str, int, tuple[str, ...]], ...] = (
    ("Linen Shirt", "apparel", 4900, ("S / white", "M / white", "L / white", "M / navy")),
    ("Wool Scarf", "apparel", 3500, ("grey", "camel", "red")),
    ("Denim Jacket", "apparel", 8900, ("S", "M", "L", "XL")),
    ("Rain Jacket", "apparel", 12900, ("S / yellow", "M / yellow", "M / black", "L / black")),
    ("Cotton Hoodie", "apparel", 5500, ("S / grey", "M / grey", "L / grey", "M / green")),
    ("Silk Blouse", "apparel", 7400, ("XS", "S", "M")),
    ("Chino Trousers", "apparel", 6200, ("30", "32", "34", "36")),
    ("Trail Runners", "shoes", 11900, ("size 8", "size 9", "size 10", "size 11")),
    ("Leather Boots", "shoes", 18900, ("size 7", "size 8", "size 9", "size 10")),
    ("Canvas Sneakers", "shoes", 5900, ("size 6", "size 7", "size 8", "size 9")),
    ("House Slippers", "shoes", 2900, ("S", "M", "L")),
    ("Wireless Earbuds", "electronics", 7900, ("black", "white")),
    ("Bluetooth Speaker", "electronics", 6900, ("blue", "black")),
    ("USB-C Charger", "electronics", 2900, ("30W", "65W")),
    ("Fitness Tracker", "electronics", 9900, ("small band", "large band")),
    ("E-Reader", "electronics", 13900, ("8 GB", "32 GB")),
    ("Desk Lamp", "home", 4500, ("brass", "black")),
    ("Cotton Duvet Cover", "home", 8500, ("twin", "queen", "king")),
    ("Ceramic Mug Set", "home", 3200, ("white", "speckled")),
    ("Throw Blanket", "home", 5400, ("oat", "charcoal")),
    ("Chef's Knife", "home", 6900, ("8 inch", "10 inch")),
    ("Coffee Beans", "grocery", 1800, ("whole bean", "ground")),
    ("Olive Oil", "grocery", 2400, ("500 ml", "1 l")),
    ("Dark Chocolate Box", "grocery", 1600, ("12 pieces", "24 pieces")),
    ("Loose Leaf Tea", "grocery", 1400, ("green", "black", "chai")),
)
FIRST = ("Ava", "Ben", "Chloe", "Daniel", "Elena", "Farid", "Grace", "Hugo", "Isla", "Jonas",
         "Keiko", "Liam", "Maya", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq",
         "Uma", "Victor", "Wen", "Yusuf", "Zoe")  # fmt: skip
LAST = ("Adams", "Brooks", "Castillo", "Dubois", "Evans", "Fischer", "Garcia", "Hughes",
        "Ito", "Jensen", "Khan", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel", "Rossi",
        "Silva", "Turner", "Varga")  # fmt: skip
CARDS = ("Visa", "Mastercard", "Amex", "Discover")


def slug(name: str) -> str:
    """``name`` as an id part: lower case, apostrophes dropped, other non-alphanumerics ``_``."""
    return "".join(c if c.isalnum() else "_" for c in name.lower().replace("'", ""))


def catalogue(rng: random.Random) -> list[Product]:
    """The products of ``CATALOGUE``, each variant's stock drawn from ``rng``."""
    products = []
    for name, category, price, options in CATALOGUE:
        pid = f"p_{slug(name)}"
        variants = tuple(
            Variant(id=f"{pid}_{i + 1}", option=o, stock=rng.choice((0, 3, 5, 8, 12)))
            for i, o in enumerate(options)
        )
        products.append(Product(id=pid, name=name, category=category,
                                price_cents=price, variants=variants))  # fmt: skip
    return products


def customer(rng: random.Random, number: int) -> Customer:
    """Customer ``number``: a drawn name, one or two cards, maybe PayPal, and store credit."""
    first, last = rng.choice(FIRST), rng.choice(LAST)
    cid = f"c_{1000 + number}"
    methods = []
    for card in rng.sample(CARDS, rng.choice((1, 2))):
        digits = f"{rng.randrange(10000):04d}"
        methods.append(PaymentMethod(id=f"pm_{number}_{card.lower()}",
                                     label=f"{card} ending in {digits}"))  # fmt: skip
    if rng.random() < 0.5 or len(methods) == 1:
        methods.append(PaymentMethod(id=f"pm_{number}_paypal", label="PayPal"))
    methods.append(PaymentMethod(id=f"pm_{number}_store_credit", label="store credit"))
    return Customer(
        id=cid,
        name=f"{first} {last}",
        email=f"{first.lower()}.{last.lower()}{number}@example.com",
        zip_code=f"{rng.randrange(10000, 99999)}",
        payment_methods=tuple(methods),
    )


def order(rng: random.Random, number: int, who: Customer, products: list[Product]) -> Order:
    """Order ``number`` of ``who``: a drawn status and dates, one to three lines."""
    status = rng.choices(("processing", "shipped", "delivered", "cancelled"), (15, 15, 62, 8))[0]
    age = rng.randrange(0, 4) if status == "processing" else rng.randrange(3, 70)
    placed = TODAY - timedelta(days=age)
    delivered = None
    if status == "delivered":
        delivered = placed + timedelta(days=min(age, rng.randrange(2, 6)))
    oid = f"W{1000000 + number}"
    picks = rng.sample(products, rng.choice((1, 2, 2, 3)))
    lines = tuple(
        Line(
            id=f"{oid}-{i + 1}",
            product_id=p.id,
            variant_id=rng.choice(p.variants).id,
            price_cents=p.price_cents,
            final_sale=p.category in ("apparel", "shoes", "home") and rng.random() < 0.12,
        )
        for i, p in enumerate(picks)
    )
    paid = rng.choice([m for m in who.payment_methods if m.label != "store credit"])
    return Order(id=oid, customer_id=who.id, status=status, placed=placed,
                 delivered=delivered, payment_method_id=paid.id, lines=lines)  # fmt: skip


def build_world(rng: random.Random) -> World:
    """The whole shop: the catalogue, ``N_CUSTOMERS`` customers and two to four orders each."""
    products = catalogue(rng)
    customers = [customer(rng, n) for n in range(N_CUSTOMERS)]
    orders: list[Order] = []
    for who in customers:
        for _ in range(rng.choice((2, 3, 3, 4))):
            orders.append(order(rng, len(orders), who, products))
    return World(today=TODAY, products=tuple(products), customers=tuple(customers),
                 orders=tuple(orders))  # fmt: skip
