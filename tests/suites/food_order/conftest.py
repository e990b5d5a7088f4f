"""Shared fixtures for the food-order suite tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from relgap_suites.food_order.suite import FoodOrderSuite
from relgap_suites.food_order.tools import FoodOrderEnv

from relgap.messages import ToolCall
from relgap.suite.base import Action, Task, ToolOutput

Replay = Callable[[Task, Sequence[Action]], tuple[FoodOrderEnv, list[ToolOutput]]]


@pytest.fixture(scope="session")
def fo_suite() -> FoodOrderSuite:
    return FoodOrderSuite()


@pytest.fixture(scope="session")
def replay(fo_suite: FoodOrderSuite) -> Replay:
    """Run actions through a fresh environment (texts are recorded as the agent's replies);
    returns it and each tool call's output."""

    def run(task: Task, actions: Sequence[Action]) -> tuple[FoodOrderEnv, list[ToolOutput]]:
        env = fo_suite.environment(task)
        assert isinstance(env, FoodOrderEnv)
        outputs = []
        for i, a in enumerate(actions):
            if a.tool is None:
                env.record_reply(a.text)
            else:
                outputs.append(env.call(ToolCall(f"call_{i}", a.tool, dict(a.arguments))))
        return env, outputs

    return run
