"""The shop's records (customers, products, orders) and the return policy's arithmetic.

Read-only at runtime: a trial's environment copies the orders it changes. The generator
(``gen/``) builds this world with a fixed seed; ``data/db.json`` is its output.
"""

from __future__ import annotations

import json
from datetime import date
from functools import cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DATA_DIR = Path(__file__).parent / "data"

Category = Literal["apparel", "shoes", "electronics", "home", "grocery"]
Status = Literal["processing", "shipped", "delivered", "cancelled"]
# Days after delivery during which an item may be returned or exchanged (0: never).
RETURN_WINDOWS: dict[str, int] = {
    "apparel": 30,
    "shoes": 30,
    "home": 30,
    "electronics": 15,
    "grocery": 0,
}


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Variant(_Record):
    """One option of a product (size, colour) and its stock."""

    id: str
    option: str = Field(description="e.g. 'M / navy'")
    stock: int = Field(ge=0)


class Product(_Record):
    """A product of the catalogue, with its category, price and variants."""

    id: str
    name: str
    category: Category
    price_cents: int = Field(gt=0, description="Every variant of a product costs the same.")
    variants: tuple[Variant, ...]


class PaymentMethod(_Record):
    """A customer's saved payment method."""

    id: str
    label: str = Field(description="What the customer calls it, e.g. 'Visa ending in 4242'.")


class Customer(_Record):
    """A customer: who they are, how they verify (email, zip code), how they pay."""

    id: str
    name: str
    email: str
    zip_code: str
    payment_methods: tuple[PaymentMethod, ...]


class Line(_Record):
    """One item of an order: the product variant bought, its price, whether final sale."""

    id: str = Field(description="Order id + '-' + position, e.g. 'W1000123-2'.")
    product_id: str
    variant_id: str
    price_cents: int
    final_sale: bool = False


class Order(_Record):
    """An order: its customer, status, dates, payment method and lines."""

    id: str
    customer_id: str
    status: Status
    placed: date
    delivered: date | None = None
    payment_method_id: str
    lines: tuple[Line, ...]

    @property
    def total_cents(self) -> int:
        """What the order's lines cost together."""
        return sum(line.price_cents for line in self.lines)


class World(_Record):
    """The shop's database on ``today``: products, customers and orders."""

    today: date
    products: tuple[Product, ...]
    customers: tuple[Customer, ...]
    orders: tuple[Order, ...]

    @cached_property
    def _index(self) -> dict[str, object]:
        found: dict[str, object] = {}
        for p in self.products:
            found[p.id] = p
            for v in p.variants:
                found[v.id] = v
        for c in self.customers:
            found[c.id] = c
        for o in self.orders:
            found[o.id] = o
        return found

    def get(self, record_id: str) -> object | None:
        """The product, variant, customer or order with this id, if any."""
        return self._index.get(record_id)

    def product(self, product_id: str) -> Product:
        """The product ``product_id`` (which must exist)."""
        found = self.get(product_id)
        assert isinstance(found, Product), product_id
        return found

    def variant(self, variant_id: str) -> Variant:
        """The variant ``variant_id`` (which must exist)."""
        found = self.get(variant_id)
        assert isinstance(found, Variant), variant_id
        return found

    def customer(self, customer_id: str) -> Customer:
        """The customer ``customer_id`` (who must exist)."""
        found = self.get(customer_id)
        assert isinstance(found, Customer), customer_id
        return found

    def order(self, order_id: str) -> Order | None:
        """The order ``order_id``, or None if there is none."""
        found = self.get(order_id)
        return found if isinstance(found, Order) else None

    def orders_of(self, customer_id: str) -> list[Order]:
        """The customer's orders, in the world's order."""
        return [o for o in self.orders if o.customer_id == customer_id]

    def method_label(self, customer_id: str, method_id: str) -> str:
        """What the customer calls their payment method ``method_id`` (else the id itself)."""
        for method in self.customer(customer_id).payment_methods:
            if method.id == method_id:
                return method.label
        return method_id

    def days_since_delivery(self, order: Order) -> int | None:
        """Days from delivery to ``today``; None for an order not delivered."""
        return None if order.delivered is None else (self.today - order.delivered).days

    def refusal(self, order: Order, line: Line) -> str | None:
        """Why policy forbids returning or exchanging ``line`` (None: it may be)."""
        if order.status != "delivered":
            return f"order is {order.status}, not delivered"
        category = self.product(line.product_id).category
        window = RETURN_WINDOWS[category]
        if window == 0:
            return f"{category} items are not returnable"
        if line.final_sale:
            return "final sale items are not returnable"
        days = self.days_since_delivery(order)
        assert days is not None
        if days > window:
            return f"the {window}-day return window for {category} has passed"
        return None


def dollars(cents: int) -> str:
    """An amount in cents as dollars, e.g. ``$19.48``."""
    return f"${cents // 100}.{cents % 100:02d}"


def load_world(path: Path) -> World:
    """Read and validate a world from ``db.json``."""
    return World.model_validate(json.loads(path.read_text(encoding="utf-8")))
