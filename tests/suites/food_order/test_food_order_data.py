"""The food-order world and task files: big enough, consistent, and reproducible."""

from __future__ import annotations

import re
from collections import Counter
from datetime import date

from relgap_suites.food_order import generate
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.world import ALLERGENS, DATA_DIR, DIETARY_TAGS

from relgap.suite.registry import get_suite


def test_world_has_the_required_size_and_variety(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    assert len(world.restaurants) >= 30 and len(world.items) >= 500 and len(world.users) >= 150
    assert len({r.cuisine for r in world.restaurants}) >= 8
    names = Counter(i.name for i in world.items)
    assert sum(n > 1 for n in names.values()) >= 50, "the same dish at several restaurants"
    assert "Chicken Tikka" in names and "Chicken Tikka Masala" in names, "near-duplicates"
    assert any(i.seasonal for i in world.items)
    assert any(not r.is_open(world.now) for r in world.restaurants), "closed restaurants"
    zones = {a.zone for u in world.users for a in u.addresses}
    assert any(set(r.zones) and set(r.zones) < zones for r in world.restaurants)
    states = {o.status for u in world.users for o in u.recent_orders}
    assert states == {"placed", "preparing", "out_for_delivery", "delivered", "cancelled"}
    assert sum(bool(u.recent_orders) for u in world.users) >= 130
    assert any(c.cuisine for c in world.coupons) and any(c.first_order_only for c in world.coupons)
    assert any(c.once_per_user for c in world.coupons)
    assert any(not i.in_stock for i in world.items)
    assert any(i.alcohol for i in world.items)
    assert any(len(i.sizes) > 1 for i in world.items)
    mods = [m for i in world.items for m in i.modifiers]
    assert any(m.price_cents == 0 for m in mods) and any(m.price_cents > 0 for m in mods)
    assert any(m.allergens for m in mods)
    today = date.fromisoformat(world.today)
    assert any(date.fromisoformat(c.expires_on) < today for c in world.coupons)
    assert any(c.restaurant_id for c in world.coupons) and any(
        c.min_subtotal_cents for c in world.coupons
    )
    assert {c.kind for c in world.coupons} == {"percent", "fixed"}
    gift_cards = [p for u in world.users for p in u.payment_methods if p.kind == "gift_card"]
    assert gift_cards and all(p.balance_cents for p in gift_cards)
    assert any(u.allergies for u in world.users) and any(not u.age_verified for u in world.users)


def test_world_records_are_consistent(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    assert len({i.id for i in world.items}) == len(world.items)
    for item in world.items:
        assert world.restaurant(item.restaurant_id) is not None
        assert item.sizes and all(p > 0 for p in item.sizes.values())
        assert set(item.dietary) <= set(DIETARY_TAGS), item.id
        assert set(item.allergens) <= set(ALLERGENS), item.id
        assert "vegan" not in item.dietary or "vegetarian" in item.dietary, item.id
        assert "gluten_free" not in item.dietary or "gluten" not in item.allergens, item.id
        assert all(m.name == m.name.lower() for m in item.modifiers)
    for user in world.users:
        assert len(user.addresses) >= 2
        assert user.address(user.default_address_id) is not None
        default_pay = user.payment(user.default_payment_method_id)
        assert default_pay is not None and default_pay.kind == "card"
        assert set(user.allergies) <= set(ALLERGENS)


def test_task_counts_per_tier(fo_suite: FoodOrderSuite) -> None:
    tiers = Counter(t.tier for t in fo_suite.tasks())
    assert set(tiers) == {1, 2, 3, 4, 5}
    assert all(n >= 16 for n in tiers.values()), tiers
    assert sum(tiers.values()) >= 160


def test_task_ids_and_first_messages_are_unique(fo_suite: FoodOrderSuite) -> None:
    tasks = fo_suite.tasks()
    assert len({t.id for t in tasks}) == len(tasks)
    assert all(re.fullmatch(rf"fo-t{t.tier}-\d{{3}}", t.id) for t in tasks)
    messages = [fo_suite.first_user_message(t).strip() for t in tasks]
    assert len(set(messages)) == len(messages)


def test_every_task_has_an_intent_and_a_consistent_expectation(fo_suite: FoodOrderSuite) -> None:
    keys = {
        "restaurant_id",
        "items",
        "address_id",
        "payment_method_id",
        "coupon",
        "tip_cents",
        "total_cents",
    }
    declined = 0
    for task in fo_suite.tasks():
        intent = fo_suite.intent(task)
        assert intent.user_id == task.user_id
        assert task.user_scenario is not None
        assert task.user_scenario.requests[0] == task.instruction
        if intent.service is not None:
            assert task.expected is not None and set(task.expected) <= {"cancelled", "changed"}
            continue
        assert (task.expected is None) == (intent.decline is not None)
        assert task.user_scenario.requests == [task.instruction]
        if task.expected is None:
            declined += 1
            continue
        assert set(task.expected) == keys
        user = fo_suite.world.user(task.user_id or "")
        assert user is not None
        assert user.address(task.expected["address_id"]) is not None
        assert user.payment(task.expected["payment_method_id"]) is not None
        assert task.expected["items"] and task.expected["total_cents"] > 0
    assert declined >= 6


def test_trap_tier_mixes_questions_and_declines(fo_suite: FoodOrderSuite) -> None:
    tier4 = [t for t in fo_suite.tasks() if t.tier == 4]
    asked = [t for t in tier4 if fo_suite.intent(t).questions]
    assert len(asked) >= 12
    assert sum(t.expected is None for t in tier4) >= 6
    assert any(t.expected is None for t in asked), "a declined task that needs a question first"


def test_generator_reproduces_the_committed_files(tmp_path) -> None:
    counts = generate.write(tmp_path)
    assert sum(counts.values()) == sum(1 for _ in (DATA_DIR / "tasks.jsonl").open())
    for name in ("db.json", "tasks.jsonl", "intents.jsonl"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name


def test_suite_is_registered_and_prompts_with_the_policy(fo_suite: FoodOrderSuite) -> None:
    suite = get_suite("food_order")
    assert isinstance(suite, FoodOrderSuite) and suite.name == "food_order"
    task = fo_suite.tasks()[0]
    prompt = fo_suite.system_prompt(task)
    assert prompt.startswith("# Food ordering assistant")
    assert f"Signed-in user id: {task.user_id}" in prompt
    assert fo_suite.world.today in prompt
    rules = re.findall(r"^\s*(\d+)\. \*\*", fo_suite.policy, flags=re.M)
    assert 6 <= len(rules) <= 10


def test_suite_construction_is_lazy() -> None:
    fresh = FoodOrderSuite()
    assert "world" not in vars(fresh) and "_tasks" not in vars(fresh)


def test_every_task_that_writes_nothing_requires_a_reason_or_a_transfer(
    fo_suite: FoodOrderSuite,
) -> None:
    for task in fo_suite.tasks():
        outputs = {o.name for o in task.required_outputs}
        actions = {(a.name, a.kind, a.tool) for a in task.required_actions}
        if fo_suite.intent(task).service is not None:
            assert task.expected is not None and "restaurant_id" not in task.expected
            assert actions or outputs, task.id
        elif task.expected is None:
            transfer = ("transferred", "called", "transfer_to_human") in actions
            assert transfer or "told_reason" in outputs, task.id
            assert ("checked_profile", "called", "get_user_profile") in actions, task.id
        else:
            assert outputs == {"told_total"}, task.id


def test_most_order_tasks_name_a_past_order_not_the_restaurant(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    orders = [t for t in fo_suite.tasks() if t.expected and "restaurant_id" in t.expected]
    by_history = [t for t in orders if "named_by_history" in t.tags]
    assert len(by_history) >= 0.9 * len(orders)
    for task in by_history:
        assert task.expected is not None
        restaurant = world.restaurant(task.expected["restaurant_id"])
        user = world.user(task.user_id or "")
        assert restaurant is not None and user is not None
        assert restaurant.name not in task.instruction
        day = re.search(r"on (\w+) (\d+)", task.instruction)
        assert day, task.instruction
        month = date(2025, 1, 1).replace(
            month=1 + [date(2025, m, 1).strftime("%B") for m in range(1, 13)].index(day[1])
        )
        when = month.replace(day=int(day[2])).isoformat()
        same_day = [o for o in user.recent_orders if o.placed_at.startswith(when)]
        assert [o.restaurant_id for o in same_day] == [restaurant.id], task.id


def test_tier_5_conversations_have_several_goals_or_a_twist(fo_suite: FoodOrderSuite) -> None:
    tier5 = [t for t in fo_suite.tasks() if t.tier == 5]
    assert len(tier5) >= 40
    kinds = Counter(fo_suite.intent(t).service.kind for t in tier5)  # type: ignore[union-attr]
    assert set(kinds) == {"status_then_cancel", "changes_mind", "ask_which", "cancel_preparing"}
    for task in tier5:
        scenario = task.user_scenario
        assert scenario is not None
        twist = (
            len(scenario.requests) > 1,  # two requests in one conversation
            scenario.behaviour.changes_mind is not None,  # changes their mind mid-way
            scenario.behaviour.insists_once is not None,  # pushes back once on a refusal
            bool(scenario.facts),  # tells the order and the address only when asked
        )
        assert sum(twist) == 1, task.id
