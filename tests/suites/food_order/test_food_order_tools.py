"""The food-order tools: schemas, happy paths, and every validation error the model can hit."""

from __future__ import annotations

import json

import pytest
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.tools import FoodOrderEnv

from relgap.errors import SuiteError
from relgap.messages import ToolCall
from relgap.suite.base import Task

TOOLS = {
    "list_restaurants": False,
    "search_menu": False,
    "get_item": False,
    "get_user_profile": False,
    "add_to_cart": True,
    "remove_from_cart": True,
    "view_cart": False,
    "apply_coupon": True,
    "set_delivery_address": True,
    "place_order": True,
    "transfer_to_human": True,
    "get_order_history": False,
    "get_order_status": False,
    "cancel_order": True,
    "change_order_address": True,
    "check_delivery": False,
    "reorder": True,
}


def make_env(suite: FoodOrderSuite, user_id: str = "usr_1002") -> FoodOrderEnv:
    task = Task(id="fo-test", tier=1, instruction="test", user_id=user_id)
    return FoodOrderEnv(suite.world, task)


def call(env: FoodOrderEnv, tool: str, **args: object) -> str:
    out = env.call(ToolCall("c", tool, args))
    assert not out.is_error, out.content
    return out.content


def error(env: FoodOrderEnv, tool: str, **args: object) -> str:
    out = env.call(ToolCall("c", tool, args))
    assert out.is_error and out.content.startswith("Error: "), out.content
    return out.content


@pytest.fixture
def env(fo_suite: FoodOrderSuite) -> FoodOrderEnv:
    """Daniel Okafor: shellfish allergy, a Mastercard and a $25.00 gift card."""
    return make_env(fo_suite)


def test_exactly_the_specified_tools_with_read_write_marks(env: FoodOrderEnv) -> None:
    specs = {s.name: s for s in env.tool_specs()}
    assert set(specs) == set(TOOLS)
    for name, writes in TOOLS.items():
        assert env.is_write(name) == writes, name
        assert specs[name].description, name
        for prop, schema in specs[name].parameters["properties"].items():
            assert schema.get("description"), f"{name}.{prop} has no description"
    assert specs["add_to_cart"].parameters["required"] == ["item_id", "size"]
    assert specs["place_order"].parameters["required"] == ["payment_method_id", "tip"]


def test_browsing(env: FoodOrderEnv) -> None:
    restaurants = json.loads(call(env, "list_restaurants"))
    assert {r["id"] for r in restaurants} >= {"r_tonys", "r_sakura"}
    found = json.loads(call(env, "search_menu", query="pad thais"))
    pad_thai = [i for i in found["items"] if i["name"] == "Pad Thai"]
    assert "ban-pad-thai" in [i["id"] for i in pad_thai]
    assert len({i["restaurant_id"] for i in pad_thai}) >= 2, "the same dish at several places"
    assert len({i["price"] if "price" in i else str(i["sizes"]) for i in pad_thai}) >= 2
    only = json.loads(call(env, "search_menu", query="pad thai", restaurant_id="r_bangkok"))
    assert [i["id"] for i in only["items"]] == ["ban-pad-thai"]
    vegan = json.loads(call(env, "search_menu", restaurant_id="r_bombay", dietary=["vegan"]))
    assert vegan["items"] and all("vegan" in i["dietary"] for i in vegan["items"])
    assert all(i["restaurant_id"] == "r_bombay" for i in vegan["items"])
    everything = json.loads(call(env, "search_menu", dietary=["vegetarian"]))
    assert everything["count"] > len(everything["items"]) == 25 and "narrow" in everything["note"]
    assert call(env, "search_menu", query="lobster thermidor").startswith("No menu items match")
    item = json.loads(call(env, "get_item", item_id="ton-margherita"))
    assert item["sizes"] == {"small": "10.99", "medium": "13.99", "large": "16.99"}
    assert {"name": "extra cheese", "price": "1.50", "allergens": ["dairy"]} in item["modifiers"]
    oos = json.loads(call(env, "get_item", item_id="sak-dragon"))
    assert oos["in_stock"] is False


def test_profile_shows_only_the_signed_in_user(env: FoodOrderEnv) -> None:
    profile = json.loads(call(env, "get_user_profile", user_id="usr_1002"))
    assert profile["allergies"] == ["shellfish"]
    assert {
        "id": "pm_1002_gift",
        "type": "gift_card",
        "brand": "Gift card",
        "balance": "25.00",
    } in profile["payment_methods"]
    assert "signed-in user's profile (usr_1002)" in error(
        env, "get_user_profile", user_id="usr_1001"
    )


