"""Shared fixtures for the food-order suite tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.tools import FoodOrderEnv

from relgap.agent.messages import ToolCall
from relgap.suite.base import Action, Task, ToolOutput

Replay = Callable[[Task, Sequence[Action]], tuple[FoodOrderEnv, list[ToolOutput]]]


@pytest.fixture(scope="session")
def fo_suite() -> FoodOrderSuite:
    return FoodOrderSuite()


@pytest.fixture(scope="session")
def replay(fo_suite: FoodOrderSuite) -> Replay:
    """Run actions through a fresh environment; returns it and each tool call's output."""

    def run(task: Task, actions: Sequence[Action]) -> tuple[FoodOrderEnv, list[ToolOutput]]:
        env = fo_suite.environment(task)
        assert isinstance(env, FoodOrderEnv)
        outputs = [
            env.call(ToolCall(f"call_{i}", a.tool, dict(a.arguments)))
            for i, a in enumerate(actions)
            if a.tool is not None
        ]
        return env, outputs

    return run
