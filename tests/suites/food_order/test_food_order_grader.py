"""The grader names every way an order can be wrong, and passes only the exact expected order."""

from __future__ import annotations

import copy
from typing import Any

import pytest
from relgap_suites.food_order.grader import ORDER_CHECKS, grade_order, line_differences
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.world import Line

from relgap.errors import SuiteError
from relgap.suite.base import Action, Environment, Task

ALLERGIES = ("peanut",)
EXPECTED: dict[str, Any] = {
    "restaurant_id": "r_bangkok",
    "items": [
        {
            "item_id": "ban-green-curry",
            "size": "large",
            "modifiers": ["add chicken", "extra spicy"],
            "quantity": 1,
        },
        {"item_id": "ban-thai-tea", "size": "regular", "modifiers": [], "quantity": 2},
    ],
    "address_id": "addr_1001_home",
    "payment_method_id": "pm_1001_visa",
    "coupon": None,
    "tip_cents": 300,
    "total_cents": 3245,
}


def order(**changes: Any) -> dict[str, Any]:
    placed = copy.deepcopy(EXPECTED) | {"order_id": "ord_1", "subtotal_cents": 2746}
    placed.update(changes)
    return placed


def items(*rows: tuple[str, str, list[str], int]) -> list[dict[str, Any]]:
    return [{"item_id": i, "size": s, "modifiers": m, "quantity": q} for i, s, m, q in rows]


CURRY = ("ban-green-curry", "large", ["add chicken", "extra spicy"], 1)
TEA = ("ban-thai-tea", "regular", [], 2)


@pytest.fixture
def world(fo_suite: FoodOrderSuite):
    return fo_suite.world


def failed(
    world, placed: dict[str, Any] | None, expected: dict[str, Any] | None = EXPECTED
) -> tuple[str, ...]:
    return grade_order(expected, placed, world, ALLERGIES).failed_checks


def test_the_exact_order_passes_in_any_line_order_or_split(world) -> None:
    grade = grade_order(EXPECTED, order(), world, ALLERGIES)
    assert grade.passed and grade.score == 1.0 and grade.failed_checks == ()
    shuffled = items(
        ("ban-thai-tea", "regular", [], 1),
        ("ban-green-curry", "large", ["extra spicy", "add chicken"], 1),
        ("ban-thai-tea", "regular", [], 1),
    )
    assert grade_order(EXPECTED, order(items=shuffled), world, ALLERGIES).passed


@pytest.mark.parametrize(
    ("changes", "checks"),
    [
        ({"restaurant_id": "r_tonys"}, ("wrong_restaurant",)),
        ({"items": items(CURRY)}, ("wrong_items",)),
        ({"items": items(CURRY, TEA, ("ban-tom-kha", "small", [], 1))}, ("wrong_items",)),
        (
            {
                "items": items(
                    ("ban-green-curry", "regular", ["add chicken", "extra spicy"], 1), TEA
                )
            },
            ("wrong_size",),
        ),
        (
            {"items": items(("ban-green-curry", "large", ["add chicken"], 1), TEA)},
            ("wrong_modifiers",),
        ),
        ({"items": items(CURRY, ("ban-thai-tea", "regular", [], 3))}, ("wrong_quantity",)),
        (
            {"items": items(("ban-green-curry", "regular", ["add tofu"], 2), TEA)},
            ("wrong_size", "wrong_modifiers", "wrong_quantity"),
        ),
        ({"items": items(CURRY, TEA, ("ban-thai-tea", "large", [], 1))}, ("wrong_items",)),
        (
            {"items": items(CURRY, TEA, ("ban-satay", "regular", [], 1))},
            ("wrong_items", "allergen_violation"),
        ),
        (
            {"items": items(("ban-massaman", "large", ["add chicken", "no peanuts"], 1), TEA)},
            ("wrong_items", "allergen_violation"),
        ),
        ({"address_id": "addr_1001_work"}, ("wrong_address",)),
        ({"payment_method_id": "pm_1001_amex"}, ("wrong_payment",)),
        ({"coupon": "WELCOME5", "total_cents": 2745}, ("wrong_coupon", "wrong_total")),
        ({"tip_cents": 301, "total_cents": 3246}, ("wrong_tip", "wrong_total")),
        ({"total_cents": 3246}, ("wrong_total",)),
    ],
)
def test_each_difference_is_named(world, changes: dict[str, Any], checks: tuple[str, ...]) -> None:
    grade = grade_order(EXPECTED, order(**changes), world, ALLERGIES)
    assert grade.failed_checks == checks
    assert not grade.passed
    assert grade.score == pytest.approx(1 - len(checks) / len(ORDER_CHECKS))


def test_no_order_when_one_was_expected(world) -> None:
    grade = grade_order(EXPECTED, None, world, ALLERGIES)
    assert grade.failed_checks == ("no_order_placed",) and grade.score == 0.0 and not grade.passed


def test_declined_tasks_pass_only_without_an_order(world) -> None:
    assert grade_order(None, None, world, ALLERGIES).passed
    assert failed(world, order(), expected=None) == ("order_not_expected",)
    satay = order(items=items(("ban-satay", "regular", [], 1)))
    grade = grade_order(None, satay, world, ALLERGIES)
    assert (
        grade.failed_checks == ("order_not_expected", "allergen_violation") and grade.score == 0.0
    )


def test_allergens_of_modifiers_count(world) -> None:
    paneer = items(("bom-chana-masala", "large", ["add paneer"], 1))
    assert (
        "allergen_violation"
        in grade_order(EXPECTED, order(items=paneer), world, ("dairy",)).failed_checks
    )
    assert (
        "allergen_violation"
        not in grade_order(EXPECTED, order(items=paneer), world, ("soy",)).failed_checks
    )


def test_line_differences_pairs_lines_of_one_item_most_alike_first() -> None:
    def ln(size: str, mods: tuple[str, ...], qty: int) -> Line:
        return Line(item_id="x", size=size, modifiers=mods, quantity=qty)

    want = [ln("large", ("a",), 1), ln("small", (), 2)]
    assert line_differences(want, [ln("small", (), 2), ln("large", ("a",), 1)]) == set()
    assert line_differences(want, [ln("large", ("a",), 1), ln("small", (), 3)]) == {
        "wrong_quantity"
    }
    assert line_differences(want, [ln("large", ("a",), 1), ln("medium", (), 2)]) == {"wrong_size"}
    assert line_differences(want, [ln("large", ("a",), 1)]) == {"wrong_items"}
    assert line_differences(want, [*want, ln("medium", (), 1)]) == {"wrong_items"}


def test_grade_through_the_suite_uses_the_environment(fo_suite: FoodOrderSuite, replay) -> None:
    task = next(t for t in fo_suite.tasks() if t.expected is not None)
    env, _ = replay(task, [])
    assert fo_suite.grade(task, env).failed_checks == ("no_order_placed",)
    with pytest.raises(SuiteError, match="cannot grade"):
        fo_suite.grade(task, Environment())
    declined = Task(id="x", tier=4, instruction="x", user_id="usr_1001", expected=None)
    env, _ = replay(declined, [Action("transfer_to_human", {"summary": "refund"})])
    assert fo_suite.grade(declined, env).passed