def test_cart_pricing_coupon_and_order(env: FoodOrderEnv) -> None:
    call(
        env,
        "add_to_cart",
        item_id="ton-pepperoni",
        size="large",
        modifiers=["Extra Cheese"],
        quantity=1,
    )
    call(env, "add_to_cart", item_id="ton-pepperoni", size="large", modifiers=["extra cheese"])
    cart = json.loads(call(env, "view_cart"))
    assert len(cart["lines"]) == 1 and cart["lines"][0]["quantity"] == 2  # identical lines merge
    assert cart["subtotal"] == "39.98" and cart["delivery_fee"] == "0.00"  # free from $35
    assert "-$8.00" in call(env, "apply_coupon", code="pizza20")  # 20% of 39.98, half up
    call(env, "set_delivery_address", address_id="addr_1002_work")
    placed = json.loads(call(env, "place_order", payment_method_id="pm_1002_mastercard", tip=6.53))
    assert placed["total"] == "38.51"  # 39.98 - 8.00 + 0 + 6.53
    assert (
        env.order is not None and env.order["coupon"] == "PIZZA20" and env.order["tip_cents"] == 653
    )
    assert env.order["items"] == [
        {"item_id": "ton-pepperoni", "size": "large", "modifiers": ["extra cheese"], "quantity": 2}
    ]


def test_removing_a_line_drops_a_coupon_that_no_longer_applies(env: FoodOrderEnv) -> None:
    call(env, "add_to_cart", item_id="ton-bbq", size="large")
    call(env, "add_to_cart", item_id="ton-caesar", size="large")
    call(env, "apply_coupon", code="PIZZA20")
    text = call(env, "remove_from_cart", line_id="L2")  # $19.49 left, PIZZA20 needs $30
    assert "Coupon PIZZA20 was removed" in text and env.cart.coupon is None
    call(env, "add_to_cart", item_id="ton-tiramisu", size="regular")
    call(env, "apply_coupon", code="WELCOME5")  # a coupon is allowed again ($26.48)
    call(env, "remove_from_cart", line_id="L1")
    assert env.cart.coupon is None  # $6.99 left, WELCOME5 needs $20
    call(env, "remove_from_cart", line_id="L3")
    assert env.cart.restaurant_id() is None and not env.cart.entries
    call(env, "add_to_cart", item_id="sak-miso", size="small")  # another restaurant once empty


def test_gift_card_pays_when_it_covers_and_balance_drops(fo_suite: FoodOrderSuite) -> None:
    env = make_env(fo_suite)
    call(env, "add_to_cart", item_id="sak-miso", size="small", quantity=2)
    call(env, "set_delivery_address", address_id="addr_1002_home")
    call(env, "place_order", payment_method_id="pm_1002_gift", tip=0)
    assert env.balances["pm_1002_gift"] == 2500 - (2 * 299 + 349)


def test_transfer_ends_the_conversation(env: FoodOrderEnv) -> None:
    call(env, "transfer_to_human", summary="wants a refund")
    assert env.ended == "transferred"
    assert "already transferred" in error(env, "transfer_to_human", summary="again")
    assert "transferred to a human" in error(env, "add_to_cart", item_id="ton-soda", size="can")


def test_place_order_errors(fo_suite: FoodOrderSuite) -> None:
    env = make_env(fo_suite)
    assert "cart is empty" in error(
        env, "place_order", payment_method_id="pm_1002_mastercard", tip=0
    )
    call(env, "add_to_cart", item_id="bom-butter-chicken", size="large", quantity=2)
    assert "no delivery address" in error(
        env, "place_order", payment_method_id="pm_1002_mastercard", tip=0
    )
    assert "not one of the user's saved addresses" in error(
        env, "set_delivery_address", address_id="addr_1001_home"
    )
    call(env, "set_delivery_address", address_id="addr_1002_home")
    assert "not one of the user's payment methods" in error(
        env, "place_order", payment_method_id="pm_1001_visa", tip=0
    )
    assert "cannot be negative" in error(
        env, "place_order", payment_method_id="pm_1002_mastercard", tip=-1
    )
    for bad in (float("nan"), float("inf")):
        assert "tip must be a number of dollars" in error(
            env, "place_order", payment_method_id="pm_1002_mastercard", tip=bad
        )
    assert "at most 2 decimals" in error(
        env, "place_order", payment_method_id="pm_1002_mastercard", tip=2.675
    )
    gift = error(env, "place_order", payment_method_id="pm_1002_gift", tip=0)
    assert "gift card balance ($25.00) does not cover the order total ($43.47)" in gift
    assert env.order is None
    call(env, "place_order", payment_method_id="pm_1002_mastercard", tip=3)
    assert "already been placed" in error(
        env, "place_order", payment_method_id="pm_1002_mastercard", tip=0
    )
    assert "already been placed" in error(env, "add_to_cart", item_id="bom-naan", size="regular")
    assert "already been placed" in error(env, "set_delivery_address", address_id="addr_1002_work")


