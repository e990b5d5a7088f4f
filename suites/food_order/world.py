"""The food-order world: restaurants, menus, users and coupons, and how an order is priced.

Money is integer cents everywhere; :func:`dollars` formats cents for the model to read.
Percentages (coupon discounts, percentage tips) round half up to the cent.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import cache, cached_property
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

DATA_DIR = Path(__file__).parent / "data"
DIETARY_TAGS = ("vegetarian", "vegan", "gluten_free")
ALLERGENS = ("peanut", "tree_nut", "dairy", "gluten", "egg", "soy", "shellfish", "fish", "sesame")
MAX_QUANTITY = 20


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Restaurant(_Model):
    """A restaurant: cuisine, delivery fee (and when it is free), hours and zones."""

    id: str
    name: str
    cuisine: str
    delivery_fee_cents: int = Field(ge=0)
    free_delivery_over_cents: int | None = Field(
        default=None, description="Delivery is free when the food subtotal reaches this."
    )
    hours: str = Field(default="10:00-23:00", description="Opening hours, 'HH:MM-HH:MM'.")
    zones: tuple[str, ...] = Field(
        default=(), description="Delivery zones it serves; empty: every zone."
    )

    def is_open(self, now: str) -> bool:
        """Open at ``now`` ('HH:MM'); an empty ``now`` (no clock in the world) is always open."""
        opens, closes = self.hours.split("-")
        return not now or opens <= now < closes

    def delivers_to(self, zone: str) -> bool:
        """Whether it delivers to ``zone`` (a restaurant without zones delivers everywhere)."""
        return not self.zones or zone in self.zones


class Modifier(_Model):
    """An option of a menu item (an extra, a removal), its price and its allergens."""

    name: str
    price_cents: int = Field(ge=0)
    allergens: tuple[str, ...] = ()


class MenuItem(_Model):
    """A dish or drink of a restaurant's menu: sizes and prices, modifiers, tags, stock."""

    id: str
    restaurant_id: str
    name: str
    category: str
    description: str
    sizes: dict[str, int] = Field(description="Size name -> price in cents, in menu order.")
    modifiers: tuple[Modifier, ...] = ()
    dietary: tuple[str, ...] = ()
    allergens: tuple[str, ...] = ()
    in_stock: bool = True
    alcohol: bool = False
    seasonal: bool = Field(default=False, description="Offered only in its season.")

    def modifier(self, name: str) -> Modifier | None:
        """The item's modifier called ``name`` (case and spaces aside), if it has one."""
        wanted = name.strip().lower()
        return next((m for m in self.modifiers if m.name == wanted), None)

    def all_allergens(self, modifiers: Iterable[str] = ()) -> set[str]:
        """The item's allergens plus those of the chosen modifiers."""
        found = set(self.allergens)
        for name in modifiers:
            mod = self.modifier(name)
            if mod:
                found.update(mod.allergens)
        return found


class Address(_Model):
    """A user's saved delivery address and the zone it lies in."""

    id: str
    label: str
    line: str
    zone: str = Field(default="central", description="The delivery zone it lies in.")


class PaymentMethod(_Model):
    """A user's saved card or gift card (with its balance)."""

    id: str
    kind: Literal["card", "gift_card"]
    brand: str
    last4: str | None = None
    balance_cents: int | None = Field(default=None, description="Gift cards only.")

    def describe(self) -> str:
        """The method as the app shows it, e.g. "Visa ending in 4242"."""
        if self.kind == "gift_card":
            return f"gift card (balance ${dollars(self.balance_cents or 0)})"
        return f"{self.brand} ending in {self.last4}"


ORDER_STATES = ("placed", "preparing", "out_for_delivery", "delivered", "cancelled")


class PastOrder(_Model):
    """An order the user placed before the trial, with its status."""

    id: str
    restaurant_id: str
    placed_at: str
    summary: str
    status: str
    total_cents: int | None = None
    coupon: str | None = None
    address_id: str | None = None
    payment_method_id: str | None = None


