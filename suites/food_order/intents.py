"""What each task means, in a form the solver can act on (stored in ``data/intents.jsonl``).

The generator writes an :class:`Intent` next to every task. The solver turns it into the
expected order (picking the cheapest matching item, the quantity a budget allows, the best
coupon, ...) and into a reference script; the mistake catalogue reads its traps.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from .world import Line

MistakeName = str


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Pick(_Model):
    """Choose the cheapest suitable item of a category at the order's restaurant.

    Suitable: in stock, non-alcoholic, with all ``dietary`` tags, offering ``size`` and
    (always) containing none of the user's allergens. Price is compared at ``size``.
    """

    category: str
    dietary: tuple[str, ...] = ()
    size: str


class Trap(_Model):
    """A wrong choice a careless agent makes for this line: add ``lines`` instead."""

    mistake: MistakeName
    lines: tuple[Line, ...] = ()


class LineSpec(_Model):
    """One line the user wants (an explicit item or a :class:`Pick`)."""

    item_id: str | None = None
    pick: Pick | None = None
    size: str = "regular"
    modifiers: tuple[str, ...] = ()
    quantity: int = 1
    budget: Literal["quantity", "size"] | None = Field(
        default=None,
        description="The order budget decides this line's quantity (the most that fits) or "
        "size (the priciest that fits); quantity/size are then ignored.",
    )
    condition: Literal["for_coupon", "for_free_delivery"] | None = Field(
        default=None,
        description="Add this line only if the order misses the (first) coupon's minimum "
        "or free delivery without it and reaches it with it.",
    )
    after_ask: bool = Field(
        default=False, description="The user names this line only when answering a question."
    )
    traps: tuple[Trap, ...] = ()


class OrderTrap(_Model):
    """A wrong order-level value: a guessed address, payment method or tip."""

    mistake: MistakeName
    field: Literal["address", "payment", "tip"]
    value: str | int


class Decline(_Model):
    """The right outcome is no order: decline, or transfer to a human.

    ``lines``/``address_id``/``payment_method_id`` is the order a careless agent places
    anyway (it must be valid for the tools).
    """

    transfer: bool = Field(description="Transfer to a human (else: decline in a reply).")
    mistake: MistakeName
    lines: tuple[Line, ...]
    address_id: str
    payment_method_id: str
    reply: str
    reason: tuple[str, ...] = Field(
        default=(), description="Words that state why (any one), required in the agent's replies."
    )
    insist: str | None = Field(default=None, description="What the user says once when refused.")


class Service(_Model):
    """A request about an existing order (tier 4-5 conversations, see ``tasks_service``)."""

    kind: Literal["status_then_cancel", "cancel_preparing", "changes_mind", "ask_which",
                  "out_for_delivery"]  # fmt: skip
    order_id: str
    address_id: str | None = Field(default=None, description="The new address, for a change.")


class Intent(_Model):
    """What one task means: the order it asks for, its traps, or why no order is right."""

    task_id: str
    user_id: str
    restaurant_id: str
    lines: tuple[LineSpec, ...] = ()
    address_id: str = ""
    payment: tuple[str, ...] = Field(
        default=(), description="Payment ids in preference order: the first that covers it."
    )
    coupons: tuple[str, ...] = Field(
        default=(), description="Codes the user gave; the eligible one saving most is used."
    )
    tip_cents: int = 0
    tip_percent: int | None = Field(default=None, description="Percent of the food subtotal.")
    budget_cents: int | None = None
    lookups: tuple[str, ...] = Field(
        default=(), description="Items the user names that end up not ordered as asked."
    )
    questions: tuple[str, ...] = Field(
        default=(), description="Questions the agent asks the user, in order."
    )
    traps: tuple[OrderTrap, ...] = ()
    decline: Decline | None = None
    service: Service | None = None
