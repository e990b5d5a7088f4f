"""The task templates of the four tiers, filled from the world with a seeded RNG.

Each draft carries the reference script and the *careless* script: what an agent that does
exactly what the user literally asks, without checking the policy, would do (the same as the
reference where the request is allowed). Tests use the careless script as a baseline agent.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from relgap.suite import Action
from relgap.suite.checks import RequiredAction, RequiredOutput
from relgap.user.scenario import Behaviour

from ..world import Customer, Line, Order, World
from .scripts import (
    call,
    cancel_steps,
    exchange_steps,
    identify,
    reason_output,
    refund_output,
    refusal,
    return_steps,
    say,
)

REFUND_METHOD = RequiredOutput(name="told_original_method", any_of=["original payment method"])
LOOKED = RequiredAction(name="looked_up_order", kind="called", tool="get_order")
NO_WRITE = RequiredAction(name="changed_nothing", kind="no_write")
TRANSFERRED = RequiredAction(name="transferred", kind="called", tool="transfer_to_human")
INSIST = "It's only a little late. Can't you make an exception just this once?"


@dataclass
class Draft:
    """A task before it is numbered: who asks what, the reference and careless scripts, checks."""

    tier: int
    tag: str
    who: Customer
    requests: list[str]
    script: list[Action]
    careless: list[Action] | None = None  # None: the same as the script
    outputs: list[RequiredOutput] = field(default_factory=list)
    actions: list[RequiredAction] = field(default_factory=list)
    behaviour: Behaviour = field(default_factory=Behaviour)
    unknown: list[str] = field(default_factory=list)
    trap: str | None = None  # the mistake name of the careless write, if it is one


class Picker:
    """Hands out orders matching a predicate, each at most once, in a seeded order."""

    def __init__(self, world: World, rng: random.Random) -> None:
        """Shuffle the orders of ``world`` with ``rng``."""
        self.world, self.rng = world, rng
        self.orders = list(world.orders)
        rng.shuffle(self.orders)
        self.used: set[str] = set()

    def take(self, n: int, keep: Callable[[Order], bool]) -> Iterator[Order]:
        """The next ``n`` unused orders ``keep`` accepts; ValueError if the world has fewer."""
        found = 0
        for order in self.orders:
            if found == n:
                return
            if order.id not in self.used and keep(order):
                self.used.add(order.id)
                found += 1
                yield order
        raise ValueError(f"the world has too few orders for a template (found {found} of {n})")

    def ok(self, order: Order) -> list[Line]:
        """The lines of ``order`` the policy lets the customer return."""
        return [x for x in order.lines if self.world.refusal(order, x) is None]

    def refused(self, order: Order, why: str) -> list[Line]:
        """The lines of ``order`` the policy refuses for a reason containing ``why``."""
        return [x for x in order.lines if why in (self.world.refusal(order, x) or "")]


def _name(world: World, line: Line) -> str:
    return world.product(line.product_id).name


def tier1(p: Picker) -> list[Draft]:
    """Tier 1: cancel, return one item, exchange, refund asked to another method."""
    w, out = p.world, []
    for o in p.take(6, lambda o: o.status == "processing"):
        out.append(Draft(1, "cancel", w.customer(o.customer_id), [f"Hi, please cancel my order {o.id}."],
                         [*identify(w.customer(o.customer_id)), call("get_order", order_id=o.id),
                          *cancel_steps(w, o)],
                         outputs=[refund_output(o.lines)]))  # fmt: skip
    for o in p.take(7, lambda o: len(p.ok(o)) >= 1):
        line = p.ok(o)[0]
        out.append(Draft(1, "return", w.customer(o.customer_id),
                         [f"I'd like to return the {_name(w, line)} from order {o.id}."],
                         [*identify(w.customer(o.customer_id)), call("get_order", order_id=o.id),
                          *return_steps(w, o, [line])],
                         outputs=[refund_output([line])]))  # fmt: skip
    for o in p.take(3, lambda o: any(_swap(w, x) for x in p.ok(o))):
        line = next(x for x in p.ok(o) if _swap(w, x))
        new = _swap(w, line)
        assert new is not None
        option = w.variant(new).option
        out.append(Draft(1, "exchange", w.customer(o.customer_id),
                         [f"I'd like to exchange the {_name(w, line)} from order {o.id} for the "
                          f"{option} one."],
                         [*identify(w.customer(o.customer_id)), call("get_order", order_id=o.id),
                          *exchange_steps(w, o, line, new)]))  # fmt: skip
    for o in p.take(6, lambda o: len(p.ok(o)) >= 1):
        out.append(_other_method(p, o, p.ok(o)[:1], tier=1))
    return out


def _swap(world: World, line: Line) -> str | None:
    """Another in-stock variant of the line's product, when there are at least two.

    With two, exchanging for the wrong one is a possible mistake.
    """
    product = world.product(line.product_id)
    found = [v.id for v in product.variants if v.id != line.variant_id and v.stock]
    return found[0] if len(found) >= 2 else None


def _other_method(p: Picker, o: Order, lines: list[Line], tier: int) -> Draft:
    w, who = p.world, p.world.customer(o.customer_id)
    other = next(m for m in who.payment_methods if m.id != o.payment_method_id)
    items = " and the ".join(_name(w, x) for x in lines)
    head = [*identify(who), call("get_order", order_id=o.id)]
    note = "Refunds can only go to the original payment method. "
    return Draft(tier, "refund_method", who,
                 [f"I want to return the {items} from order {o.id}. Please put the refund on "
                  f"my {other.label}."],
                 [*head, *return_steps(w, o, lines, note=note)],
                 [*head, *return_steps(w, o, lines, method_id=other.id)],
                 outputs=[refund_output(lines), REFUND_METHOD],
                 trap="refund_to_requested_method")  # fmt: skip


def tier2(p: Picker) -> list[Draft]:
    """Tier 2: two items, no order number, one item refused of two, another method asked."""
    w, out = p.world, []
    for o in p.take(4, lambda o: len(p.ok(o)) >= 2):
        lines = p.ok(o)[:2]
        out.append(Draft(2, "return_two", w.customer(o.customer_id),
                         [f"I'd like to return the {_name(w, lines[0])} and the "
                          f"{_name(w, lines[1])} from order {o.id}."],
                         [*identify(w.customer(o.customer_id)), call("get_order", order_id=o.id),
                          *return_steps(w, o, lines)],
                         outputs=[refund_output(lines)]))  # fmt: skip
    for o in p.take(4, lambda o: bool(p.ok(o)) and _only_one(w, o, p.ok(o)[0])):
        line, who = p.ok(o)[0], w.customer(o.customer_id)
        out.append(Draft(2, "no_order_number", who,
                         [f"Hi, this is {who.name}. I want to return the {_name(w, line)} I "
                          "bought, but I don't have the order number."],
                         [*identify(who), call("list_orders"), call("get_order", order_id=o.id),
                          *return_steps(w, o, [line])],
                         outputs=[refund_output([line])],
                         unknown=["order number", "order id"]))  # fmt: skip
    for why in ("not returnable", "final sale"):
        for o in p.take(4, _has_both(p, why)):
            out.append(_mixed(p, o, p.ok(o)[0], p.refused(o, why)[0]))
    for o in p.take(6, lambda o: len(p.ok(o)) >= 2):
        out.append(_other_method(p, o, p.ok(o)[:2], tier=2))
    return out


def _has_both(p: Picker, why: str) -> Callable[[Order], bool]:
    """Orders with a returnable line and a line refused for ``why``."""
    return lambda o: bool(p.ok(o)) and bool(p.refused(o, why))


def _only_one(world: World, order: Order, line: Line) -> bool:
    mine = [x for o in world.orders_of(order.customer_id) for x in o.lines]
    return sum(x.product_id == line.product_id for x in mine) == 1


def _mixed(p: Picker, o: Order, good: Line, bad: Line) -> Draft:
    w, who = p.world, p.world.customer(o.customer_id)
    reason = w.refusal(o, bad)
    head = [*identify(who), call("get_order", order_id=o.id)]
    note = f"I can't take back the {_name(w, bad)}: {reason}. "
    return Draft(2, "mixed", who,
                 [f"I'd like to return the {_name(w, good)} and the {_name(w, bad)} from order "
                  f"{o.id}."],
                 [*head, *return_steps(w, o, [good], note=note)],
                 [*head, *return_steps(w, o, [good, bad])],
                 outputs=[refund_output([good]), reason_output(w, o, bad)],
                 trap="returned_non_returnable")  # fmt: skip


def _decline(p: Picker, o: Order, line: Line, tier: int, tag: str, trap: str,
             behaviour: Behaviour | None = None) -> Draft:  # fmt: skip
    w, who = p.world, p.world.customer(o.customer_id)
    head = [*identify(who), call("get_order", order_id=o.id)]
    script = [*head, say(refusal(w, o, line))]
    if behaviour is not None and behaviour.insists_once:
        script.append(say(f"I understand, but I can't make an exception: {w.refusal(o, line)}."))
    return Draft(tier, tag, who, [f"I'd like to return the {_name(w, line)} from order {o.id}."],
                 script, [*head, *return_steps(w, o, [line])],
                 outputs=[reason_output(w, o, line)], actions=[LOOKED, NO_WRITE],
                 behaviour=behaviour or Behaviour(), trap=trap)  # fmt: skip


def _late(world: World, category: str) -> Callable[[Order, Line], bool]:
    """Lines of ``category`` refused only because their return window has passed."""

    def late(o: Order, x: Line) -> bool:
        why = world.refusal(o, x) or ""
        return "window" in why and world.product(x.product_id).category == category

    return late


def _any_line(test: Callable[[Order, Line], bool]) -> Callable[[Order], bool]:
    return lambda o: any(test(o, x) for x in o.lines)


def _first(p: Picker, o: Order, test: Callable[[Order, Line], bool]) -> Line:
    return next(x for x in o.lines if test(o, x))


def tier3(p: Picker) -> list[Draft]:
    """Tier 3: refusals (return window passed, final sale, not returnable)."""
    out = []
    for category, n in (("apparel", 3), ("shoes", 2), ("home", 1), ("electronics", 5)):
        test = _late(p.world, category)
        for o in p.take(n, _any_line(test)):
            out.append(_decline(p, o, _first(p, o, test), 3, "outside_window",
                                "returned_outside_window"))  # fmt: skip
    for o in p.take(5, lambda o: bool(p.refused(o, "final sale"))):
        out.append(_decline(p, o, p.refused(o, "final sale")[0], 3, "final_sale",
                            "returned_final_sale"))  # fmt: skip
    for o in p.take(6, lambda o: bool(p.refused(o, "not returnable"))):
        out.append(_decline(p, o, p.refused(o, "not returnable")[0], 3, "non_returnable",
                            "returned_non_returnable"))  # fmt: skip
    return out


def tier4(p: Picker) -> list[Draft]:
    """Tier 4: a transfer, a change of mind, two requests in one chat, an insistent customer."""
    w, out = p.world, []
    for o in p.take(6, lambda o: bool(p.ok(o))):
        line, who = p.ok(o)[0], w.customer(o.customer_id)
        head = [*identify(who), call("get_order", order_id=o.id)]
        summary = f"{_name(w, line)} of order {o.id} arrived damaged; customer wants a refund."
        out.append(Draft(4, "damaged", who,
                         [f"The {_name(w, line)} from order {o.id} arrived damaged. I'd like my "
                          "money back."],
                         [*head, call("transfer_to_human", summary=summary)],
                         [*head, *return_steps(w, o, [line])],
                         actions=[LOOKED, NO_WRITE, TRANSFERRED],
                         trap="refunded_instead_of_transfer"))  # fmt: skip
    for o in p.take(5, lambda o: len(p.ok(o)) >= 2):
        out.append(_change_of_mind(p, o, p.ok(o)[:2]))
    for o in p.take(5, lambda o: o.status == "processing" and _second(p, o) is not None):
        out.append(_two_requests(p, o))
    for o in p.take(6, lambda o: any(_late(w, "apparel")(o, x) for x in o.lines)):
        line = _first(p, o, _late(w, "apparel"))
        out.append(_decline(p, o, line, 4, "insists", "gave_in_to_insistence",
                            Behaviour(insists_once=INSIST)))  # fmt: skip
    return out


def _change_of_mind(p: Picker, o: Order, lines: list[Line]) -> Draft:
    w, who = p.world, p.world.customer(o.customer_id)
    keep, back = lines[1], lines[0]
    head = [*identify(who), call("get_order", order_id=o.id)]
    ask_both = return_steps(w, o, lines)[0]
    mind = f"Actually, I'll keep the {_name(w, keep)}. Please return only the {_name(w, back)}."
    return Draft(4, "change_of_mind", who,
                 [f"I'd like to return the {_name(w, back)} and the {_name(w, keep)} from order "
                  f"{o.id}."],
                 [*head, ask_both, *return_steps(w, o, [back], note="Understood. ")],
                 [*head, ask_both, *return_steps(w, o, lines)[1:]],
                 outputs=[refund_output([back])], behaviour=Behaviour(changes_mind=mind),
                 trap="ignored_change_of_mind")  # fmt: skip


def _two_requests(p: Picker, first: Order) -> Draft:
    w, who = p.world, p.world.customer(first.customer_id)
    second = _second(p, first)
    assert second is not None
    p.used.add(second.id)
    line = p.ok(second)[0]
    return Draft(4, "two_requests", who,
                 [f"Hi, please cancel my order {first.id}.",
                  f"Also, I'd like to return the {_name(w, line)} from order {second.id}."],
                 [*identify(who), call("get_order", order_id=first.id), *cancel_steps(w, first),
                  call("get_order", order_id=second.id), *return_steps(w, second, [line])],
                 outputs=[refund_output(first.lines), refund_output([line], "told_return_refund")])  # fmt: skip


def _second(p: Picker, first: Order) -> Order | None:
    """Another order of the same customer with a returnable line, not used by a task."""
    mine = p.world.orders_of(first.customer_id)
    return next((o for o in mine if o.id != first.id and o.id not in p.used and p.ok(o)), None)
