"""The world and the tasks: size, reproducibility, and expectations that follow the policy."""

from __future__ import annotations

from collections import Counter

from relgap_suites.support_returns.gen.__main__ import write
from relgap_suites.support_returns.suite import SupportReturnsSuite
from relgap_suites.support_returns.world import DATA_DIR

from relgap.suite.registry import get_suite


def test_world_is_big_enough_and_varied(sr_suite: SupportReturnsSuite) -> None:
    world = sr_suite.world
    assert len(world.customers) >= 200 and len(world.orders) >= 600
    assert {o.status for o in world.orders} == {"processing", "shipped", "delivered", "cancelled"}
    assert {p.category for p in world.products} == {
        "apparel", "shoes", "electronics", "home", "grocery"}  # fmt: skip
    assert len({c.email for c in world.customers}) == len(world.customers)
    assert all(len(c.payment_methods) >= 2 for c in world.customers)


def test_regeneration_is_byte_identical(tmp_path, sr_suite: SupportReturnsSuite) -> None:
    write(tmp_path)
    for name in ("db.json", "tasks.jsonl", "solutions.jsonl"):
        assert (tmp_path / name).read_bytes() == (DATA_DIR / name).read_bytes(), name
    assert sr_suite.check_regeneration() == []
    assert sr_suite.check_ids() == []


def test_tasks_per_tier_and_unique_openings(sr_suite: SupportReturnsSuite) -> None:
    tasks = sr_suite.tasks()
    assert len(tasks) >= 80
    tiers = Counter(t.tier for t in tasks)
    assert sorted(tiers) == [1, 2, 3, 4] and min(tiers.values()) >= 20
    assert len({t.instruction for t in tasks}) == len(tasks)
    assert all(t.user_scenario is not None for t in tasks)
    assert set(sr_suite.solutions) == {t.id for t in tasks}


def test_expected_states_follow_the_policy(sr_suite: SupportReturnsSuite) -> None:
    """Independently of the scripts: every expected refund goes to the order's original
    payment method and equals the price of what was returned or cancelled, and nothing the
    policy refuses is returned or exchanged."""
    world = sr_suite.world
    for task in sr_suite.tasks():
        if task.expected is None:
            assert task.required_actions, task.id  # a do-nothing task checks what was done
            continue
        for order_id, state in task.expected["orders"].items():
            order = world.order(order_id)
            assert order is not None and order.customer_id == task.user_id
            lines = {x.id: x for x in order.lines}
            assert all(r["method_id"] == order.payment_method_id for r in state["refunds"])
            refunded = sum(r["amount_cents"] for r in state["refunds"])
            if state["status"] == "cancelled":
                assert order.status == "processing" and refunded == order.total_cents
            else:
                touched = [*state["returned"], *state["exchanged"]]
                assert touched and all(world.refusal(order, lines[i]) is None for i in touched)
                assert refunded == sum(lines[i].price_cents for i in state["returned"])


def test_every_refusal_task_must_give_a_reason_or_transfer(sr_suite: SupportReturnsSuite) -> None:
    for task in sr_suite.tasks():
        if task.expected is None:
            names = {o.name for o in task.required_outputs} | {
                a.name for a in task.required_actions}  # fmt: skip
            assert names & {"told_reason", "transferred"}, task.id
            assert "changed_nothing" in names, task.id


def test_registered_and_prompted_with_the_policy(sr_suite: SupportReturnsSuite) -> None:
    assert isinstance(get_suite("support_returns"), SupportReturnsSuite)
    task = sr_suite.tasks()[0]
    prompt = sr_suite.system_prompt(task)
    assert "original payment method" in prompt and "2026-03-14" in prompt
