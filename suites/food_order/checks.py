"""The food-order suite's answers to `relgap suite check`: regeneration, ids, the careless agent."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from pathlib import Path

from relgap.suite.base import Action, Task

from . import tasks_service
from .intents import Intent
from .world import User, World, search_tokens

DATA_FILES = ("db.json", "tasks.jsonl", "intents.jsonl")


def regeneration_problems(data_dir: Path) -> list[str]:
    """Regenerate the data into a temporary folder and name every file that differs."""
    from . import generate  # the generator is only needed here, not at run time

    with tempfile.TemporaryDirectory(prefix="relgap-fo-regen-") as tmp:
        generate.write(Path(tmp))
        return [
            f"{name} differs from a fresh `python -m relgap_suites.food_order.generate`"
            for name in DATA_FILES
            if (Path(tmp) / name).read_bytes() != (data_dir / name).read_bytes()
        ]


def _order_ids(expected: dict[str, object] | None) -> Iterable[tuple[str, str]]:
    if expected is None or "restaurant_id" not in expected:
        return
    yield "restaurant", str(expected["restaurant_id"])
    for line in expected["items"]:  # type: ignore[attr-defined]
        yield "item", str(line["item_id"])
    yield "address", str(expected["address_id"])
    yield "payment", str(expected["payment_method_id"])
    if expected.get("coupon"):
        yield "coupon", str(expected["coupon"])


def _intent_ids(intent: Intent) -> Iterable[tuple[str, str]]:
    yield "restaurant", intent.restaurant_id
    for spec in intent.lines:
        if spec.item_id:
            yield "item", spec.item_id
    for item_id in intent.lookups:
        yield "item", item_id
    if intent.address_id:
        yield "address", intent.address_id
    for pid in intent.payment:
        yield "payment", pid
    if intent.service is not None:
        yield "order", intent.service.order_id
        if intent.service.address_id:
            yield "address", intent.service.address_id
    if intent.decline is not None:
        yield "address", intent.decline.address_id
        yield "payment", intent.decline.payment_method_id
        for line in intent.decline.lines:
            yield "item", line.item_id


def _exists(world: World, user: User, kind: str, ref: str) -> bool:
    if kind == "restaurant":
        return world.restaurant(ref) is not None
    if kind == "item":
        return world.item(ref) is not None
    if kind == "address":
        return user.address(ref) is not None
    if kind == "payment":
        return user.payment(ref) is not None
    if kind == "order":
        return any(o.id == ref for o in user.recent_orders)
    return world.coupon(ref) is not None


def missing_ids(world: World, tasks: Sequence[Task], intents: dict[str, Intent]) -> list[str]:
    """``task: kind id`` for every id a task (or its intent) names that the world lacks."""
    problems: list[str] = []
    for task in tasks:
        user = world.user(task.user_id or "")
        if user is None:
            problems.append(f"{task.id}: user {task.user_id}")
            continue
        refs = [*_order_ids(task.expected)]
        if task.id in intents:
            refs += _intent_ids(intents[task.id])
        else:
            problems.append(f"{task.id}: intent (none stored)")
        problems += [
            f"{task.id}: {kind} {i}" for kind, i in refs if not _exists(world, user, kind, i)
        ]
    return problems


def first_hit(world: World, name: str, restaurant_id: str | None = None) -> str | None:
    """The first item a search for ``name`` returns (menu order), at one restaurant if given."""
    words = search_tokens(name)
    for item in world.items:
        if restaurant_id and item.restaurant_id != restaurant_id:
            continue
        if all(w in world.item_tokens[item.id] for w in words):
            return item.id
    return None


def named_restaurant(world: World, text: str) -> str | None:
    """The restaurant whose name the user wrote, if any (what a careless agent does notice)."""
    lowered = text.lower()
    return next((r.id for r in world.restaurants if r.name.lower() in lowered), None)


def careless_script(task: Task, intent: Intent, world: World) -> list[Action]:
    """The first plausible order, placed without reading the profile or the policy.

    Each wanted item becomes the first search hit for its name, at the restaurant the user
    named or else anywhere (a look-alike at another restaurant, an item carrying the user's
    allergen); the order goes to the user's
    default address and payment method, with the first coupon the user named; a request the
    policy forbids is carried out anyway (the intent's careless order).
    """
    user = world.user(intent.user_id)
    assert user is not None
    if intent.service is not None:
        return tasks_service.careless(intent)
    done = Action(None, text="Done! Your order is placed.")
    if intent.decline is not None:
        d = intent.decline
        lines = [_add(line.item_id, line.size, line.modifiers, line.quantity) for line in d.lines]
        return [
            *lines,
            Action("set_delivery_address", {"address_id": d.address_id}),
            Action("place_order", {"payment_method_id": d.payment_method_id, "tip": 0}),
            done,
        ]
    expected = task.expected
    assert expected is not None
    actions = []
    where = named_restaurant(world, task.instruction)
    for line in expected["items"]:
        wanted = world.item(line["item_id"])
        assert wanted is not None
        item_id = first_hit(world, wanted.name, where) or wanted.id
        actions.append(_add(item_id, line["size"], line["modifiers"], line["quantity"]))
    if intent.coupons:
        actions.append(Action("apply_coupon", {"code": intent.coupons[0]}))
    actions.append(Action("set_delivery_address", {"address_id": user.default_address_id}))
    tip = int(expected["tip_cents"]) / 100
    pay = {"payment_method_id": user.default_payment_method_id, "tip": tip}
    return [*actions, Action("place_order", pay), done]


def _add(item_id: str, size: str, modifiers: Sequence[str], quantity: int) -> Action:
    args = {"item_id": item_id, "size": size, "modifiers": list(modifiers), "quantity": quantity}
    return Action("add_to_cart", args)
