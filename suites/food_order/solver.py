"""The reference solver: an intent + the world -> the expected order and a script reaching it.

The script only uses what an agent could know: ids come from earlier tool results, choices
from the instruction and the user's answers (the solver knows them in advance because it
encodes the correct behaviour).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from relgap.errors import SuiteError
from relgap.suite.base import Action

from .intents import Intent, LineSpec, Pick
from .world import (
    MAX_QUANTITY,
    Line,
    MenuItem,
    Quote,
    User,
    World,
    canonical,
    coupon_problem,
    delivery_fee,
    discount,
    dollars,
    percent_of,
    quote,
    subtotal,
)


@dataclass(frozen=True)
class PlannedLine:
    """A line of the plan with the spec it was resolved from."""

    line: Line
    spec: LineSpec


@dataclass(frozen=True)
class Plan:
    """The correct order for an intent, with how it was reached."""

    restaurant_id: str
    lines: tuple[PlannedLine, ...]
    coupon: str | None
    attempts: tuple[str, ...]  # coupon codes to apply in order; all but the last may fail
    address_id: str
    payment_method_id: str
    quote: Quote


def _user(world: World, intent: Intent) -> User:
    user = world.user(intent.user_id)
    if user is None:
        raise SuiteError(f"{intent.task_id}: unknown user {intent.user_id}")
    return user


def _item(world: World, item_id: str) -> MenuItem:
    item = world.item(item_id)
    if item is None:
        raise SuiteError(f"unknown item {item_id}")
    return item


def pick_candidates(
    world: World,
    restaurant_id: str,
    pick: Pick,
    allergies: tuple[str, ...] = (),
    dietary: tuple[str, ...] | None = None,
) -> list[MenuItem]:
    """Items matching ``pick`` (with ``dietary`` overriding its tags), cheapest first."""
    tags = pick.dietary if dietary is None else dietary
    found = [
        i
        for i in world.menu(restaurant_id)
        if i.category == pick.category
        and i.in_stock
        and not i.alcohol
        and pick.size in i.sizes
        and set(tags) <= set(i.dietary)
        and not set(i.allergens) & set(allergies)
    ]
    return sorted(found, key=lambda i: (i.sizes[pick.size], i.id))


def spec_line(world: World, user: User, restaurant_id: str, spec: LineSpec) -> Line:
    """The concrete line of a spec (budget-decided fields still at their defaults)."""
    if spec.pick is not None:
        found = pick_candidates(world, restaurant_id, spec.pick, user.allergies)
        if not found:
            raise SuiteError(f"nothing matches {spec.pick}")
        return Line(
            item_id=found[0].id,
            size=spec.pick.size,
            modifiers=tuple(sorted(spec.modifiers)),
            quantity=spec.quantity,
        )
    assert spec.item_id is not None
    return Line(
        item_id=spec.item_id,
        size=spec.size,
        modifiers=tuple(sorted(spec.modifiers)),
        quantity=spec.quantity,
    )


def best_coupon(
    world: World,
    restaurant_id: str,
    lines: list[Line],
    codes: tuple[str, ...],
    user: User | None = None,
) -> tuple[str | None, tuple[str, ...]]:
    """The eligible code saving most (ties: the first given) and the codes to try, in order.

    Per-user conditions (first order, once per user) count when ``user`` is given.
    """
    food = subtotal(world, lines)
    best: tuple[int, str] | None = None
    failing: list[str] = []
    for code in codes:
        coupon = world.coupon(code)
        if coupon is None or coupon_problem(world, coupon, restaurant_id, food, user):
            failing.append(code)
            continue
        off = discount(coupon, food)
        if best is None or off > best[0]:
            best = (off, code)
    if best is None:
        return None, tuple(failing)
    return best[1], (*failing, best[1])


def tip_for(intent: Intent, food: int) -> int:
    """The tip in cents: a percent of the ``food`` subtotal, or the fixed amount asked."""
    return (
        percent_of(food, intent.tip_percent) if intent.tip_percent is not None else intent.tip_cents
    )


def price(world: World, intent: Intent, lines: list[Line]) -> Quote:
    """The price of ``lines`` for ``intent``: its best coupon and its tip applied."""
    user = world.user(intent.user_id)
    code, _ = best_coupon(world, intent.restaurant_id, lines, intent.coupons, user)
    return quote(world, intent.restaurant_id, lines, code, tip_for(intent, subtotal(world, lines)))


def _decide_condition(
    world: World, intent: Intent, lines: list[Line], extra: Line, spec: LineSpec
) -> bool:
    without, with_ = subtotal(world, lines), subtotal(world, [*lines, extra])
    if spec.condition == "for_coupon":
        coupon = world.coupon(intent.coupons[0])
        assert coupon is not None
        rid = intent.restaurant_id
        return bool(coupon_problem(world, coupon, rid, without)) and not coupon_problem(
            world, coupon, rid, with_
        )
    restaurant = world.restaurant(intent.restaurant_id)
    assert restaurant is not None
    return delivery_fee(restaurant, without) > 0 and delivery_fee(restaurant, with_) == 0


def budget_options(world: World, spec: LineSpec, line: Line) -> list[Line]:
    """The values a budget line may take, most wanted first."""
    if spec.budget == "quantity":
        return [line.model_copy(update={"quantity": q}) for q in range(MAX_QUANTITY, 0, -1)]
    item = _item(world, line.item_id)
    sizes = sorted(item.sizes, key=lambda s: -item.sizes[s])
    return [line.model_copy(update={"size": s}) for s in sizes]


def fit_budget(
    world: World, intent: Intent, lines: list[Line], index: int, spec: LineSpec, budget: int
) -> Line | None:
    """The most wanted option for ``lines[index]`` whose order total stays within budget."""
    for option in budget_options(world, spec, lines[index]):
        trial = [*lines[:index], option, *lines[index + 1 :]]
        if price(world, intent, trial).total <= budget:
            return option
    return None


def resolve(intent: Intent, world: World) -> Plan:
    """The correct order for an ``order`` intent."""
    if intent.decline is not None:
        raise SuiteError(f"{intent.task_id}: a declined task has no order")
    user = _user(world, intent)
    fixed = [s for s in intent.lines if s.condition is None]
    planned = [PlannedLine(spec_line(world, user, intent.restaurant_id, s), s) for s in fixed]
    for i, pl in enumerate(planned):
        if pl.spec.budget:
            assert intent.budget_cents is not None, intent.task_id
            lines = [p.line for p in planned]
            best = fit_budget(world, intent, lines, i, pl.spec, intent.budget_cents)
            if best is None:
                raise SuiteError(f"{intent.task_id}: nothing fits the budget")
            planned[i] = PlannedLine(best, pl.spec)
    for spec in (s for s in intent.lines if s.condition is not None):
        extra = spec_line(world, user, intent.restaurant_id, spec)
        if _decide_condition(world, intent, [p.line for p in planned], extra, spec):
            planned.append(PlannedLine(extra, spec))
    lines = [p.line for p in planned]
    code, attempts = best_coupon(world, intent.restaurant_id, lines, intent.coupons, user)
    q = price(world, intent, lines)
    return Plan(
        restaurant_id=intent.restaurant_id,
        lines=tuple(planned),
        coupon=code,
        attempts=attempts,
        address_id=intent.address_id,
        payment_method_id=_payment(intent, user, q.total),
        quote=q,
    )


def _payment(intent: Intent, user: User, total: int) -> str:
    for pid in intent.payment:
        method = user.payment(pid)
        if method and (method.kind == "card" or (method.balance_cents or 0) >= total):
            return pid
    raise SuiteError(f"{intent.task_id}: no payment method covers {dollars(total)}")


def order_record(plan: Plan) -> dict[str, Any]:
    """The grader-facing shape of an order (the same as ``Task.expected``)."""
    return {
        "restaurant_id": plan.restaurant_id,
        "items": [line.model_dump(mode="json") for line in canonical(p.line for p in plan.lines)],
        "address_id": plan.address_id,
        "payment_method_id": plan.payment_method_id,
        "coupon": plan.coupon,
        "tip_cents": plan.quote.tip,
        "total_cents": plan.quote.total,
    }


def expected_order(intent: Intent, world: World) -> dict[str, Any] | None:
    """The order the task expects, as the grader reads it; None when no order is right."""
    return None if intent.decline else order_record(resolve(intent, world))


# --- the script ------------------------------------------------------------------------------


def add_action(line: Line) -> Action:
    """The ``add_to_cart`` call that adds ``line``."""
    return Action(
        "add_to_cart",
        {
            "item_id": line.item_id,
            "size": line.size,
            "modifiers": list(line.modifiers),
            "quantity": line.quantity,
        },
    )


def _search(world: World, restaurant_id: str, spec: LineSpec | None, item_id: str | None) -> Action:
    if spec is not None and spec.pick is not None:
        if spec.pick.dietary:
            args: dict[str, Any] = {
                "restaurant_id": restaurant_id,
                "dietary": list(spec.pick.dietary),
            }
        else:
            args = {"query": spec.pick.category, "restaurant_id": restaurant_id}
        return Action("search_menu", args)
    item = _item(world, item_id or (spec.item_id if spec else "") or "")
    return Action("search_menu", {"query": item.name, "restaurant_id": item.restaurant_id})


class _Script:
    def __init__(self) -> None:
        self.actions: list[Action] = []

    def add(self, action: Action) -> None:
        if action.tool in ("search_menu", "get_item") and action in self.actions:
            return  # already looked up
        self.actions.append(action)


def _look_up(script: _Script, world: World, intent: Intent, spec: LineSpec) -> None:
    """Find the spec's item, and read its modifiers when the user wants some."""
    script.add(_search(world, intent.restaurant_id, spec, None))
    if spec.item_id and spec.modifiers:
        script.add(Action("get_item", {"item_id": spec.item_id}))