class User(_Model):
    """A signed-in user: addresses, payment methods, allergies, defaults, recent orders."""

    id: str
    name: str
    email: str
    addresses: tuple[Address, ...]
    payment_methods: tuple[PaymentMethod, ...]
    allergies: tuple[str, ...] = ()
    age_verified: bool = True
    default_address_id: str
    default_payment_method_id: str
    recent_orders: tuple[PastOrder, ...] = ()

    def address(self, address_id: str) -> Address | None:
        """The user's address ``address_id``, if they have it."""
        return next((a for a in self.addresses if a.id == address_id), None)

    def payment(self, payment_id: str) -> PaymentMethod | None:
        """The user's payment method ``payment_id``, if they have it."""
        return next((p for p in self.payment_methods if p.id == payment_id), None)


class Coupon(_Model):
    """A coupon code: its discount and the conditions under which it applies."""

    code: str
    kind: Literal["percent", "fixed"]
    value: int = Field(gt=0, description="Percent (1-100) or cents.")
    min_subtotal_cents: int = 0
    restaurant_id: str | None = None
    max_discount_cents: int | None = None
    expires_on: str = Field(description="ISO date; valid through this day.")
    cuisine: str | None = Field(default=None, description="Only for restaurants of this cuisine.")
    first_order_only: bool = Field(default=False, description="Only on a user's first order.")
    once_per_user: bool = Field(default=False, description="Each user may use it once.")


class World(_Model):
    """Everything in ``db.json``; indexes are built on first use."""

    today: str
    now: str = Field(default="", description="The time of day ('HH:MM'), for opening hours.")
    restaurants: tuple[Restaurant, ...]
    items: tuple[MenuItem, ...]
    users: tuple[User, ...]
    coupons: tuple[Coupon, ...]

    @cached_property
    def _restaurants(self) -> dict[str, Restaurant]:
        return {r.id: r for r in self.restaurants}

    @cached_property
    def _items(self) -> dict[str, MenuItem]:
        return {i.id: i for i in self.items}

    @cached_property
    def _users(self) -> dict[str, User]:
        return {u.id: u for u in self.users}

    @cached_property
    def item_tokens(self) -> dict[str, list[str]]:
        """Search words of each item: its name, category, restaurant and dietary tags."""
        return {
            i.id: search_tokens(
                " ".join([i.name, i.category, self._restaurants[i.restaurant_id].name, *i.dietary])
            )
            for i in self.items
        }

    @cached_property
    def _coupons(self) -> dict[str, Coupon]:
        return {c.code: c for c in self.coupons}

    def restaurant(self, restaurant_id: str) -> Restaurant | None:
        """The restaurant ``restaurant_id``, if there is one."""
        return self._restaurants.get(restaurant_id)

    def item(self, item_id: str) -> MenuItem | None:
        """The menu item ``item_id``, if there is one."""
        return self._items.get(item_id)

    def user(self, user_id: str) -> User | None:
        """The user ``user_id``, if there is one."""
        return self._users.get(user_id)

    def coupon(self, code: str) -> Coupon | None:
        """The coupon ``code`` (case and spaces aside), if there is one."""
        return self._coupons.get(code.strip().upper())

    def menu(self, restaurant_id: str) -> list[MenuItem]:
        """The items of the restaurant's menu, in world order."""
        return [i for i in self.items if i.restaurant_id == restaurant_id]


_STOPWORDS = {"the", "a", "an", "and", "with", "of", "from", "or", "for", "in", "at", "some"}


