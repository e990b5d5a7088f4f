"""The food-order tools: one :class:`FoodOrderEnv` per trial.

State: the cart (one restaurant), at most one coupon, the delivery address, the placed order
and whether the conversation was transferred. Every bad call raises :class:`ToolError` with
a message saying what is wrong and what would work. The agent talks with the user in plain
text (no tool): the user simulator holds the task's hidden facts.
"""

from __future__ import annotations

import json
import math
import zlib
from decimal import Decimal
from typing import Any

from relgap.errors import SuiteError
from relgap.suite.base import Environment, Task, ToolError
from relgap.suite.toolkit import tool

from .cart import Cart
from .tools_orders import OrderTools
from .world import DIETARY_TAGS, MenuItem, World, dollars, search_tokens

MAX_RESULTS = 25


def _matches(query: list[str], text: list[str]) -> bool:
    return all(any(t == q or (len(q) >= 3 and t.startswith(q)) for t in text) for q in query)


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def brief(item: MenuItem) -> dict[str, Any]:
    """What search results show of an item."""
    shown: dict[str, Any] = {
        "id": item.id,
        "name": item.name,
        "restaurant_id": item.restaurant_id,
        "category": item.category,
        "sizes": {s: dollars(p) for s, p in item.sizes.items()},
        "dietary": list(item.dietary),
        "allergens": list(item.allergens),
        "in_stock": item.in_stock,
    }
    if item.alcohol:
        shown["alcohol"] = True
    return shown


def tip_cents(tip: float) -> int:
    """Dollars with at most two decimals -> cents."""
    if not math.isfinite(tip):
        raise ToolError("tip must be a number of dollars, e.g. 3.50")
    if tip < 0:
        raise ToolError(f"tip cannot be negative (got {tip})")
    exact = Decimal(str(tip))
    if exact != exact.quantize(Decimal("0.01")):
        raise ToolError(
            f"tip must be in dollars with at most 2 decimals (got {tip}); round it to the cent"
        )
    return int(exact * 100)


