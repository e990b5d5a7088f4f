"""The simulated-mistake catalogue: realistic ways to get one reference-script step wrong.

A mistake replaces exactly one step of the script (the rest of the script runs unchanged)
and always makes the trial fail; ``tests/.../test_food_order_mistakes.py`` replays every
offered mistake of every task to prove it. Names (see :data:`MISTAKES`) are stable labels
for reports.
"""

from __future__ import annotations

import random

from relgap.suite.base import Action, Mistake

from .intents import Intent
from .solver import Plan, PlannedLine, add_action, best_coupon, pick_candidates, resolve, spec_line
from .world import MAX_QUANTITY, Line, User, World, percent_of, subtotal

MISTAKES = (
    "wrong_size",  # another size than asked
    "forgot_modifier",  # dropped one requested modifier
    "unrequested_modifier",  # added a modifier nobody asked for
    "wrong_quantity",  # one more or one fewer
    "skipped_item",  # forgot a line of a multi-item order
    "not_cheapest",  # "the cheapest X": took the second cheapest
    "ignored_diet",  # "the cheapest vegan X": took the cheapest X of any diet
    "allergen_item",  # skipped the allergy check and ordered what the user cannot eat
    "guessed_instead_of_asking",  # used a guess where the policy says to ask the user
    "unapproved_substitution",  # replaced an out-of-stock item without the user's say-so
    "ordered_forbidden_item",  # added an item the policy forbids (alcohol, unverified user)
    "over_budget",  # one step past what the budget allows
    "budget_ignored_fees",  # fitted the budget to the food subtotal only
    "ignored_condition",  # got "add X only if it unlocks the coupon/free delivery" wrong
    "no_coupon",  # forgot to apply the user's coupon
    "worse_coupon",  # applied the code that saves less
    "wrong_address",  # another saved address
    "wrong_payment",  # another saved payment method
    "gift_card_over_balance",  # charged a gift card that cannot cover the total
    "tip_rounding",  # percentage tip rounded the wrong way
    "tip_wrong_base",  # percentage tip computed on the total instead of the food subtotal
    "forgot_tip",  # no tip although the user asked for one
    "placed_forbidden_order",  # placed an order where the policy says decline or hand over
    # dialogue mistakes
    "asked_again",  # kept asking the user what they had already said, until they gave up
    "ended_too_soon",  # told the user it was all done before finishing
    "needless_transfer",  # handed an order it could place over to a human
    "invented_coupon",  # applied a coupon code the user never gave
    "ignored_tool_error",  # a call failed and the agent went on as if it had worked
    "forgot_user_answer",  # asked, then ordered as if the user had not answered
    # past orders (tasks_service)
    "cancelled_anyway",  # cancelled although the user changed their mind or asked otherwise
    "wrong_change",  # changed the order to an address the user did not ask for
    "refused_without_transfer",  # said no to a request the policy hands over to a human
)

ENDED_TOO_SOON = "All set! Your order is taken care of. Enjoy your meal!"
NEEDLESS_TRANSFER = "User wants to place a food order; handing over to a colleague."
ASK_AGAIN = "Sorry, could you repeat what you would like to order from {restaurant}?"


def _swap(name: str, lines: list[Line]) -> Mistake:
    return Mistake(name, tuple(add_action(line) for line in lines))


def _line_mistakes(
    world: World, intent: Intent, plan: Plan, planned: PlannedLine, rng: random.Random
) -> list[Mistake]:
    line, spec = planned.line, planned.spec
    item = world.item(line.item_id)
    user = world.user(intent.user_id)
    assert item is not None and user is not None
    out: list[Mistake] = []
    # A changed line must not turn into another expected line, so that two mistakes in one
    # trial can never cancel out.
    taken = {p.line.config for p in plan.lines}

    def fresh(updates: list[dict[str, object]]) -> list[Line]:
        changed = (line.model_copy(update=u) for u in updates)
        return [c for c in changed if c.config not in taken]

    sizes = fresh([{"size": s} for s in item.sizes if s != line.size])
    if sizes and spec.budget != "size":
        out.append(_swap("wrong_size", [rng.choice(sizes)]))
    fewer = fresh(
        [{"modifiers": tuple(m for m in line.modifiers if m != d)} for d in line.modifiers]
    )
    if fewer:
        out.append(_swap("forgot_modifier", [rng.choice(fewer)]))
    more = fresh(
        [
            {"modifiers": tuple(sorted((*line.modifiers, m.name)))}
            for m in item.modifiers
            if m.name not in line.modifiers
        ]
    )
    if more:
        out.append(_swap("unrequested_modifier", [rng.choice(more)]))
    if spec.budget != "quantity":
        down = line.quantity > 1 and (line.quantity == MAX_QUANTITY or rng.random() < 0.5)
        qty = line.quantity - 1 if down else line.quantity + 1
        out.append(_swap("wrong_quantity", [line.model_copy(update={"quantity": qty})]))
    if len(plan.lines) > 1:
        out.append(Mistake("ignored_condition" if spec.condition else "skipped_item", ()))
    out += _budget_mistakes(world, intent, plan, planned)
    out += _pick_mistakes(world, intent, user, line, planned)
    out += [_swap(t.mistake, list(t.lines)) for t in spec.traps]
    if intent.questions:  # the agent asked, heard the answer, and ordered the guess anyway
        out += [
            _swap("forgot_user_answer", list(t.lines))
            for t in spec.traps
            if t.mistake == "guessed_instead_of_asking"
        ]
    if planned == plan.lines[-1]:
        out += _skipped_condition_mistakes(world, intent, user, plan)
    return out


