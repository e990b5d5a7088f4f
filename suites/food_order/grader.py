"""Judge a trial by the order it left behind.

A trial passes iff the placed order equals the expected one in every checked field, or, when
the task expects no order (a request to decline or hand over), iff no order was placed.
Each check has a stable name; ``score`` is the share of the 12 order checks that passed.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from relgap.errors import SuiteError
from relgap.suite.base import Environment, Grade, Task

from .tools import FoodOrderEnv
from .world import Line, World, canonical

ORDER_CHECKS = (
    "no_order_placed",
    "wrong_restaurant",
    "wrong_items",
    "wrong_size",
    "wrong_modifiers",
    "wrong_quantity",
    "allergen_violation",
    "wrong_address",
    "wrong_payment",
    "wrong_coupon",
    "wrong_tip",
    "wrong_total",
)
DECLINE_CHECKS = ("order_not_expected",)


def _by_item(lines: list[Line]) -> dict[str, Counter[tuple[str, tuple[str, ...], int]]]:
    grouped: dict[str, Counter[tuple[str, tuple[str, ...], int]]] = {}
    for line in canonical(lines):
        grouped.setdefault(line.item_id, Counter())[(line.size, line.modifiers, line.quantity)] += 1
    return grouped


def _pair_off(
    want: Counter[tuple[str, tuple[str, ...], int]],
    got: Counter[tuple[str, tuple[str, ...], int]],
    key: Any,
) -> list[tuple[tuple[str, tuple[str, ...], int], tuple[str, tuple[str, ...], int]]]:
    """Pair lines of one item that agree on ``key``, removing them from both counters."""
    pairs = []
    for w in sorted(want.elements()):
        match = next((g for g in sorted(got.elements()) if key(g) == key(w)), None)
        if match is not None:
            want[w] -= 1
            got[match] -= 1
            pairs.append((w, match))
    want += Counter()  # drop zero counts
    got += Counter()
    return pairs


def line_differences(expected: list[Line], actual: list[Line]) -> set[str]:
    """Which of wrong_items / wrong_size / wrong_modifiers / wrong_quantity apply.

    Lines of the same item are paired most-alike first (all fields, then size+modifiers,
    then size, then modifiers, then anything); each difference in a pair names a check, and
    an item (or an extra line of an item) with no partner is ``wrong_items``.
    """
    failed: set[str] = set()
    want_all, got_all = _by_item(expected), _by_item(actual)
    if set(want_all) != set(got_all):
        failed.add("wrong_items")
    for item_id in set(want_all) & set(got_all):
        want, got = Counter(want_all[item_id]), Counter(got_all[item_id])
        for key in (
            lambda c: c,
            lambda c: c[:2],
            lambda c: c[0],
            lambda c: c[1],
            lambda c: None,
        ):
            for w, g in _pair_off(want, got, key):
                if w[0] != g[0]:
                    failed.add("wrong_size")
                if w[1] != g[1]:
                    failed.add("wrong_modifiers")
                if w[2] != g[2]:
                    failed.add("wrong_quantity")
        if sum(want.values()) or sum(got.values()):
            failed.add("wrong_items")
    return failed


def allergen_violation(world: World, allergies: tuple[str, ...], lines: list[Line]) -> bool:
    """Whether any of ``lines`` (with its modifiers) contains one of ``allergies``."""
    for line in lines:
        item = world.item(line.item_id)
        if item and item.all_allergens(line.modifiers) & set(allergies):
            return True
    return False


def _lines(records: list[dict[str, Any]]) -> list[Line]:
    return [Line.model_validate(r) for r in records]


def grade_order(
    expected: dict[str, Any] | None,
    order: dict[str, Any] | None,
    world: World,
    allergies: tuple[str, ...],
) -> Grade:
    """Grade the order placed (or None) against the expected one (None: no order is right)."""
    if expected is None:
        if order is None:
            return Grade(True, 1.0, (), {"order": None})
        declined = ["order_not_expected"]
        if allergen_violation(world, allergies, _lines(order["items"])):
            declined.append("allergen_violation")
        return Grade(False, 0.0, tuple(declined), {"order": order})
    if order is None:
        return Grade(False, 0.0, ("no_order_placed",), {"expected": expected, "order": None})
    actual = _lines(order["items"])
    failed = line_differences(_lines(expected["items"]), actual)
    if allergen_violation(world, allergies, actual):
        failed.add("allergen_violation")
    for check, field in (
        ("wrong_restaurant", "restaurant_id"),
        ("wrong_address", "address_id"),
        ("wrong_payment", "payment_method_id"),
        ("wrong_coupon", "coupon"),
        ("wrong_tip", "tip_cents"),
        ("wrong_total", "total_cents"),
    ):
        if order[field] != expected[field]:
            failed.add(check)
    names = tuple(c for c in ORDER_CHECKS if c in failed)
    score = 1 - len(names) / len(ORDER_CHECKS)
    return Grade(not names, score, names, {"expected": expected, "order": order})


def grade(task: Task, env: Environment) -> Grade:
    """Judge the order ``env`` ended with against ``task.expected``."""
    if not isinstance(env, FoodOrderEnv):
        raise SuiteError(f"food_order cannot grade a {type(env).__name__}")
    order = task.expected if task.expected and "restaurant_id" in task.expected else None
    graded = grade_order(order, env.order, env.world, env.user.allergies)
    return _with_changes(graded, task.expected, env)


def _with_changes(graded: Grade, expected: dict[str, Any] | None, env: FoodOrderEnv) -> Grade:
    """Past orders must end as expected: cancelled or changed exactly as listed, else untouched.

    The lists are ``expected["cancelled"]`` and ``expected["changed"]``.
    """
    want_cancelled = sorted((expected or {}).get("cancelled", []))
    want_changed = (expected or {}).get("changed", {})
    failed = []
    if sorted(env.cancelled) != want_cancelled:
        failed.append("wrong_cancellation")
    if env.changed != want_changed:
        failed.append("wrong_order_change")
    if not failed:
        return graded
    details = {**graded.details, "cancelled": env.cancelled, "changed": env.changed}
    return Grade(False, graded.score / 2, (*graded.failed_checks, *failed), details)
