"""The reference solver: its scripts pass, use only what the agent could know, and its pricing
follows the policy's rules."""

from __future__ import annotations

import pytest
from relgap_suites.food_order.intents import Intent, LineSpec, Pick
from relgap_suites.food_order.solver import best_coupon, expected_order, pick_candidates, resolve
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.world import Line, percent_of, quote

from relgap.suite.checks import with_dialogue_checks
from relgap.user.scripted import ScriptedUser


def test_every_reference_script_passes(fo_suite: FoodOrderSuite, replay) -> None:
    for task in fo_suite.tasks():
        script = fo_suite.reference_script(task)
        env, outputs = replay(task, script)
        grade = with_dialogue_checks(fo_suite.grade(task, env), task, env)
        assert grade.passed and grade.score == 1.0, (task.id, grade.failed_checks)
        tool_steps = [a for a in script if a.tool is not None]
        errors = [
            (a.tool, o.content) for a, o in zip(tool_steps, outputs, strict=True) if o.is_error
        ]
        # The only errors a correct agent meets are coupons the user offered that do not apply.
        assert all(tool == "apply_coupon" for tool, _ in errors), (task.id, errors)
        assert script[-1].tool is None and script[-1].text
        assert len(script) <= fo_suite.max_steps
        placed = [a for a in script if a.tool == "place_order"]
        assert len(placed) == (1 if task.expected and "restaurant_id" in task.expected else 0)


def test_scripts_use_only_what_the_agent_could_know(fo_suite: FoodOrderSuite, replay) -> None:
    """Every id a script passes was shown earlier (or given by the user), and every question
    it asks gets a real answer from the scripted user."""
    for task in fo_suite.tasks():
        script = fo_suite.reference_script(task)
        _, outputs = replay(task, script)
        seen = fo_suite.system_prompt(task) + task.instruction
        assert task.user_scenario is not None
        user = ScriptedUser(task.user_scenario)
        for question in [a.text for a in script[:-1] if a.tool is None]:
            said = user.answer(question)
            assert said.ends is None and user.misunderstandings == 0, (task.id, question, said)
        for action, out in zip([a for a in script if a.tool], outputs, strict=True):
            for key in ("item_id", "address_id", "payment_method_id", "restaurant_id", "user_id"):
                if key in action.arguments:
                    assert action.arguments[key] in seen, (task.id, action)
            if action.tool == "apply_coupon":
                assert action.arguments["code"] in task.instruction, (task.id, action)
            seen += out.content


def test_every_fact_of_an_order_task_is_asked_for(fo_suite: FoodOrderSuite, replay) -> None:
    """Facts of tasks that end in an order are exactly what the script needs to ask about
    (declined tasks may hold extra facts for agents who ask whether to go ahead anyway)."""
    for task in fo_suite.tasks():
        if task.expected is None:
            continue
        assert task.user_scenario is not None
        user = ScriptedUser(task.user_scenario)
        for action in fo_suite.reference_script(task)[:-1]:
            if action.tool is None:
                user.answer(action.text)
        assert user.told == {f.name for f in task.user_scenario.facts}, task.id


def test_percentages_round_half_up_to_the_cent() -> None:
    assert percent_of(4350, 15) == 653  # the policy's example: 15% of $43.50
    assert percent_of(4349, 15) == 652
    assert percent_of(3546, 18) == 638


