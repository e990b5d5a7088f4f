"""The support desk's tools: one :class:`ReturnsEnv` per trial.

The back office accepts what it is sent: it checks that records exist and that an action is
physically possible (an order that shipped cannot be cancelled), not the return policy --
applying the policy is the agent's job, as at a real desk. Every write needs a verified
customer who owns the order, and is recorded with whether the agent asked the user to confirm
it just before (the grader fails unconfirmed writes).
"""

from __future__ import annotations

import json
from typing import Any

from relgap.messages import ToolCall
from relgap.suite import Environment, Task, ToolError, ToolOutput, tool
from relgap.user.scripted import CONFIRMATION
from relgap.user.words import mentions, words

from .world import Customer, Order, Product, World, dollars


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def is_confirmation_question(text: str) -> bool:
    """A question asking the user's go-ahead ("Shall I go ahead?")."""
    return "?" in text and mentions(words(text), CONFIRMATION)


class ReturnsEnv(Environment):
    """The shop's support console, as the agent sees it, for one conversation."""

    def __init__(self, world: World, task: Task) -> None:
        """Open the console on ``world`` for ``task``, no customer verified, nothing changed."""
        super().__init__()
        self.world = world
        self.task = task
        self.customer: Customer | None = None
        self.changes: dict[str, dict[str, Any]] = {}  # order id -> what this trial changed
        self.unconfirmed_writes: list[str] = []
        self._confirmed = False  # the latest event was a confirmation question

    # --- conversation bookkeeping -------------------------------------------------------
    def record_reply(self, text: str) -> None:
        """Record the reply, noting whether it asks the user's go-ahead."""
        super().record_reply(text)
        self._confirmed = is_confirmation_question(text)

    def call(self, call: ToolCall) -> ToolOutput:
        """Make the call, noting a write not made right after a confirmation question."""
        confirmed, self._confirmed = self._confirmed, False
        if self.is_write(call.name) and not confirmed:
            self.unconfirmed_writes.append(call.name)
        return super().call(call)

    # --- helpers ---------------------------------------------------------------------------
    def _own_order(self, order_id: str) -> Order:
        if self.customer is None:
            raise ToolError("verify the customer's identity first (verify_customer)")
        order = self.world.order(order_id.strip().lstrip("#"))
        if order is None or order.customer_id != self.customer.id:
            raise ToolError(f"no order '{order_id}' for the verified customer")
        return order

    def _state(self, order: Order) -> dict[str, Any]:
        return self.changes.get(order.id) or {
            "status": order.status,
            "returned": [],
            "exchanged": {},
            "refunds": [],
        }

    def _save(self, order: Order, state: dict[str, Any]) -> None:
        self.changes[order.id] = state

    def _method(self, method_id: str) -> str:
        assert self.customer is not None
        for method in self.customer.payment_methods:
            if method.id == method_id:
                return method.label
        known = ", ".join(m.id for m in self.customer.payment_methods)
        raise ToolError(f"unknown payment method '{method_id}' (the customer's: {known})")

    # --- reads -----------------------------------------------------------------------------
    @tool
    def verify_customer(self, email: str, zip_code: str) -> str:
        """Verify the customer's identity. Required before any order is shown or changed.

        Args:
            email: The email address on the account, as the customer gives it.
            zip_code: The zip code of the account's address.
        """
        for customer in self.world.customers:
            if customer.email == email.strip().lower() and customer.zip_code == zip_code.strip():
                self.customer = customer
                return _json({"verified": True, "customer_id": customer.id, "name": customer.name})
        raise ToolError("no customer with that email and zip code; ask the customer again")

    @tool
    def list_orders(self) -> str:
        """The verified customer's orders, newest first: id, status, date and items."""
        if self.customer is None:
            raise ToolError("verify the customer's identity first (verify_customer)")
        orders = sorted(self.world.orders_of(self.customer.id), key=lambda o: o.placed)
        return _json([self._brief(o) for o in reversed(orders)])

    def _brief(self, order: Order) -> dict[str, Any]:
        names = [self.world.product(line.product_id).name for line in order.lines]
        state = self._state(order)
        return {"order_id": order.id, "status": state["status"], "placed": str(order.placed),
                "items": names}  # fmt: skip

    @tool
    def get_order(self, order_id: str) -> str:
        """One order of the verified customer in full: status, dates, payment, every line.

        Args:
            order_id: The order id, e.g. 'W1000123'.
        """
        order = self._own_order(order_id)
        state = self._state(order)
        days = self.world.days_since_delivery(order)
        lines = []
        for line in order.lines:
            product = self.world.product(line.product_id)
            variant_id = state["exchanged"].get(line.id, line.variant_id)
            lines.append({
                "line_id": line.id, "product_id": product.id, "name": product.name,
                "category": product.category, "variant_id": variant_id,
                "option": self.world.variant(variant_id).option,
                "price": dollars(line.price_cents), "final_sale": line.final_sale,
                "returned": line.id in state["returned"],
            })  # fmt: skip
        return _json({
            "order_id": order.id, "status": state["status"], "placed": str(order.placed),
            "delivered": None if order.delivered is None else str(order.delivered),
            "days_since_delivery": days, "total": dollars(order.total_cents),
            "payment_method_id": order.payment_method_id,
            "payment_method": self._method(order.payment_method_id),
            "lines": lines, "refunds": state["refunds"],
        })  # fmt: skip

    @tool
    def get_product(self, product_id: str) -> str:
        """A product's variants (options) and how many of each are in stock.

        Args:
            product_id: The product id from an order line, e.g. 'p_linen_shirt'.
        """
        product = self.world.get(product_id)
        if not isinstance(product, Product):
            raise ToolError(f"no product '{product_id}'")
        return _json({
            "product_id": product_id, "name": product.name, "category": product.category,
            "variants": [{"variant_id": v.id, "option": v.option, "in_stock": v.stock}
                         for v in product.variants],
        })  # fmt: skip

    # --- writes ----------------------------------------------------------------------------
    @tool(writes=True)
    def cancel_order(self, order_id: str) -> str:
        """Cancel an order that has not shipped; its total is refunded to how it was paid.

        Args:
            order_id: The order to cancel.
        """
        order = self._own_order(order_id)
        state = self._state(order)
        if state["status"] != "processing":
            raise ToolError(f"order {order.id} is {state['status']}; only processing orders cancel")
        refund = {"amount_cents": order.total_cents, "method_id": order.payment_method_id}
        self._save(order, {**state, "status": "cancelled", "refunds": [*state["refunds"], refund]})
        label = self._method(order.payment_method_id)
        return f"Order {order.id} cancelled. {dollars(order.total_cents)} refunded to {label}."

    @tool(writes=True)
    def return_items(self, order_id: str, line_ids: list[str], refund_method_id: str) -> str:
        """Create a return for lines of a delivered order and refund their price.

        Args:
            order_id: The order the lines belong to.
            line_ids: The lines to return, e.g. ['W1000123-1'].
            refund_method_id: The customer's payment method that receives the refund.
        """
        order = self._own_order(order_id)
        state = self._state(order)
        label = self._method(refund_method_id)
        if state["status"] != "delivered":
            raise ToolError(f"order {order.id} is {state['status']}; only delivered orders return")
        by_id = {line.id: line for line in order.lines}
        if not line_ids or len(set(line_ids)) != len(line_ids):
            raise ToolError("give each line to return once")
        for line_id in line_ids:
            if line_id not in by_id:
                raise ToolError(f"order {order.id} has no line '{line_id}'")
            if line_id in state["returned"]:
                raise ToolError(f"line {line_id} was already returned")
        amount = sum(by_id[i].price_cents for i in line_ids)
        refund = {"amount_cents": amount, "method_id": refund_method_id}
        returned = sorted([*state["returned"], *line_ids])
        self._save(order, {**state, "returned": returned, "refunds": [*state["refunds"], refund]})
        return f"Return created for {', '.join(line_ids)}. {dollars(amount)} refunded to {label}."

    @tool(writes=True)
    def exchange_item(self, order_id: str, line_id: str, new_variant_id: str) -> str:
        """Exchange a delivered line for another variant of the same product (same price).

        Args:
            order_id: The order the line belongs to.
            line_id: The line to exchange.
            new_variant_id: The variant to send instead (from get_product).
        """
        order = self._own_order(order_id)
        state = self._state(order)
        line = next((x for x in order.lines if x.id == line_id), None)
        if line is None:
            raise ToolError(f"order {order.id} has no line '{line_id}'")
        if state["status"] != "delivered" or line_id in state["returned"]:
            raise ToolError(f"line {line_id} cannot be exchanged (order {state['status']})")
        product = self.world.product(line.product_id)
        variant = next((v for v in product.variants if v.id == new_variant_id), None)
        if variant is None:
            raise ToolError(f"'{new_variant_id}' is not a variant of {product.name}")
        if variant.stock == 0:
            raise ToolError(f"{product.name} ({variant.option}) is out of stock")
        self._save(order, {**state, "exchanged": {**state["exchanged"], line_id: variant.id}})
        return f"Exchange created: {product.name} ({variant.option}) ships for line {line_id}."

    @tool
    def transfer_to_human(self, summary: str) -> str:
        """Hand the conversation to a human colleague (ends the conversation).

        Args:
            summary: What the customer needs and why it needs a human.
        """
        self.ended = "transferred"
        return "Transferred. A colleague takes over from here."