@pytest.mark.parametrize(
    ("tool", "args", "message"),
    [
        ("search_menu", {}, "give at least one of query, restaurant_id or dietary"),
        ("search_menu", {"restaurant_id": "r_nope"}, "unknown restaurant_id 'r_nope'"),
        ("search_menu", {"dietary": ["keto"]}, "unknown dietary tag(s) ['keto']"),
        ("get_item", {"item_id": "ton-calzone"}, "unknown item_id 'ton-calzone'"),
        ("add_to_cart", {"item_id": "ton-calzone", "size": "large"}, "unknown item_id"),
        (
            "add_to_cart",
            {"item_id": "ton-cannoli", "size": "regular"},
            "Cannoli (ton-cannoli) is out of stock",
        ),
        (
            "add_to_cart",
            {"item_id": "ton-margherita", "size": "xl"},
            "does not come in size 'xl'; sizes: ['small', 'medium', 'large']",
        ),
        (
            "add_to_cart",
            {"item_id": "ton-margherita", "size": "large", "modifiers": ["add pineapple"]},
            "has no modifier 'add pineapple'",
        ),
        (
            "add_to_cart",
            {
                "item_id": "ton-margherita",
                "size": "large",
                "modifiers": ["extra cheese", "extra cheese"],
            },
            "listed twice",
        ),
        (
            "add_to_cart",
            {"item_id": "ton-margherita", "size": "large", "quantity": 0},
            "quantity must be between 1 and 20, got 0",
        ),
        (
            "add_to_cart",
            {"item_id": "ton-margherita", "size": "large", "quantity": 21},
            "quantity must be between 1 and 20, got 21",
        ),
        ("remove_from_cart", {"line_id": "L1"}, "the cart is empty"),
        ("apply_coupon", {"code": "WELCOME5"}, "add items before applying a coupon"),
        ("add_to_cart", {"item_id": "ton-margherita"}, "missing required argument(s) ['size']"),
        (
            "add_to_cart",
            {"item_id": "ton-margherita", "size": "large", "quantity": "2"},
            "must be an integer",
        ),
    ],
)
def test_errors_on_an_empty_cart(env: FoodOrderEnv, tool: str, args: dict, message: str) -> None:
    assert message in error(env, tool, **args)
    assert not env.cart.entries


@pytest.mark.parametrize(
    ("tool", "args", "message"),
    [
        (
            "add_to_cart",
            {"item_id": "sak-miso", "size": "small"},
            "already has items from Tony's Pizzeria (r_tonys); an order can only contain items from one restaurant",
        ),
        (
            "add_to_cart",
            {"item_id": "ton-veggie", "size": "small", "quantity": 19},
            "line L1 already has 2; at most 20",
        ),
        ("remove_from_cart", {"line_id": "L7"}, "no cart line 'L7'; lines in the cart: L1"),
        ("apply_coupon", {"code": "FREEPIZZA"}, "'FREEPIZZA' is not a valid coupon code"),
        ("apply_coupon", {"code": "HOLIDAY10"}, "coupon HOLIDAY10 expired on 2024-12-31"),
        ("apply_coupon", {"code": "SUSHI15"}, "only valid for orders from Sakura Sushi"),
        (
            "apply_coupon",
            {"code": "PIZZA20"},
            "needs a food subtotal of at least $30.00 (the cart is $22.98)",
        ),
    ],
)
def test_errors_on_a_cart_with_two_small_pizzas(
    env: FoodOrderEnv, tool: str, args: dict, message: str
) -> None:
    call(env, "add_to_cart", item_id="ton-veggie", size="small", quantity=2)
    assert message in error(env, tool, **args)
    assert [e.line.quantity for e in env.cart.entries] == [2] and env.cart.coupon is None


def test_second_coupon_is_refused(env: FoodOrderEnv) -> None:
    call(env, "add_to_cart", item_id="ton-veggie", size="large", quantity=2)
    call(env, "apply_coupon", code="WELCOME5")
    assert "WELCOME5 is already applied; only one coupon" in error(
        env, "apply_coupon", code="PIZZA20"
    )


def test_tool_results_never_reveal_hidden_facts(fo_suite: FoodOrderSuite, replay) -> None:
    for task in fo_suite.tasks():
        script = fo_suite.reference_script(task)
        _, outputs = replay(task, script)
        calls = [a for a in script if a.tool is not None]
        assert task.user_scenario is not None
        answers = [f.answer for f in task.user_scenario.facts]
        for action, out in zip(calls, outputs, strict=True):
            assert not any(answer in out.content for answer in answers), (task.id, action)


def test_an_environment_needs_a_known_user(fo_suite: FoodOrderSuite) -> None:
    with pytest.raises(SuiteError, match="unknown user 'usr_9999'"):
        make_env(fo_suite, user_id="usr_9999")
