"""food_order's hooks for `relgap suite check`: regeneration, ids, the careless agent."""

from __future__ import annotations

from relgap_suites.food_order import checks
from relgap_suites.food_order.suite import FoodOrderSuite

from relgap.suite.base import Task


def test_the_committed_data_regenerates_and_every_id_exists(fo_suite: FoodOrderSuite) -> None:
    assert fo_suite.check_regeneration() == []
    assert fo_suite.check_ids() == []


def test_a_missing_id_is_named_with_its_task(fo_suite: FoodOrderSuite) -> None:
    task = next(t for t in fo_suite.tasks() if t.expected is not None)
    assert task.expected is not None
    broken = {**task.expected, "address_id": "addr_nowhere", "coupon": "NOPE99"}
    bad = Task.model_validate({**task.model_dump(), "expected": broken})
    found = checks.missing_ids(fo_suite.world, [bad], fo_suite.intents)
    assert f"{task.id}: address addr_nowhere" in found and f"{task.id}: coupon NOPE99" in found


def test_the_careless_script_acts_at_once_on_defaults(fo_suite: FoodOrderSuite) -> None:
    for task in fo_suite.tasks():
        script = fo_suite.careless_script(task)
        tools = [a.tool for a in script]
        assert "get_user_profile" not in tools and "search_menu" not in tools
        if fo_suite.intent(task).service is not None:
            assert tools == ["cancel_order", None]  # whatever the order's state or the request
            continue
        assert tools[-2:] == ["place_order", None]
        user = fo_suite.world.user(task.user_id or "")
        assert user is not None
        if task.expected is not None:
            assert script[-2].arguments["payment_method_id"] == user.default_payment_method_id


async def test_food_order_passes_relgap_suite_check(fo_suite: FoodOrderSuite) -> None:
    from relgap.run.suite_check import check_suite

    check = await check_suite(fo_suite)
    assert check.ok, [r for r in check.results if r.status != "pass"]
    rates = {b.name: b.rate for b in check.baselines}
    assert rates["no-tools"] <= 0.02 and rates["text-only"] <= 0.02 and rates["careless"] <= 0.35