def _budget_mistakes(
    world: World, intent: Intent, plan: Plan, planned: PlannedLine
) -> list[Mistake]:
    line, spec = planned.line, planned.spec
    out: list[Mistake] = []
    if spec.budget == "quantity":
        if line.quantity < MAX_QUANTITY:
            more = line.model_copy(update={"quantity": line.quantity + 1})
            out.append(_swap("over_budget", [more]))
        others = [p.line for p in plan.lines if p is not planned]
        assert intent.budget_cents is not None
        naive = 0
        for q in range(1, MAX_QUANTITY + 1):
            trial = line.model_copy(update={"quantity": q})
            if subtotal(world, [*others, trial]) <= intent.budget_cents:
                naive = q
        if naive not in (0, line.quantity):
            wrong = line.model_copy(update={"quantity": naive})
            out.append(_swap("budget_ignored_fees", [wrong]))
    elif spec.budget == "size":
        item = world.item(line.item_id)
        assert item is not None
        pricier = sorted((p, s) for s, p in item.sizes.items() if p > item.sizes[line.size])
        if pricier:
            out.append(_swap("over_budget", [line.model_copy(update={"size": pricier[0][1]})]))
    return out


def _pick_mistakes(
    world: World, intent: Intent, user: User, line: Line, planned: PlannedLine
) -> list[Mistake]:
    pick = planned.spec.pick
    if pick is None:
        return []
    out: list[Mistake] = []
    rid = intent.restaurant_id
    variants = (
        ("not_cheapest", pick_candidates(world, rid, pick, user.allergies)[1:2]),
        ("ignored_diet", pick_candidates(world, rid, pick, user.allergies, dietary=())[:1]),
        ("allergen_item", pick_candidates(world, rid, pick, ())[:1]),
    )
    for name, found in variants:
        if found and found[0].id != line.item_id:
            out.append(_swap(name, [line.model_copy(update={"item_id": found[0].id})]))
    return out


def _skipped_condition_mistakes(
    world: World, intent: Intent, user: User, plan: Plan
) -> list[Mistake]:
    """Conditional add-ons the solver left out: adding them anyway is a mistake."""
    included = {p.spec for p in plan.lines}
    out = []
    for spec in intent.lines:
        if spec.condition and spec not in included:
            extra = spec_line(world, user, intent.restaurant_id, spec)
            out.append(_swap("ignored_condition", [plan.lines[-1].line, extra]))
    return out


def _order_mistakes(
    world: World, intent: Intent, plan: Plan, action: Action, rng: random.Random
) -> list[Mistake]:
    user = world.user(intent.user_id)
    assert user is not None
    out: list[Mistake] = []
    if action.tool == "apply_coupon" and action.arguments["code"] == plan.coupon:
        out.append(Mistake("no_coupon", ()))
        lines = [p.line for p in plan.lines]
        for code in intent.coupons:
            if code != plan.coupon and best_coupon(world, plan.restaurant_id, lines, (code,))[0]:
                out.append(Mistake("worse_coupon", (Action("apply_coupon", {"code": code}),)))
    elif action.tool == "set_delivery_address":
        others = [a.id for a in user.addresses if a.id != plan.address_id]
        out.append(
            Mistake(
                "wrong_address",
                (Action("set_delivery_address", {"address_id": rng.choice(others)}),),
            )
        )
        for trap in intent.traps:
            if trap.field == "address":
                out.append(
                    Mistake(
                        trap.mistake, (Action("set_delivery_address", {"address_id": trap.value}),)
                    )
                )
    elif action.tool == "place_order":
        out += _checkout_mistakes(world, intent, plan, user, rng)
    return out


