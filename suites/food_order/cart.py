"""The cart behind the tools: one restaurant, validated lines, at most one coupon."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relgap.suite.base import ToolError

from .world import (
    MAX_QUANTITY,
    Line,
    MenuItem,
    Quote,
    User,
    World,
    canonical,
    coupon_problem,
    discount,
    dollars,
    quote,
    subtotal,
    unit_price,
)


@dataclass
class CartLine:
    """A line in the cart under the id the tools show for it."""

    line_id: str
    line: Line


class Cart:
    """The signed-in user's cart: lines from one restaurant and at most one coupon."""

    def __init__(self, world: World, user: User | None = None) -> None:
        """An empty cart on ``world``; ``user`` decides per-user coupon conditions."""
        self.world = world
        self.user = user  # for coupons with per-user conditions
        self.entries: list[CartLine] = []
        self.coupon: str | None = None
        self._next = 1

    def restaurant_id(self) -> str | None:
        """The restaurant of the cart's lines; None while the cart is empty."""
        if not self.entries:
            return None
        item = self.world.item(self.entries[0].line.item_id)
        assert item is not None
        return item.restaurant_id

    def lines(self) -> list[Line]:
        """The cart's lines in canonical form (equal lines merged, in a fixed order)."""
        return canonical(e.line for e in self.entries)

    def quote(self, tip: int = 0) -> Quote:
        """The price of the cart with ``tip`` cents of tip (the cart must not be empty)."""
        rid = self.restaurant_id()
        assert rid is not None
        return quote(self.world, rid, self.lines(), self.coupon, tip)

    def add(self, item: MenuItem, size: str, modifiers: list[str], quantity: int) -> CartLine:
        """Validate and add a line (merging with an identical one); returns the line."""
        if not item.in_stock:
            raise ToolError(f"{item.name} ({item.id}) is out of stock")
        if size not in item.sizes:
            raise ToolError(
                f"{item.name} does not come in size '{size}'; sizes: {list(item.sizes)}"
            )
        chosen: list[str] = []
        for name in modifiers:
            mod = item.modifier(name)
            if mod is None:
                offered = [m.name for m in item.modifiers]
                raise ToolError(f"{item.name} has no modifier '{name}'; offered: {offered}")
            if mod.name in chosen:
                raise ToolError(f"modifier '{mod.name}' is listed twice")
            chosen.append(mod.name)
        if not 1 <= quantity <= MAX_QUANTITY:
            raise ToolError(f"quantity must be between 1 and {MAX_QUANTITY}, got {quantity}")
        rid = self.restaurant_id()
        if rid is not None and rid != item.restaurant_id:
            here = self.world.restaurant(rid)
            assert here is not None
            raise ToolError(
                f"the cart already has items from {here.name} ({rid}); an order can only "
                f"contain items from one restaurant. Remove those lines first to order from "
                f"another restaurant."
            )
        line = Line(item_id=item.id, size=size, modifiers=tuple(sorted(chosen)), quantity=quantity)
        for entry in self.entries:
            if entry.line.config == line.config:
                total = entry.line.quantity + quantity
                if total > MAX_QUANTITY:
                    raise ToolError(
                        f"line {entry.line_id} already has {entry.line.quantity}; at most "
                        f"{MAX_QUANTITY} of one item configuration per order"
                    )
                entry.line = entry.line.model_copy(update={"quantity": total})
                return entry
        entry = CartLine(f"L{self._next}", line)
        self._next += 1
        self.entries.append(entry)
        return entry

    def remove(self, line_id: str) -> tuple[CartLine, str | None]:
        """Remove a line; returns it and a note if the coupon no longer applied and was dropped."""
        if not self.entries:
            raise ToolError("the cart is empty")
        entry = next((e for e in self.entries if e.line_id == line_id.strip()), None)
        if entry is None:
            ids = ", ".join(e.line_id for e in self.entries)
            raise ToolError(f"no cart line '{line_id}'; lines in the cart: {ids}")
        self.entries.remove(entry)
        note = None
        if self.coupon:
            rid = self.restaurant_id()
            coupon = self.world.coupon(self.coupon)
            assert coupon is not None
            problem = (
                "the cart is empty"
                if rid is None
                else coupon_problem(
                    self.world, coupon, rid, subtotal(self.world, self.lines()), self.user
                )
            )
            if problem:
                note = f"Coupon {self.coupon} was removed: {problem}."
                self.coupon = None
        return entry, note

    def apply_coupon(self, code: str) -> int:
        """Validate and apply ``code``; returns the discount in cents."""
        rid = self.restaurant_id()
        if rid is None:
            raise ToolError("the cart is empty; add items before applying a coupon")
        if self.coupon is not None:
            raise ToolError(
                f"coupon {self.coupon} is already applied; only one coupon can be used per order"
            )
        coupon = self.world.coupon(code)
        if coupon is None:
            raise ToolError(f"'{code}' is not a valid coupon code")
        food = subtotal(self.world, self.lines())
        problem = coupon_problem(self.world, coupon, rid, food, self.user)
        if problem:
            raise ToolError(problem)
        self.coupon = coupon.code
        return discount(coupon, food)

    def view(self) -> dict[str, Any]:
        """The cart as the tools show it: lines, coupon and the price so far."""
        rid = self.restaurant_id()
        if rid is None:
            return {"lines": [], "note": "the cart is empty"}
        restaurant = self.world.restaurant(rid)
        assert restaurant is not None
        rows = []
        for e in self.entries:
            item = self.world.item(e.line.item_id)
            assert item is not None
            unit = unit_price(item, e.line.size, e.line.modifiers)
            rows.append(
                {
                    "line_id": e.line_id,
                    "item_id": item.id,
                    "name": item.name,
                    "size": e.line.size,
                    "modifiers": list(e.line.modifiers),
                    "quantity": e.line.quantity,
                    "unit_price": dollars(unit),
                    "line_total": dollars(unit * e.line.quantity),
                }
            )
        q = self.quote()
        view: dict[str, Any] = {
            "restaurant_id": rid,
            "restaurant": restaurant.name,
            "lines": rows,
            "subtotal": dollars(q.subtotal),
            "coupon": self.coupon,
            "discount": dollars(q.discount),
            "delivery_fee": dollars(q.delivery_fee),
            "total_before_tip": dollars(q.before_tip),
        }
        if restaurant.free_delivery_over_cents is not None:
            view["free_delivery_from_subtotal"] = dollars(restaurant.free_delivery_over_cents)
        return view
