"""Tools on past orders (history, status, cancel, change, reorder) and where restaurants deliver."""

from __future__ import annotations

import json
import re

from relgap_suites.food_order import grader
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.tools import FoodOrderEnv
from relgap_suites.food_order.world import User

from relgap.messages import ToolCall
from relgap.suite.base import Task


def user_with(suite: FoodOrderSuite, status: str) -> User:
    return next(u for u in suite.world.users if any(o.status == status for o in u.recent_orders))


def env_for(suite: FoodOrderSuite, user: User) -> FoodOrderEnv:
    return FoodOrderEnv(suite.world, Task(id="t", tier=1, instruction="x", user_id=user.id))


def call(env: FoodOrderEnv, tool: str, **args: object) -> tuple[bool, str]:
    out = env.call(ToolCall("c", tool, args))
    return out.is_error, out.content


def test_only_a_placed_order_can_be_cancelled_and_the_grader_notices(
    fo_suite: FoodOrderSuite,
) -> None:
    user = user_with(fo_suite, "placed")
    env = env_for(fo_suite, user)
    placed = next(o for o in user.recent_orders if o.status == "placed")
    history = json.loads(call(env, "get_order_history", status="placed")[1])
    assert placed.id in [o["order_id"] for o in history]
    assert call(env, "cancel_order", order_id=placed.id) == (
        False, f"Order {placed.id} is cancelled; the payment will be refunded automatically."
    )  # fmt: skip
    assert json.loads(call(env, "get_order_status", order_id=placed.id)[1])["status"] == "cancelled"
    err, text = call(env, "cancel_order", order_id=placed.id)
    assert err and "only while it is 'placed'" in text
    task = Task(id="t", tier=1, instruction="x", user_id=user.id, expected=None)
    assert "wrong_cancellation" in grader.grade(task, env).failed_checks
    wanted = task.model_copy(update={"expected": {"cancelled": [placed.id]}})
    assert "wrong_cancellation" not in grader.grade(wanted, env).failed_checks

    busy = user_with(fo_suite, "preparing")
    order = next(o for o in busy.recent_orders if o.status == "preparing")
    err, text = call(env_for(fo_suite, busy), "cancel_order", order_id=order.id)
    assert err and "is 'preparing'" in text
    err, text = call(env, "cancel_order", order_id="ord_someone_else")
    assert err and "not one of the signed-in user's orders" in text


def test_closed_restaurants_and_zones_stop_an_order(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    closed = next(r for r in world.restaurants if not r.is_open(world.now))
    item = next(i for i in world.menu(closed.id) if i.in_stock and not i.alcohol)
    user = next(u for u in world.users if any(closed.delivers_to(a.zone) for a in u.addresses))
    address = next(a for a in user.addresses if closed.delivers_to(a.zone))
    env = env_for(fo_suite, user)
    check = json.loads(
        call(env, "check_delivery", restaurant_id=closed.id, address_id=address.id)[1]
    )
    assert check["open_now"] is False and check["delivers_there"] is True
    call(env, "add_to_cart", item_id=item.id, size=next(iter(item.sizes)))
    call(env, "set_delivery_address", address_id=address.id)
    err, text = call(env, "place_order", payment_method_id=user.default_payment_method_id, tip=0)
    assert err and "is closed now" in text

    zoned = next(r for r in world.restaurants if r.zones and r.is_open(world.now))
    user = next(u for u in world.users if any(not zoned.delivers_to(a.zone) for a in u.addresses))
    away = next(a for a in user.addresses if not zoned.delivers_to(a.zone))
    env = env_for(fo_suite, user)
    item = next(i for i in world.menu(zoned.id) if i.in_stock and not i.alcohol)
    call(env, "add_to_cart", item_id=item.id, size=next(iter(item.sizes)))
    call(env, "set_delivery_address", address_id=away.id)
    err, text = call(env, "place_order", payment_method_id=user.default_payment_method_id, tip=0)
    assert err and f"does not deliver to the {away.zone} zone" in text


def test_reorder_fills_the_cart_from_a_past_order(fo_suite: FoodOrderSuite) -> None:
    user = user_with(fo_suite, "delivered")
    env = env_for(fo_suite, user)
    past = next(o for o in user.recent_orders if o.status == "delivered")
    err, text = call(env, "reorder", order_id=past.id)
    if not err:
        assert env.cart.restaurant_id() == past.restaurant_id and env.cart.entries
        err, text = call(env, "reorder", order_id=past.id)
        assert err and "cart is not empty" in text
    else:
        assert "can be ordered today" in text


def test_tool_examples_are_not_ids_of_the_world(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    ids = {r.id for r in world.restaurants} | {i.id for i in world.items}
    ids |= {c.code for c in world.coupons} | {o.id for u in world.users for o in u.recent_orders}
    env = env_for(fo_suite, world.users[0])
    specs = env.tool_specs()
    assert len(specs) >= 16
    text = json.dumps([[s.description, s.parameters] for s in specs])
    examples = set(re.findall(r'e\.g\. \\"([^\\"]+)\\"', text))
    assert examples and not examples & ids, examples & ids