def search_tokens(text: str) -> list[str]:
    """Lower-case words without stop words, a plural "s" dropped ("tacos" -> "taco")."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return [
        w[:-1] if len(w) > 3 and w.endswith("s") else w
        for w in words
        if len(w) > 1 and w not in _STOPWORDS
    ]


@cache
def load_world(path: Path = DATA_DIR / "db.json") -> World:
    """Read and validate the world in ``path`` (once per path)."""
    return World.model_validate(json.loads(path.read_text(encoding="utf-8")))


# --- money -------------------------------------------------------------------------------


def dollars(cents: int) -> str:
    """``1234`` -> ``'12.34'``."""
    sign = "-" if cents < 0 else ""
    cents = abs(cents)
    return f"{sign}{cents // 100}.{cents % 100:02d}"


def percent_of(cents: int, percent: int) -> int:
    """``percent`` % of ``cents``, rounded half up to the cent."""
    return (cents * percent + 50) // 100


class Line(_Model):
    """One cart line: an item in one size with a set of modifiers, ``quantity`` times."""

    item_id: str
    size: str
    modifiers: tuple[str, ...] = ()
    quantity: int = 1

    @property
    def config(self) -> tuple[str, str, tuple[str, ...]]:
        """(item, size, sorted modifiers): lines with the same config are the same dish."""
        return (self.item_id, self.size, tuple(sorted(self.modifiers)))


def canonical(lines: Iterable[Line]) -> list[Line]:
    """Lines with identical configurations merged, modifiers sorted, in a stable order."""
    merged: dict[tuple[str, str, tuple[str, ...]], int] = {}
    for line in lines:
        merged[line.config] = merged.get(line.config, 0) + line.quantity
    return [
        Line(item_id=i, size=s, modifiers=m, quantity=q) for (i, s, m), q in sorted(merged.items())
    ]


def unit_price(item: MenuItem, size: str, modifiers: Iterable[str]) -> int:
    """The price in cents of one ``item`` in ``size`` with ``modifiers``."""
    extras = sum(m.price_cents for name in modifiers if (m := item.modifier(name)))
    return item.sizes[size] + extras


def subtotal(world: World, lines: Iterable[Line]) -> int:
    """The food subtotal of ``lines`` in cents (before coupon, delivery and tip)."""
    total = 0
    for line in lines:
        item = world.item(line.item_id)
        assert item is not None, line.item_id
        total += unit_price(item, line.size, line.modifiers) * line.quantity
    return total


def coupon_problem(
    world: World, coupon: Coupon, restaurant_id: str, food: int, user: User | None = None
) -> str | None:
    """Why ``coupon`` cannot be used on this cart (for ``user`` when given), or None."""
    if date.fromisoformat(coupon.expires_on) < date.fromisoformat(world.today):
        return f"coupon {coupon.code} expired on {coupon.expires_on}"
    restaurant = world.restaurant(restaurant_id)
    if coupon.cuisine and (restaurant is None or restaurant.cuisine != coupon.cuisine):
        return f"coupon {coupon.code} is only valid at {coupon.cuisine} restaurants"
    if user is not None and coupon.first_order_only and user.recent_orders:
        return f"coupon {coupon.code} is only valid on a first order"
    used = user is not None and any(
        o.coupon == coupon.code for o in user.recent_orders if o.status != "cancelled"
    )
    if coupon.once_per_user and used:
        return f"coupon {coupon.code} can be used once per user and was already used"
    if coupon.restaurant_id and coupon.restaurant_id != restaurant_id:
        where = world.restaurant(coupon.restaurant_id)
        name = where.name if where else coupon.restaurant_id
        return f"coupon {coupon.code} is only valid for orders from {name}"
    if food < coupon.min_subtotal_cents:
        return (
            f"coupon {coupon.code} needs a food subtotal of at least "
            f"${dollars(coupon.min_subtotal_cents)} (the cart is ${dollars(food)})"
        )
    return None


def discount(coupon: Coupon, food: int) -> int:
    """What ``coupon`` takes off a food subtotal of ``food`` cents (capped where it says)."""
    if coupon.kind == "fixed":
        return min(coupon.value, food)
    off = percent_of(food, coupon.value)
    return min(off, coupon.max_discount_cents) if coupon.max_discount_cents else off


def delivery_fee(restaurant: Restaurant, food: int) -> int:
    """The delivery fee for a food subtotal of ``food`` cents (0 from the free level up)."""
    free_over = restaurant.free_delivery_over_cents
    return 0 if free_over is not None and food >= free_over else restaurant.delivery_fee_cents


@dataclass(frozen=True)
class Quote:
    """An order's price in cents: subtotal, discount, delivery fee and tip."""

    subtotal: int
    discount: int
    delivery_fee: int
    tip: int

    @property
    def before_tip(self) -> int:
        """Subtotal minus discount plus delivery fee."""
        return self.subtotal - self.discount + self.delivery_fee

    @property
    def total(self) -> int:
        """What the user pays: the price before tip plus the tip."""
        return self.before_tip + self.tip


def quote(
    world: World, restaurant_id: str, lines: Sequence[Line], coupon: str | None, tip: int
) -> Quote:
    """Price an order. ``coupon`` must be applicable (see :func:`coupon_problem`)."""
    restaurant = world.restaurant(restaurant_id)
    assert restaurant is not None, restaurant_id
    food = subtotal(world, lines)
    off = 0
    if coupon:
        found = world.coupon(coupon)
        assert found is not None and coupon_problem(world, found, restaurant_id, food) is None
        off = discount(found, food)
    return Quote(food, off, delivery_fee(restaurant, food), tip)
