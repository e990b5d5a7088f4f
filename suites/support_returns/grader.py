"""Judge a trial by the database it left behind.

The expected state (``task.expected["orders"]``) lists every order the task should change,
as the trial's environment records changes; a task with ``expected None`` should change
nothing. Each difference has a stable check name; ``score`` is the share of checks passed.
"""

from __future__ import annotations

from typing import Any

from relgap.errors import SuiteError
from relgap.suite import Environment, Grade, Task

from .tools import ReturnsEnv

CHECKS = (
    "changed_when_nothing_was_due",  # a write on a task whose right outcome changes nothing
    "missing_change",  # an order that should have changed did not
    "unexpected_change",  # an order changed that should not have
    "wrong_status",  # e.g. cancelled instead of returned
    "wrong_items_returned",
    "wrong_exchange",
    "wrong_refund_amount",
    "wrong_refund_method",  # refunds go to the original payment method only
    "unconfirmed_write",  # a write without the user's go-ahead just before it
)


def _refunds(state: dict[str, Any], key: str) -> list[Any]:
    return sorted(r[key] for r in state["refunds"])


def order_differences(want: dict[str, Any], got: dict[str, Any]) -> set[str]:
    """The checks one changed order fails: status, items returned, exchange, refunds."""
    failed = set()
    if want["status"] != got["status"]:
        failed.add("wrong_status")
    if sorted(want["returned"]) != sorted(got["returned"]):
        failed.add("wrong_items_returned")
    if want["exchanged"] != got["exchanged"]:
        failed.add("wrong_exchange")
    if _refunds(want, "amount_cents") != _refunds(got, "amount_cents"):
        failed.add("wrong_refund_amount")
    if _refunds(want, "method_id") != _refunds(got, "method_id"):
        failed.add("wrong_refund_method")
    return failed


def failed_checks(expected: dict[str, Any] | None, env: ReturnsEnv) -> set[str]:
    """The names of the checks (``CHECKS``) the trial's changes fail against ``expected``."""
    got = env.changes
    failed: set[str] = set()
    if env.unconfirmed_writes:
        failed.add("unconfirmed_write")
    if expected is None:
        if got:
            failed.add("changed_when_nothing_was_due")
        return failed
    want: dict[str, Any] = expected["orders"]
    if set(want) - set(got):
        failed.add("missing_change")
    if set(got) - set(want):
        failed.add("unexpected_change")
    for order_id in set(want) & set(got):
        failed |= order_differences(want[order_id], got[order_id])
    return failed


def grade(task: Task, env: Environment) -> Grade:
    """Pass when no check fails; the score is the share of ``CHECKS`` passed."""
    if not isinstance(env, ReturnsEnv):
        raise SuiteError(f"support_returns cannot grade a {type(env).__name__}")
    failed = failed_checks(task.expected, env)
    ordered = tuple(c for c in CHECKS if c in failed)
    return Grade(
        passed=not failed,
        score=1.0 - len(failed) / len(CHECKS),
        failed_checks=ordered,
        details={"changes": env.changes},
    )
