"""The food-order tools beyond placing one order: history, status, cancel, change, reorder, zones.

A mixin of :class:`~relgap_suites.food_order.tools.FoodOrderEnv`. Past orders come from the
signed-in user's history; what the agent changes (cancellations, new delivery addresses) is
kept in ``cancelled`` and ``changed`` for the grader. The policy's window: an order can be
cancelled or changed only while its status is ``placed`` (the restaurant has not started
preparing it).
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from relgap.suite.base import ToolError
from relgap.suite.toolkit import tool

from .world import PastOrder, dollars

if TYPE_CHECKING:
    from .cart import Cart
    from .world import Restaurant, User, World

CHANGEABLE = "placed"  # the only status in which an order may be cancelled or changed


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


class OrderTools:
    """Tools on the user's existing orders and on where restaurants deliver."""

    world: World
    user: User
    cart: Cart
    cancelled: list[str]
    changed: dict[str, dict[str, str]]

    def _init_orders(self) -> None:
        self.cancelled = []
        self.changed = {}

    def _past(self, order_id: str) -> PastOrder:
        wanted = order_id.strip()
        found = next((o for o in self.user.recent_orders if o.id == wanted), None)
        if found is None:
            raise ToolError(
                f"'{order_id}' is not one of the signed-in user's orders; see get_order_history"
            )
        return found

    def _status(self, order: PastOrder) -> str:
        return "cancelled" if order.id in self.cancelled else order.status

    def _restaurant(self, restaurant_id: str) -> Restaurant:
        found = self.world.restaurant(restaurant_id.strip())
        if found is None:
            raise ToolError(f"unknown restaurant_id '{restaurant_id}'; see list_restaurants")
        return found

    def _describe(self, order: PastOrder) -> dict[str, Any]:
        restaurant = self.world.restaurant(order.restaurant_id)
        return {
            "order_id": order.id,
            "restaurant_id": order.restaurant_id,
            "restaurant": restaurant.name if restaurant else order.restaurant_id,
            "placed_at": order.placed_at,
            "status": self._status(order),
            "items": order.summary,
            "total": dollars(order.total_cents) if order.total_cents is not None else None,
            "address_id": self.changed.get(order.id, {}).get("address_id", order.address_id),
        }

    @tool
    def get_order_history(self, status: str | None = None) -> str:
        """List the signed-in user's past orders, newest first, optionally of one status.

        Args:
            status: Only orders in this status: placed, preparing, out_for_delivery,
                delivered or cancelled.
        """
        orders = [self._describe(o) for o in self.user.recent_orders]
        if status:
            orders = [o for o in orders if o["status"] == status.strip()]
        return _json(orders) if orders else "No orders match."

    @tool
    def get_order_status(self, order_id: str) -> str:
        """Show one of the user's orders: status, restaurant, items, total and address.

        Args:
            order_id: The order's id from get_order_history, e.g. "ord_example1".
        """
        return _json(self._describe(self._past(order_id)))

    def _changeable(self, order: PastOrder, what: str) -> None:
        status = self._status(order)
        if status != CHANGEABLE:
            raise ToolError(
                f"order {order.id} is '{status}': it can be {what} only while it is "
                f"'{CHANGEABLE}' (before the restaurant starts preparing it)"
            )

    @tool(writes=True)
    def cancel_order(self, order_id: str) -> str:
        """Cancel one of the user's orders that the restaurant has not started preparing.

        The payment is refunded automatically. This cannot be undone.

        Args:
            order_id: The order's id, e.g. "ord_example1".
        """
        order = self._past(order_id)
        self._changeable(order, "cancelled")
        self.cancelled.append(order.id)
        return f"Order {order.id} is cancelled; the payment will be refunded automatically."

    @tool(writes=True)
    def change_order_address(self, order_id: str, address_id: str) -> str:
        """Send an order that is not yet being prepared to another saved address.

        Args:
            order_id: The order's id, e.g. "ord_example1".
            address_id: A saved address id from the user's profile, in the restaurant's zone.
        """
        order = self._past(order_id)
        self._changeable(order, "changed")
        self._check_zone(self._restaurant(order.restaurant_id), address_id)
        self.changed.setdefault(order.id, {})["address_id"] = address_id.strip()
        return f"Order {order.id} will be delivered to {address_id.strip()}."

    def _check_zone(self, restaurant: Restaurant, address_id: str) -> None:
        address = self.user.address(address_id.strip())
        if address is None:
            raise ToolError(f"'{address_id}' is not one of the user's saved addresses")
        if not restaurant.delivers_to(address.zone):
            raise ToolError(
                f"{restaurant.name} does not deliver to the {address.zone} zone "
                f"({address.label} address); it serves: {', '.join(restaurant.zones)}"
            )

    @tool
    def check_delivery(self, restaurant_id: str, address_id: str) -> str:
        """Whether a restaurant is open now and delivers to one of the user's saved addresses.

        Args:
            restaurant_id: The restaurant's id, e.g. "r_example".
            address_id: A saved address id from the user's profile.
        """
        restaurant = self._restaurant(restaurant_id)
        address = self.user.address(address_id.strip())
        if address is None:
            raise ToolError(f"'{address_id}' is not one of the user's saved addresses")
        return _json(
            {
                "restaurant_id": restaurant.id,
                "open_now": restaurant.is_open(self.world.now),
                "hours": restaurant.hours,
                "address_zone": address.zone,
                "delivers_there": restaurant.delivers_to(address.zone),
            }
        )

    @tool(writes=True)
    def reorder(self, order_id: str) -> str:
        """Put the items of a past order back in the cart (the cart must be empty), in their
        cheapest size, for the user to adjust before placing a new order.

        Args:
            order_id: The past order's id, e.g. "ord_example1".
        """  # noqa: D205 -- the first sentence is the tool description the model reads
        order = self._past(order_id)
        if self.cart.entries:
            raise ToolError("the cart is not empty; remove its lines before reordering")
        menu = {i.name: i for i in self.world.menu(order.restaurant_id)}
        added = []
        for name in (n.strip() for n in order.summary.split(",")):
            item = menu.get(name)
            if item is None or not item.in_stock:
                continue
            size = min(item.sizes, key=lambda s: item.sizes[s])
            self.cart.add(item, size, [], 1)
            added.append(name)
        if not added:
            raise ToolError(f"none of the items of {order.id} can be ordered today")
        return f"Added {', '.join(added)} to the cart.\n" + _json(self.cart.view())
