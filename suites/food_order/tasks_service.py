"""Tiers 4-5: conversations about orders already placed (status, cancel, change, hand-over).

Built from the users' order histories (``people_gen``): an order still ``placed`` can be
cancelled or sent elsewhere; one ``preparing`` or ``out_for_delivery`` cannot, and the right
move is a transfer to a human. Tier 5 conversations have several goals or a twist: a status
question then a cancellation, a change of mind at the confirmation, a push-back against a
refusal, facts told only when asked. Each kind has its reference script and its mistakes here.
"""

from __future__ import annotations

from typing import Any

from relgap.suite.base import Action, Mistake, Task
from relgap.suite.checks import RequiredAction, RequiredOutput
from relgap.user.scenario import Behaviour, ScenarioFact, UserScenario

from .intents import Intent, Service
from .world import PastOrder, User, World, dollars

ENDED_TOO_SOON = "All done! Your order is taken care of. Anything else?"


def _restaurant_name(world: World, order: PastOrder) -> str:
    found = world.restaurant(order.restaurant_id)
    assert found is not None
    return found.name


def _new_address(world: World, user: User, order: PastOrder) -> str | None:
    restaurant = world.restaurant(order.restaurant_id)
    assert restaurant is not None
    for address in user.addresses:
        if address.id != order.address_id and restaurant.delivers_to(address.zone):
            return address.id
    return None


def _fact(name: str, keywords: list[str], answer: str) -> ScenarioFact:
    return ScenarioFact(name=name, keywords=keywords, answer=answer)


def _task(
    tier: int,
    requests: list[str],
    intent: Intent,
    expected: dict[str, Any],
    checks: tuple[list[RequiredOutput], list[RequiredAction]],
    scenario: dict[str, Any],
) -> tuple[int, Task, Intent]:
    user_scenario = UserScenario(requests=requests, **scenario)
    task = Task(
        id="",
        tier=tier,
        instruction=requests[0],
        user_scenario=user_scenario,
        expected=expected,
        required_outputs=checks[0],
        required_actions=checks[1],
        tags=["past_order", intent.service.kind if intent.service else ""],
        user_id=intent.user_id,
    )
    return tier, task, intent


def _called(tool: str, name: str | None = None) -> RequiredAction:
    return RequiredAction(name=name or f"called_{tool}", kind="called", tool=tool)


def _kinds(world: World, user: User, order: PastOrder) -> list[tuple[int, Task, Intent]]:
    """Every task this active order supports."""
    rname = _restaurant_name(world, order)
    at = order.placed_at[11:16]
    base = {"task_id": "", "user_id": user.id, "restaurant_id": order.restaurant_id}
    found = []
    status = RequiredAction(name="checked_status", kind="called", tool="get_order_status")
    if order.status == "placed":
        intent = Intent(**base, service=Service(kind="status_then_cancel", order_id=order.id))
        told = RequiredOutput(name="told_status", any_of=["placed", "not started", "not yet"])
        found.append(_task(
            5, [f"What's the status of my {rname} order? I placed it at {at}.",
                "Okay, then please cancel it."],
            intent, {"cancelled": [order.id]}, ([told], [_called("cancel_order")]), {},
        ))  # fmt: skip
        new = _new_address(world, user, order)
        if new is not None:
            label = user.address(new).label  # type: ignore[union-attr]
            svc = Service(kind="changes_mind", order_id=order.id, address_id=new)
            found.append(_task(
                5, [f"Please cancel my order from {rname}, the one I placed at {at} tonight."],
                Intent(**base, service=svc), {"changed": {order.id: {"address_id": new}}},
                ([], [_called("change_order_address"),
                      RequiredAction(name="kept_order", kind="not_called", tool="cancel_order")]),
                {"behaviour": Behaviour(changes_mind=f"Actually, wait: don't cancel it. Just "
                                        f"send it to my {label} address instead.")},
            ))  # fmt: skip
            svc = Service(kind="ask_which", order_id=order.id, address_id=new)
            facts = [
                _fact(
                    "order",
                    ["which order", "order"],
                    f"The one from {rname}, placed at {at} tonight.",
                ),
                _fact("address", ["address", "where", "deliver"], f"To my {label} address."),
            ]
            found.append(_task(
                5, [f"Hi, I'm {user.name}. I need to change where one of my orders is going."],
                Intent(**base, service=svc), {"changed": {order.id: {"address_id": new}}},
                ([], [_called("change_order_address")]), {"facts": facts},
            ))  # fmt: skip
    elif order.status == "preparing":
        intent = Intent(**base, service=Service(kind="cancel_preparing", order_id=order.id))
        reason = RequiredOutput(name="told_reason", any_of=["preparing", "being prepared"])
        found.append(_task(
            5, [f"Cancel my {rname} order from {at} tonight, please. I don't want it anymore."],
            intent, {}, ([reason], [status, _called("transfer_to_human", "transferred")]),
            {"behaviour": Behaviour(insists_once="Come on, I only ordered it a little while "
                                    "ago. Please just cancel it.")},
        ))  # fmt: skip
    elif order.status == "out_for_delivery":
        intent = Intent(**base, service=Service(kind="out_for_delivery", order_id=order.id))
        told = RequiredOutput(name="told_status", any_of=["out for delivery", "on its way"])
        other = next(a for a in user.addresses if a.id != order.address_id)
        found.append(_task(
            4, [f"Where is my {rname} order from {at}? Can you send it to my {other.label} "
                "address instead?"],
            intent, {}, ([told], [status, _called("transfer_to_human", "transferred")]), {},
        ))  # fmt: skip
    return found


