"""Users who say "the place I ordered from on March 9" instead of the restaurant's name.

A real user rarely types the restaurant's exact name, and with look-alike restaurants in the
world (``menu_gen``) a dish's name alone no longer says where to order. After the tasks are
built, each order task that names its restaurant gets a past, delivered order at that
restaurant in its user's history (on a day with no other order of theirs), and the name in the
instruction becomes a reference to that order. The agent must read the profile's order history
to know where to order; the reference script already reads it first.
"""

from __future__ import annotations

from datetime import date, timedelta

from relgap.suite.base import Task

from .world import PastOrder, User, World

_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August",
           "September", "October", "November", "December")  # fmt: skip
_PHRASES = (
    "the place I ordered from on {day}",
    "the same restaurant as my order on {day}",
    "wherever I ordered from on {day}",
)


def _free_day(user: User, today: date, start: int) -> date:
    taken = {o.placed_at[:10] for o in user.recent_orders}
    offset = start
    while (today - timedelta(days=offset)).isoformat() in taken:
        offset += 1
    return today - timedelta(days=offset)


def _past_order(world: World, user: User, task: Task, day: date, n: int) -> PastOrder:
    expected = task.expected
    assert expected is not None
    first = world.item(expected["items"][0]["item_id"])
    restaurant = world.restaurant(expected["restaurant_id"])
    assert first is not None and restaurant is not None
    return PastOrder(
        id=f"ord_h{n:04d}",
        restaurant_id=restaurant.id,
        placed_at=f"{day.isoformat()} 19:{(n * 7) % 60:02d}",
        summary=first.name,
        status="delivered",
        total_cents=min(first.sizes.values()) + restaurant.delivery_fee_cents,
        address_id=user.default_address_id,
        payment_method_id=user.default_payment_method_id,
    )


def _reworded(task: Task, name: str, phrase: str) -> Task:
    text = task.instruction.replace(name, phrase)
    update: dict[str, object] = {"instruction": text, "tags": [*task.tags, "named_by_history"]}
    scenario = task.user_scenario
    if scenario is not None:
        requests = [text, *scenario.requests[1:]]
        update["user_scenario"] = scenario.model_copy(update={"requests": requests})
    return task.model_copy(update=update)


def apply(world: World, tasks: list[Task]) -> tuple[World, list[Task]]:
    """The world with the added past orders, and the reworded tasks (others unchanged)."""
    today = date.fromisoformat(world.today)
    users = {u.id: u for u in world.users}
    out: list[Task] = []
    for n, task in enumerate(tasks):
        rid = (task.expected or {}).get("restaurant_id")
        restaurant = world.restaurant(rid) if rid else None
        user = users.get(task.user_id or "")
        if restaurant is None or user is None or restaurant.name not in task.instruction:
            out.append(task)
            continue
        day = _free_day(user, today, 2 + n % 19)
        past = _past_order(world, user, task, day, n)
        orders = tuple(sorted((*user.recent_orders, past), key=lambda o: o.placed_at, reverse=True))
        users[user.id] = user.model_copy(update={"recent_orders": orders})
        phrase = _PHRASES[n % len(_PHRASES)].format(day=f"{_MONTHS[day.month - 1]} {day.day}")
        out.append(_reworded(task, restaurant.name, phrase))
    fields = {name: getattr(world, name) for name in World.model_fields}
    new_world = World(**{**fields, "users": tuple(users[u.id] for u in world.users)})
    return new_world, out
