from __future__ import annotations

from typing import Literal

from relgap.messages import ToolCall
from relgap.suite.base import Environment, ToolError
from relgap.suite.toolkit import tool


class Shop(Environment):
    def __init__(self) -> None:
        super().__init__()
        self.basket: list[str] = []

    @tool
    def look(self, query: str, limit: int = 5) -> str:
        """Search the shelves.

        Args:
            query: words to look for.
            limit: at most this many results.
        """
        return f"{query}:{limit}"

    @tool(writes=True)
    def buy(self, item: str, size: Literal["S", "M", "L"], extras: list[str] | None = None) -> str:
        """Put an item in the basket.

        Args:
            item: the item id.
            size: the size.
            extras: optional extras,
                one string each.
        """
        if item == "ghost":
            raise ToolError("no such item 'ghost'")
        self.basket.append(item)
        return "ok"


def test_schema_from_signature_and_docstring():
    specs = {s.name: s for s in Shop().tool_specs()}
    assert specs["look"].description == "Search the shelves."
    params = specs["buy"].parameters
    assert params["required"] == ["item", "size"]
    assert params["properties"]["size"] == {
        "type": "string",
        "enum": ["S", "M", "L"],
        "description": "the size.",
    }
    assert params["properties"]["extras"]["type"] == "array"
    assert params["properties"]["extras"]["description"] == "optional extras, one string each."
    assert params["additionalProperties"] is False
    assert specs["look"].parameters["properties"]["limit"]["type"] == "integer"


def test_write_tools_are_tagged():
    shop = Shop()
    assert shop.is_write("buy") and not shop.is_write("look")


def call(env: Environment, name: str, **args):
    return env.call(ToolCall("c1", name, args))


def test_bad_calls_become_error_observations():
    shop = Shop()
    cases = {
        "unknown tool 'steal'": shop.call(ToolCall("c", "steal", {})),
        "missing required argument(s) ['size']": call(shop, "buy", item="x"),
        "unknown argument(s) ['colour']": call(shop, "buy", item="x", size="S", colour="red"),
        "must be one of ['S', 'M', 'L']": call(shop, "buy", item="x", size="XL"),
        "argument 'limit' must be an integer, got a boolean": call(
            shop, "look", query="q", limit=True
        ),
        "argument 'query' must be a string, got int": call(shop, "look", query=3),
        "no such item 'ghost'": call(shop, "buy", item="ghost", size="S"),
        "arguments are not valid JSON": shop.call(ToolCall.from_json("c", "look", '{"query": ')),
    }
    for expected, output in cases.items():
        assert output.is_error, expected
        assert output.content.startswith("Error: ")
        assert expected in output.content
    assert shop.basket == []
    assert call(shop, "buy", item="x", size="S", extras=["a"]).content == "ok"
    assert shop.basket == ["x"]
    assert len(shop.tool_log) == len(cases) + 1


def test_null_for_an_optional_argument_means_left_out():
    shop = Shop()
    assert call(shop, "buy", item="x", size="S", extras=None).content == "ok"
    assert call(shop, "look", query="q", limit=None).content == "q:5"
    assert call(shop, "buy", item=None, size="S").is_error  # required stays required


def test_description_keeps_every_paragraph_before_args():
    class Env(Environment):
        @tool
        def hop(self, n: int) -> str:
            """Hop a few times.

            Mind the gap.

            Args:
                n: hops.

            Returns:
                where you landed.
            """
            return ""

    (spec,) = Env().tool_specs()
    assert spec.description == "Hop a few times. Mind the gap."
    assert spec.parameters["properties"]["n"]["description"] == "hops."