def reference_script(intent: Intent, world: World) -> list[Action]:
    """Tool calls (and a final reply) that solve the task."""
    user = _user(world, intent)
    script = _Script()
    script.add(Action("get_user_profile", {"user_id": user.id}))
    script.add(Action("list_restaurants"))
    for item_id in intent.lookups:
        script.add(_search(world, intent.restaurant_id, None, item_id))
    for spec in intent.lines:
        if not spec.after_ask:
            _look_up(script, world, intent, spec)
    for question in intent.questions:
        script.add(Action(None, text=question))
    for spec in intent.lines:
        if spec.after_ask:
            _look_up(script, world, intent, spec)
    if intent.decline is not None:
        if intent.decline.transfer:
            summary = "User asks for something I cannot do with my tools: " + intent.decline.reply
            script.add(Action("transfer_to_human", {"summary": summary}))
        script.add(Action(None, text=intent.decline.reply))
        if intent.decline.insist:
            script.add(
                Action(None, text="I understand, but I still can't. " + intent.decline.reply)
            )
        return script.actions
    plan = resolve(intent, world)
    for pl in plan.lines:
        script.add(add_action(pl.line))
    for code in plan.attempts:
        script.add(Action("apply_coupon", {"code": code}))
    script.add(Action("set_delivery_address", {"address_id": plan.address_id}))
    script.add(Action("view_cart"))
    script.add(Action(None, text=_confirmation(world, user, plan)))
    script.add(
        Action(
            "place_order",
            {"payment_method_id": plan.payment_method_id, "tip": plan.quote.tip / 100},
        )
    )
    script.add(Action(None, text=_reply(world, user, plan)))
    return script.actions


def _confirmation(world: World, user: User, plan: Plan) -> str:
    restaurant = world.restaurant(plan.restaurant_id)
    assert restaurant is not None
    count = sum(pl.line.quantity for pl in plan.lines)
    return (
        f"Your cart from {restaurant.name} has {count} item{'s' if count > 1 else ''}, "
        f"${dollars(plan.quote.total)} in total. Shall I place the order?"
    )


def _reply(world: World, user: User, plan: Plan) -> str:
    restaurant = world.restaurant(plan.restaurant_id)
    method = user.payment(plan.payment_method_id)
    address = user.address(plan.address_id)
    assert restaurant and method and address
    return (
        f"Your order from {restaurant.name} is placed: ${dollars(plan.quote.total)} in total, "
        f"charged to your {method.describe()} and delivered to your {address.label} address."
    )