def _checkout_mistakes(
    world: World, intent: Intent, plan: Plan, user: User, rng: random.Random
) -> list[Mistake]:
    def order(name: str, payment: str, tip: int) -> Mistake:
        return Mistake(
            name, (Action("place_order", {"payment_method_id": payment, "tip": tip / 100}),)
        )

    pay, tip, q = plan.payment_method_id, plan.quote.tip, plan.quote
    others = [p.id for p in user.payment_methods if p.id != pay]
    out = [order("wrong_payment", rng.choice(others), tip)] if others else []
    if intent.tip_percent is not None:
        exact = q.subtotal * intent.tip_percent
        if exact % 100:
            floor, ceil = exact // 100, exact // 100 + 1
            out.append(order("tip_rounding", pay, floor if tip == ceil else ceil))
        on_total = percent_of(q.before_tip, intent.tip_percent)
        if on_total != tip:
            out.append(order("tip_wrong_base", pay, on_total))
    if tip > 0:
        out.append(order("forgot_tip", pay, 0))
    for trap in intent.traps:
        if trap.field == "payment":
            out.append(order(trap.mistake, str(trap.value), tip))
        elif trap.field == "tip":
            out.append(order(trap.mistake, pay, int(trap.value)))
    return out


def _decline_mistakes(intent: Intent, action: Action) -> list[Mistake]:
    """Placing the order anyway (instead of handing over at the transfer step).

    Offered after any tool step, so that every tool step of a declined task can go wrong.
    """
    decline = intent.decline
    assert decline is not None
    if action.tool is None:
        return []
    order = [add_action(line) for line in decline.lines]
    order.append(Action("set_delivery_address", {"address_id": decline.address_id}))
    order.append(
        Action("place_order", {"payment_method_id": decline.payment_method_id, "tip": 0.0})
    )
    before = [] if action.tool == "transfer_to_human" else [action]
    return [Mistake(decline.mistake, (*before, *order))]


def _dialogue_mistakes(intent: Intent, world: World, plan: Plan, action: Action) -> list[Mistake]:
    """Mistakes of conversation, offered at the steps that only read.

    A coupon the user never gave and an ignored error are offered at the step they replace.
    """
    out: list[Mistake] = []
    if action.tool in LOOKUPS:
        out.append(Mistake("ended_too_soon", (Action(None, text=ENDED_TOO_SOON),), ends=True))
        transfer = Action("transfer_to_human", {"summary": NEEDLESS_TRANSFER})
        out.append(Mistake("needless_transfer", (transfer,), ends=True))
        if not intent.questions:  # a user with no facts to tell can only repeat themselves
            restaurant = world.restaurant(intent.restaurant_id)
            assert restaurant is not None
            ask = Action(None, text=ASK_AGAIN.format(restaurant=restaurant.name))
            out.append(Mistake("asked_again", (ask,) * 3, ends=True))
    elif action.tool == "set_delivery_address" and plan.coupon is None:
        lines = [p.line for p in plan.lines]
        codes = tuple(c.code for c in world.coupons if c.code not in intent.coupons)
        code = best_coupon(world, plan.restaurant_id, lines, codes, world.user(intent.user_id))[0]
        if code is not None:
            invented = Action("apply_coupon", {"code": code})
            out.append(Mistake("invented_coupon", (invented, action)))
    elif action.tool == "place_order":
        # e.g. a tip with a fraction of a cent: place_order fails, the agent says it is placed
        bad = {**action.arguments, "tip": round(action.arguments["tip"] + 0.005, 3)}
        out.append(Mistake("ignored_tool_error", (Action("place_order", bad),)))
    return out


LOOKUPS = frozenset(
    {"get_user_profile", "list_restaurants", "search_menu", "get_item", "view_cart"}
)


def offer(intent: Intent, world: World, action: Action, rng: random.Random) -> list[Mistake]:
    """The mistakes a simulated model may make instead of ``action``, a reference-script step.

    What is offered depends on the action alone, not on its position in the script.
    """
    if intent.decline is not None:
        return _decline_mistakes(intent, action)
    plan = resolve(intent, world)
    dialogue = _dialogue_mistakes(intent, world, plan, action)
    if action.tool == "add_to_cart":
        args = action.arguments
        line = Line(
            item_id=args["item_id"],
            size=args["size"],
            modifiers=tuple(args["modifiers"]),
            quantity=args["quantity"],
        )
        planned = next(p for p in plan.lines if p.line == line)
        return _line_mistakes(world, intent, plan, planned, rng) + dialogue
    return _order_mistakes(world, intent, plan, action, rng) + dialogue
