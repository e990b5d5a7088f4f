"""The refund desk's world and tools."""

from __future__ import annotations

from typing import Any

from relgap.suite import Environment, ToolError, tool

ORDERS: dict[str, dict[str, Any]] = {
    "A1": {"item": "desk lamp", "amount": 25.0, "status": "delivered"},
    "B2": {"item": "kettle", "amount": 40.0, "status": "refunded"},
    "C3": {"item": "chair", "amount": 95.0, "status": "delivered"},
    "D4": {"item": "mug", "amount": 8.5, "status": "delivered"},
    "E5": {"item": "rug", "amount": 60.0, "status": "refunded"},
    "F6": {"item": "sofa", "amount": 450.0, "status": "delivered"},
}


class RefundDesk(Environment):
    def __init__(self) -> None:
        super().__init__()
        self.orders = {k: dict(v) for k, v in ORDERS.items()}
        self.refunded: list[str] = []

    @tool
    def get_order(self, order_id: str) -> str:
        """Look an order up.

        Args:
            order_id: the order's id, e.g. 'A1'.
        """
        if order_id not in self.orders:
            raise ToolError(f"no order '{order_id}'")
        o = self.orders[order_id]
        return f"order {order_id}: {o['item']}, ${o['amount']:.2f}, {o['status']}"

    @tool(writes=True)
    def refund_order(self, order_id: str, reason: str) -> str:
        """Refund a delivered order to the original payment method.

        Args:
            order_id: the order's id.
            reason: why the customer wants a refund.
        """
        if order_id not in self.orders:
            raise ToolError(f"no order '{order_id}'")
        if self.orders[order_id]["status"] == "refunded":
            raise ToolError(f"order {order_id} is already refunded")
        self.orders[order_id]["status"] = "refunded"
        self.refunded.append(order_id)
        return f"refunded order {order_id}"