def service_tasks(world: World) -> list[tuple[int, Task, Intent]]:
    """(tier, task without id, intent without task id) for every active order in the world."""
    found = []
    for user in world.users:
        for order in user.recent_orders:
            if order.status in ("placed", "preparing", "out_for_delivery"):
                found += _kinds(world, user, order)
    return found


def script(intent: Intent, world: World) -> list[Action]:
    """The reference conversation for a service intent."""
    svc = intent.service
    assert svc is not None
    user = world.user(intent.user_id)
    assert user is not None
    order = next(o for o in user.recent_orders if o.id == svc.order_id)
    rname = _restaurant_name(world, order)
    total = f"${dollars(order.total_cents or 0)}"
    profile = Action("get_user_profile", {"user_id": user.id})
    look = Action("get_order_status", {"order_id": order.id})
    label = user.address(svc.address_id).label if svc.address_id else ""  # type: ignore[union-attr]
    change = Action("change_order_address", {"order_id": order.id, "address_id": svc.address_id})
    changed = Action(None, text=f"Done: order {order.id} from {rname} will now be delivered "
                     f"to your {label} address. It is not cancelled.")  # fmt: skip
    summary = f"User asks to change or cancel order {order.id}, which is {order.status}."
    transfer = Action("transfer_to_human", {"summary": summary})
    if svc.kind == "status_then_cancel":
        return [
            profile, look,
            Action(None, text=f"Your order {order.id} from {rname} is placed: the restaurant "
                   "has not started preparing it yet."),
            Action(None, text=f"Shall I cancel order {order.id} from {rname} ({total})? The "
                   "payment will be refunded automatically."),
            Action("cancel_order", {"order_id": order.id}),
            Action(None, text=f"Order {order.id} is cancelled; {total} will be refunded "
                   "automatically."),
        ]  # fmt: skip
    if svc.kind == "changes_mind":
        ask = Action(None, text=f"Order {order.id} from {rname} ({total}) has not been "
                     "prepared yet, so it can still be cancelled. Shall I cancel it?")  # fmt: skip
        return [profile, look, ask, change, changed]
    if svc.kind == "ask_which":
        ask = Action(None, text="Sure. Which order is it, and which of your saved addresses "
                     "should it go to?")  # fmt: skip
        return [profile, ask, look, change, changed]
    if svc.kind == "cancel_preparing":
        return [
            profile, look,
            Action(None, text=f"I'm sorry, I can't cancel order {order.id}: {rname} is already "
                   "preparing it, and an order can only be cancelled before preparation starts."),
            transfer,
            Action(None, text="I understand. I can't cancel it myself, so I've transferred you "
                   "to a colleague who can look into it."),
        ]  # fmt: skip
    return [
        profile, look,
        Action(None, text=f"Your order {order.id} from {rname} is out for delivery, so I can't "
               "change its address any more. Would you like me to transfer you to a colleague "
               "who can help?"),
        transfer,
        Action(None, text="I've transferred you; a colleague will take it from here."),
    ]  # fmt: skip


def mistakes(intent: Intent, world: World, action: Action) -> list[Mistake]:
    """Realistic ways to get a step wrong; each fails the task (see the module's tests)."""
    svc = intent.service
    assert svc is not None
    ended = Mistake("ended_too_soon", (Action(None, text=ENDED_TOO_SOON),), ends=True)
    if action.tool is None:
        return []
    no = Action(None, text="I'm sorry, there is nothing I can do about that order.")
    refused = Mistake("refused_without_transfer", (no,), ends=True)
    summary = f"User asks about order {svc.order_id}."
    transfer = Action("transfer_to_human", {"summary": summary})
    handed = Mistake("needless_transfer", (transfer,), ends=True)
    if action.tool == "get_user_profile":
        again = Action(None, text="Could you tell me again what you need help with?")
        return [Mistake("asked_again", (again,) * 3, ends=True), ended, handed]
    if action.tool == "get_order_status":
        if svc.kind in ("cancel_preparing", "out_for_delivery"):
            return [refused, ended]
        return [handed, refused]
    if action.tool == "change_order_address":
        cancel = Action("cancel_order", {"order_id": svc.order_id})
        user = world.user(intent.user_id)
        assert user is not None
        order = next(o for o in user.recent_orders if o.id == svc.order_id)
        same = {**action.arguments, "address_id": order.address_id}
        return [
            Mistake("cancelled_anyway", (cancel,)),
            Mistake("wrong_change", (Action("change_order_address", same),)),
        ]
    if action.tool == "transfer_to_human":
        return [refused]
    return [ended]  # cancel_order: said it was done without doing it


def careless(intent: Intent) -> list[Action]:
    """A careless agent cancels the order at once, whatever its state or the request."""
    assert intent.service is not None
    return [
        Action("cancel_order", {"order_id": intent.service.order_id}),
        Action(None, text="Done! I've cancelled that order for you."),
    ]
