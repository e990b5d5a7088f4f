"""The one tool of the suite: a calculator the agent may use or not.

Tool use and reasoning can then be told apart in the transcripts: a trial that solved a
problem without a ``calculator`` call did the arithmetic in its reasoning.
"""

from __future__ import annotations

import ast
import math
import operator
from collections.abc import Callable
from typing import Any

from relgap.suite.base import Environment, ToolError
from relgap.suite.toolkit import tool

_BINARY: dict[type[ast.operator], Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
    ast.Div: operator.truediv, ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod,
    ast.Pow: operator.pow,
}  # fmt: skip
_FUNCTIONS: dict[str, Callable[..., float]] = {
    "round": round, "abs": abs, "sqrt": math.sqrt, "floor": math.floor, "ceil": math.ceil,
}  # fmt: skip
MAX_EXPONENT = 100
MAX_LENGTH = 500


def _eval(node: ast.AST) -> float:
    if isinstance(node, ast.Expression):
        return _eval(node.body)
    if isinstance(node, ast.Constant) and type(node.value) in (int, float):
        return node.value  # type: ignore[no-any-return]
    if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub | ast.UAdd):
        value = _eval(node.operand)
        return -value if isinstance(node.op, ast.USub) else value
    if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
        left, right = _eval(node.left), _eval(node.right)
        if isinstance(node.op, ast.Pow) and abs(right) > MAX_EXPONENT:
            raise ToolError(f"exponent {right:g} is too large")
        return _BINARY[type(node.op)](left, right)  # type: ignore[no-any-return]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Name)
        and node.func.id in _FUNCTIONS
        and not node.keywords
    ):
        return _FUNCTIONS[node.func.id](*(_eval(a) for a in node.args))
    raise ToolError(
        f"only numbers, + - * / // % **, parentheses and {', '.join(_FUNCTIONS)} are allowed"
    )


def calculate(expression: str) -> str:
    """The value of an arithmetic expression, as text (12 significant digits)."""
    if len(expression) > MAX_LENGTH:
        raise ToolError(f"expression longer than {MAX_LENGTH} characters")
    try:
        tree = ast.parse(expression.replace("^", "**").replace(",", ""), mode="eval")
    except SyntaxError:
        raise ToolError(f"cannot parse {expression!r} as arithmetic") from None
    try:
        value = _eval(tree)
    except (ZeroDivisionError, OverflowError, ValueError, TypeError) as exc:
        raise ToolError(f"cannot evaluate {expression!r}: {exc}") from None
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    return f"{value:.12g}" if isinstance(value, float) else str(value)


class ExactAnswerEnv(Environment):
    """A trial's world: nothing to change, one calculator."""

    @tool
    def calculator(self, expression: str) -> str:
        """Evaluate an arithmetic expression exactly as written, e.g. "(120 + 45) * 3 / 4".

        Args:
            expression: numbers with + - * / // % ** and parentheses; round(), abs(),
                sqrt(), floor() and ceil() are available.
        """
        return calculate(expression)