class FoodOrderEnv(Environment, OrderTools):
    """The food-ordering app as the agent sees it, for the signed-in user of one task."""

    def __init__(self, world: World, task: Task) -> None:
        """Sign in as the task's user with an empty cart; SuiteError for an unknown user."""
        user = world.user(task.user_id or "")
        if user is None:
            raise SuiteError(f"task {task.id}: unknown user {task.user_id!r}")
        self.world = world
        self.user = user
        self.cart = Cart(world, user)
        self.address_id: str | None = None
        self.order: dict[str, Any] | None = None
        self.balances = {
            p.id: p.balance_cents or 0 for p in user.payment_methods if p.kind == "gift_card"
        }
        self._order_id = f"ord_{80000 + zlib.crc32(task.id.encode()) % 20000}"
        self._init_orders()
        super().__init__()

    def _open(self) -> None:
        if self.order is not None:
            raise ToolError(
                f"order {self.order['order_id']} has already been placed; only one order "
                "can be placed per conversation"
            )
        if self.ended == "transferred":
            raise ToolError("this conversation was transferred to a human agent")

    def _item(self, item_id: str) -> MenuItem:
        item = self.world.item(item_id.strip())
        if item is None:
            raise ToolError(f"unknown item_id '{item_id}'; use search_menu to find item ids")
        return item

    # --- browsing ----------------------------------------------------------------------------

    @tool
    def list_restaurants(self) -> str:
        """List the restaurants with their cuisine, delivery fee, hours and delivery zones."""
        return _json(
            [
                {
                    "id": r.id,
                    "name": r.name,
                    "cuisine": r.cuisine,
                    "delivery_fee": dollars(r.delivery_fee_cents),
                    "free_delivery_from_subtotal": dollars(r.free_delivery_over_cents)
                    if r.free_delivery_over_cents is not None
                    else None,
                    "hours": r.hours,
                    "open_now": r.is_open(self.world.now),
                    "delivery_zones": list(r.zones) or "all",
                }
                for r in self.world.restaurants
            ]
        )

    @tool
    def search_menu(
        self,
        query: str | None = None,
        restaurant_id: str | None = None,
        dietary: list[str] | None = None,
    ) -> str:
        """Search menu items by words, restaurant and/or dietary tags (give at least one).

        Results show each item's id, sizes with prices, dietary tags, allergens and whether it
        is in stock; get_item shows its modifiers.

        Args:
            query: Words that must all appear in the item's name, category, restaurant name or
                dietary tags, e.g. "pad thai".
            restaurant_id: Only items of this restaurant, e.g. "r_example".
            dietary: Only items having all these tags: vegetarian, vegan, gluten_free.
        """
        if not (query or "").strip() and not restaurant_id and not dietary:
            raise ToolError("give at least one of query, restaurant_id or dietary")
        if restaurant_id and self.world.restaurant(restaurant_id) is None:
            raise ToolError(f"unknown restaurant_id '{restaurant_id}'; see list_restaurants")
        unknown = sorted(set(dietary or []) - set(DIETARY_TAGS))
        if unknown:
            raise ToolError(f"unknown dietary tag(s) {unknown}; known: {list(DIETARY_TAGS)}")
        words = search_tokens(query or "")
        found = []
        for item in self.world.items:
            text = self.world.item_tokens[item.id]
            if (
                (not restaurant_id or item.restaurant_id == restaurant_id)
                and set(dietary or []) <= set(item.dietary)
                and _matches(words, text)
            ):
                found.append(brief(item))
        if not found:
            return "No menu items match. Try fewer or different words."
        result: dict[str, Any] = {"count": len(found), "items": found[:MAX_RESULTS]}
        if len(found) > MAX_RESULTS:
            result["note"] = f"showing the first {MAX_RESULTS}; narrow the search"
        return _json(result)

    @tool
    def get_item(self, item_id: str) -> str:
        """Show one menu item in full: description, sizes, modifiers with prices and allergens.

        Args:
            item_id: The item's id from search_menu, e.g. "abc-example-dish".
        """
        item = self._item(item_id)
        detail = brief(item)
        detail["description"] = item.description
        detail["modifiers"] = [
            {"name": m.name, "price": dollars(m.price_cents), "allergens": list(m.allergens)}
            for m in item.modifiers
        ]
        return _json(detail)

    @tool
    def get_user_profile(self, user_id: str) -> str:
        """Show the signed-in user's profile: allergies, saved addresses and payment methods.

        Args:
            user_id: The signed-in user's id (given in the system prompt).
        """
        if user_id.strip() != self.user.id:
            raise ToolError(
                f"you can only access the signed-in user's profile ({self.user.id}); other "
                "accounts are off limits"
            )
        u = self.user
        methods = []
        for p in u.payment_methods:
            entry: dict[str, Any] = {"id": p.id, "type": p.kind, "brand": p.brand}
            if p.kind == "gift_card":
                entry["balance"] = dollars(self.balances[p.id])
            else:
                entry["last4"] = p.last4
            methods.append(entry)
        return _json(
            {
                "user_id": u.id,
                "name": u.name,
                "email": u.email,
                "age_verified": u.age_verified,
                "allergies": list(u.allergies),
                "addresses": [
                    {"id": a.id, "label": a.label, "address": a.line} for a in u.addresses
                ],
                "default_address_id": u.default_address_id,
                "payment_methods": methods,
                "default_payment_method_id": u.default_payment_method_id,
                "recent_orders": [o.model_dump() for o in u.recent_orders],
            }
        )

    # --- cart ---------------------------------------------------------------------------------

    @tool(writes=True)
    def add_to_cart(
        self, item_id: str, size: str, modifiers: list[str] | None = None, quantity: int = 1
    ) -> str:
        """Add an item to the cart (all items of an order must come from one restaurant).

        Args:
            item_id: The item's id, e.g. "abc-example-dish".
            size: One of the item's sizes, e.g. "large" (items with one size use "regular").
            modifiers: Modifier names exactly as get_item lists them, e.g. ["extra cheese"].
            quantity: How many, 1 to 20.
        """
        self._open()
        item = self._item(item_id)
        entry = self.cart.add(item, size.strip().lower(), modifiers or [], quantity)
        return f"Added to cart line {entry.line_id}.\n" + _json(self.cart.view())

    @tool(writes=True)
    def remove_from_cart(self, line_id: str) -> str:
        """Remove a whole line from the cart.

        Args:
            line_id: The cart line's id as view_cart shows it, e.g. "L2".
        """
        self._open()
        entry, note = self.cart.remove(line_id)
        text = f"Removed line {entry.line_id}."
        return text + (f" {note}" if note else "") + "\n" + _json(self.cart.view())

    @tool
    def view_cart(self) -> str:
        """Show the cart: lines, subtotal, coupon discount, delivery fee and total before tip."""
        view = self.cart.view()
        view["delivery_address_id"] = self.address_id
        return _json(view)

    @tool(writes=True)
    def apply_coupon(self, code: str) -> str:
        """Apply a coupon code to the cart (one coupon per order).

        Args:
            code: The coupon code the user gave, e.g. "EXAMPLE10".
        """
        self._open()
        off = self.cart.apply_coupon(code)
        return f"Coupon {self.cart.coupon} applied: -${dollars(off)}.\n" + _json(self.cart.view())

    @tool(writes=True)
    def set_delivery_address(self, address_id: str) -> str:
        """Choose where the order goes: one of the user's saved addresses.

        Args:
            address_id: A saved address id from the user's profile.
        """
        self._open()
        address = self.user.address(address_id.strip())
        if address is None:
            saved = ", ".join(f"{a.id} ({a.label})" for a in self.user.addresses)
            raise ToolError(
                f"'{address_id}' is not one of the user's saved addresses ({saved}); new "
                "addresses cannot be added here"
            )
        self.address_id = address.id
        return f"Delivery address set to {address.label}: {address.line}."

    @tool(writes=True)
    def place_order(self, payment_method_id: str, tip: float) -> str:
        """Place the order in the cart and charge it. This cannot be undone.

        Args:
            payment_method_id: One of the user's saved payment method ids.
            tip: Tip for the driver in dollars, at most 2 decimals (0 for no tip).
        """
        self._open()
        if not self.cart.entries:
            raise ToolError("the cart is empty; add items before placing the order")
        if self.address_id is None:
            raise ToolError("no delivery address set; call set_delivery_address first")
        method = self.user.payment(payment_method_id.strip())
        if method is None:
            saved = ", ".join(p.id for p in self.user.payment_methods)
            raise ToolError(
                f"'{payment_method_id}' is not one of the user's payment methods ({saved})"
            )
        self._deliverable()
        q = self.cart.quote(tip_cents(tip))
        if method.kind == "gift_card" and self.balances[method.id] < q.total:
            raise ToolError(
                f"the gift card balance (${dollars(self.balances[method.id])}) does not cover "
                f"the order total (${dollars(q.total)}); payments cannot be split"
            )
        if method.kind == "gift_card":
            self.balances[method.id] -= q.total
        self.order = {
            "order_id": self._order_id,
            "restaurant_id": self.cart.restaurant_id(),
            "items": [line.model_dump(mode="json") for line in self.cart.lines()],
            "address_id": self.address_id,
            "payment_method_id": method.id,
            "coupon": self.cart.coupon,
            "subtotal_cents": q.subtotal,
            "discount_cents": q.discount,
            "delivery_fee_cents": q.delivery_fee,
            "tip_cents": q.tip,
            "total_cents": q.total,
        }
        return _json(
            {
                "order_id": self._order_id,
                "status": "placed",
                "subtotal": dollars(q.subtotal),
                "discount": dollars(q.discount),
                "delivery_fee": dollars(q.delivery_fee),
                "tip": dollars(q.tip),
                "total": dollars(q.total),
                "charged_to": method.describe(),
                "estimated_delivery": "35-45 minutes",
            }
        )

    def _deliverable(self) -> None:
        """The restaurant must be open now and deliver to the chosen address."""
        restaurant = self.world.restaurant(self.cart.restaurant_id() or "")
        assert restaurant is not None and self.address_id is not None
        if not restaurant.is_open(self.world.now):
            raise ToolError(
                f"{restaurant.name} is closed now (hours {restaurant.hours}); it cannot take orders"
            )
        self._check_zone(restaurant, self.address_id)

    # --- handing over ------------------------------------------------------------------------

    @tool(writes=True)
    def transfer_to_human(self, summary: str) -> str:
        """Hand the conversation to a human agent, for requests your tools cannot handle.

        Args:
            summary: What the user needs, for the human agent.
        """
        if self.ended == "transferred":
            raise ToolError("the conversation was already transferred")
        self.ended = "transferred"
        return "Transfer requested: a human agent will take over this conversation."