def test_quote_applies_coupon_caps_and_free_delivery(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    five = [Line(item_id="ton-margherita", size="large", quantity=5)]  # $84.95
    q = quote(world, "r_tonys", five, "PIZZA20", 850)
    assert (q.subtotal, q.discount, q.delivery_fee, q.total) == (8495, 1500, 0, 7845)
    one = [Line(item_id="ton-margherita", size="large")]
    assert quote(world, "r_tonys", one, None, 0).delivery_fee == 299
    assert best_coupon(world, "r_tonys", five, ("WELCOME5", "PIZZA20", "HOLIDAY10")) == (
        "PIZZA20",
        ("HOLIDAY10", "PIZZA20"),
    )


def test_picks_skip_allergens_stock_and_other_diets(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    bowls = pick_candidates(
        world, "r_greenbowl", Pick(category="bowls", dietary=("vegan",), size="regular")
    )
    assert [i.id for i in bowls] == ["gre-tofu-bowl"]  # the cheaper Acai Bowl is out of stock
    noodles = Pick(category="noodles", size="large")
    assert pick_candidates(world, "r_bangkok", noodles, ("egg",))[0].id == "ban-drunken-noodles"
    assert pick_candidates(world, "r_bangkok", noodles)[0].id == "ban-pad-see-ew"


def test_budget_and_conditions_are_resolved_by_the_solver(fo_suite: FoodOrderSuite) -> None:
    world = fo_suite.world
    base = {
        "task_id": "t",
        "user_id": "usr_1008",
        "address_id": "addr_1008_home",
        "payment": ("pm_1008_visa",),
    }
    tacos = Intent(
        restaurant_id="r_elsol",
        lines=(LineSpec(item_id="els-asada-tacos", budget="quantity"),),
        budget_cents=5000,
        tip_percent=15,
        **base,
    )
    plan = resolve(tacos, world)
    assert plan.lines[0].line.quantity == 3 and plan.quote.total <= 5000
    four = quote(
        world,
        "r_elsol",
        [Line(item_id="els-asada-tacos", size="regular", quantity=4)],
        None,
        percent_of(4796, 15),
    )
    assert four.total > 5000
    fries = LineSpec(item_id="lib-fries", size="small", condition="for_free_delivery")
    burger = LineSpec(item_id="lib-double-bacon", quantity=2)  # $31.98: free delivery already
    order = expected_order(Intent(restaurant_id="r_liberty", lines=(burger, fries), **base), world)
    assert order is not None and [i["item_id"] for i in order["items"]] == ["lib-double-bacon"]


def test_gift_card_is_used_only_when_it_covers(fo_suite: FoodOrderSuite) -> None:
    tasks = [t for t in fo_suite.tasks() if "gift_card" in t.tags]
    assert len(tasks) >= 3
    outcomes = set()
    for task in tasks:
        user = fo_suite.world.user(task.user_id or "")
        assert user is not None and task.expected is not None
        gift = next(p for p in user.payment_methods if p.kind == "gift_card")
        covers = (gift.balance_cents or 0) >= task.expected["total_cents"]
        assert (task.expected["payment_method_id"] == gift.id) == covers, task.id
        outcomes.add(covers)
    assert outcomes == {True, False}


@pytest.mark.parametrize("task_id", ["fo-t3-005", "fo-t3-007", "fo-t3-010", "fo-t3-018"])
def test_tier3_expectations_match_a_hand_check(fo_suite: FoodOrderSuite, task_id: str) -> None:
    hand = {
        # 3 tacos: 35.97 + 1.99 fee + 5.40 tip (15% of 35.97 = 5.3955)
        "fo-t3-005": (3, None, 540, 4336),
        # 5 large Margheritas: 84.95 - 15.00 (20% capped) + free delivery + 8.50 (10%)
        "fo-t3-007": (5, "PIZZA20", 850, 7845),
        # 46.97: PIZZA20 saves 9.39, WELCOME5 5.00; free delivery from 35
        "fo-t3-010": (2, "PIZZA20", 0, 4697 - 939),
        # 35.46 + 2.99 fee + 6.38 tip (18% of 35.46 = 6.3828)
        "fo-t3-018": (2, None, 638, 3546 + 299 + 638),
    }
    qty, coupon, tip, total = hand[task_id]
    expected = fo_suite.task(task_id).expected
    assert expected is not None
    assert max(i["quantity"] for i in expected["items"]) == qty
    assert (expected["coupon"], expected["tip_cents"], expected["total_cents"]) == (
        coupon,
        tip,
        total,
    )
