"""What a careful agent says and does, step by step (and what a careless one does instead).

Every script only uses what an agent could know: ids come from earlier tool results or from
the user's words; the generator knows the user's facts because it encodes correct behaviour.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from relgap.suite import Action
from relgap.suite.checks import RequiredOutput

from ..world import Customer, Line, Order, World, dollars

ASK_IDENTITY = (
    "I can help with that. First, for your security: what is the email address and the zip "
    "code on your account?"
)


def say(text: str) -> Action:
    """A reply to the user."""
    return Action(None, text=text)


def call(tool: str, **arguments: Any) -> Action:
    """A call of ``tool`` with ``arguments``."""
    return Action(tool, dict(arguments))


def identify(who: Customer) -> list[Action]:
    """Ask for the customer's identity, then verify it."""
    return [say(ASK_IDENTITY), call("verify_customer", email=who.email, zip_code=who.zip_code)]


def names(world: World, lines: Sequence[Line]) -> str:
    """The products of ``lines`` by name, joined with "and the"."""
    found = [world.product(line.product_id).name for line in lines]
    return " and the ".join(found)


def amount(lines: Sequence[Line]) -> str:
    """What ``lines`` cost together, in dollars (the refund for them)."""
    return dollars(sum(line.price_cents for line in lines))


def label(world: World, order: Order, method_id: str | None = None) -> str:
    """The customer's name for a payment method; default: the one ``order`` was paid with."""
    return world.method_label(order.customer_id, method_id or order.payment_method_id)


def return_steps(
    world: World, order: Order, lines: Sequence[Line], method_id: str | None = None,
    note: str = "",
) -> list[Action]:  # fmt: skip
    """Confirm, return, tell: the write part of a return (refund to ``method_id``)."""
    method = method_id or order.payment_method_id
    to = label(world, order, method)
    original = ", the original payment method" if method == order.payment_method_id else ""
    return [
        say(f"{note}I can return the {names(world, lines)} from order {order.id} for a refund "
            f"of {amount(lines)} to your {to}{original}. Shall I go ahead?"),
        call("return_items", order_id=order.id, line_ids=[x.id for x in lines],
             refund_method_id=method),
        say(f"Done. The return is created and {amount(lines)} is refunded to your {to}."),
    ]  # fmt: skip


def cancel_steps(world: World, order: Order) -> list[Action]:
    """Confirm, then cancel ``order`` and tell the refund to its payment method."""
    total, to = dollars(order.total_cents), label(world, order)
    return [
        say(f"Order {order.id} ({names(world, order.lines)}) has not shipped yet, so it can be "
            f"cancelled; the {total} goes back to your {to}. Shall I cancel it?"),
        call("cancel_order", order_id=order.id),
        say(f"Done. Order {order.id} is cancelled and {total} is refunded to your {to}."),
    ]  # fmt: skip


def exchange_steps(world: World, order: Order, line: Line, variant_id: str) -> list[Action]:
    """Check stock, confirm, then exchange ``line`` for the variant ``variant_id``."""
    product = world.product(line.product_id)
    old, new = world.variant(line.variant_id).option, world.variant(variant_id).option
    return [
        call("get_product", product_id=product.id),
        say(f"The {product.name} in {new} is in stock. I can exchange your {old} for it at no "
            "extra cost. Shall I go ahead?"),
        call("exchange_item", order_id=order.id, line_id=line.id, new_variant_id=variant_id),
        say(f"Done. Your {product.name} in {new} is on its way; send the {old} back with the "
            "prepaid label."),
    ]  # fmt: skip


def refusal(world: World, order: Order, line: Line) -> str:
    """The reply refusing to return ``line``, with the policy's reason."""
    reason = world.refusal(order, line)
    assert reason is not None
    product = world.product(line.product_id).name
    return f"I'm sorry, I can't return the {product} from order {order.id}: {reason}."


def refund_output(lines: Sequence[Line], name: str = "told_refund") -> RequiredOutput:
    """The check that the agent told the user the refund for ``lines``."""
    return RequiredOutput(name=name, any_of=[amount(lines)])


def reason_output(world: World, order: Order, line: Line) -> RequiredOutput:
    """The reason for a refusal, in the words a person would use for it."""
    category = world.product(line.product_id).category
    if line.final_sale:
        options = ["final sale"]
    elif category == "grocery":
        options = ["not returnable", "non returnable", "cannot be returned", "no returns"]
    else:
        days = {"electronics": 15}.get(category, 30)
        options = ["return window", f"{days} days", f"{days}-day", "window has passed"]
    return RequiredOutput(name="told_reason", any_of=options)
