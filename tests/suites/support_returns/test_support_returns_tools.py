"""The support console's tools and the grader's named checks."""

from __future__ import annotations

import json

import pytest
from relgap_suites.support_returns.grader import CHECKS
from relgap_suites.support_returns.suite import SupportReturnsSuite
from relgap_suites.support_returns.tools import ReturnsEnv

from relgap.messages import ToolCall
from relgap.suite.base import Task


def _call(env: ReturnsEnv, tool: str, **args: object) -> str:
    out = env.call(ToolCall("c", tool, dict(args)))
    return out.content


@pytest.fixture
def task_and_env(sr_suite: SupportReturnsSuite) -> tuple[Task, ReturnsEnv]:
    task = next(t for t in sr_suite.tasks() if t.tags == ["return"])
    env = sr_suite.environment(task)
    assert isinstance(env, ReturnsEnv)
    return task, env


def _verify(sr_suite: SupportReturnsSuite, task: Task, env: ReturnsEnv) -> None:
    who = sr_suite.world.customer(task.user_id or "")
    assert '"verified": true' in _call(env, "verify_customer", email=who.email,
                                       zip_code=who.zip_code)  # fmt: skip


def test_tools_and_their_write_marks(task_and_env) -> None:
    _, env = task_and_env
    names = {s.name for s in env.tool_specs()}
    assert names == {"verify_customer", "list_orders", "get_order", "get_product",
                     "cancel_order", "return_items", "exchange_item", "transfer_to_human"}  # fmt: skip
    assert {n for n in names if env.is_write(n)} == {
        "cancel_order",
        "return_items",
        "exchange_item",
    }
    assert all(s.description for s in env.tool_specs())


def test_nothing_is_shown_or_changed_before_verification(sr_suite, task_and_env) -> None:
    task, env = task_and_env
    order_id = next(iter(task.expected["orders"]))
    assert _call(env, "get_order", order_id=order_id).startswith("Error: verify")
    assert _call(env, "list_orders").startswith("Error: verify")
    assert _call(env, "verify_customer", email="nobody@example.com", zip_code="1").startswith(
        "Error: no customer"
    )
    _verify(sr_suite, task, env)
    other = next(o for o in sr_suite.world.orders if o.customer_id != task.user_id)
    assert _call(env, "get_order", order_id=other.id).startswith("Error: no order")
    assert env.changes == {}


def test_a_write_without_a_confirmation_question_just_before_is_flagged(
    sr_suite, task_and_env, replay
) -> None:
    task, env = task_and_env
    script = sr_suite.reference_script(task)
    no_confirm = [a for a in script if not (a.tool is None and "Shall I" in a.text)]
    env, _ = replay(task, no_confirm)
    grade = sr_suite.grade(task, env)
    assert grade.failed_checks == ("unconfirmed_write",) and not grade.passed
    # a question that is not a confirmation does not count either
    asked = [a if "Shall I" not in a.text else type(a)(None, text="What else?") for a in script]
    env, _ = replay(task, asked)
    assert "unconfirmed_write" in sr_suite.grade(task, env).failed_checks


def test_cancel_only_processing_and_return_only_delivered(sr_suite, task_and_env) -> None:
    task, env = task_and_env
    _verify(sr_suite, task, env)
    orders = sr_suite.world.orders_of(task.user_id or "")
    delivered = next(o for o in orders if o.status == "delivered")
    assert "only processing orders cancel" in _call(env, "cancel_order", order_id=delivered.id)
    line = delivered.lines[0].id
    method = delivered.payment_method_id
    out = _call(
        env, "return_items", order_id=delivered.id, line_ids=[line], refund_method_id=method
    )
    assert out.startswith("Return created")
    again = _call(env, "return_items", order_id=delivered.id, line_ids=[line],
                  refund_method_id=method)  # fmt: skip
    assert "already returned" in again
    shown = json.loads(_call(env, "get_order", order_id=delivered.id))
    assert shown["lines"][0]["returned"] is True and len(shown["refunds"]) == 1


def test_each_difference_is_named(sr_suite, replay) -> None:
    task = next(t for t in sr_suite.tasks() if t.tags == ["return_two"])
    script = sr_suite.reference_script(task)
    i = next(i for i, a in enumerate(script) if a.tool == "return_items")
    args = script[i].arguments
    order = sr_suite.world.order(args["order_id"])
    other = next(m.id for m in sr_suite.world.customer(order.customer_id).payment_methods
                 if m.id != args["refund_method_id"])  # fmt: skip
    cases = {
        ("wrong_refund_method",): {**args, "refund_method_id": other},
        ("wrong_items_returned", "wrong_refund_amount"): {**args, "line_ids": args["line_ids"][:1]},
    }
    for checks, wrong in cases.items():
        env, _ = replay(task, [*script[:i], type(script[i])("return_items", wrong)])
        assert sr_suite.grade(task, env).failed_checks == checks
    env, _ = replay(task, script[:i])
    assert sr_suite.grade(task, env).failed_checks == ("missing_change",)
    assert set(CHECKS) >= {"missing_change", "wrong_refund_method", "unconfirmed_write"}


def test_transfer_ends_the_conversation(task_and_env) -> None:
    _, env = task_and_env
    assert _call(env, "transfer_to_human", summary="damaged").startswith("Transferred")
    assert env.ended == "transferred"
