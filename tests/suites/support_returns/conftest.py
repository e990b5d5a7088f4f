"""Shared fixtures for the support_returns suite tests."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import pytest
from relgap_suites.support_returns.suite import SupportReturnsSuite
from relgap_suites.support_returns.tools import ReturnsEnv

from relgap.messages import ToolCall
from relgap.suite.base import Action, Task, ToolOutput

Replay = Callable[[Task, Sequence[Action]], tuple[ReturnsEnv, list[ToolOutput]]]


@pytest.fixture(scope="session")
def sr_suite() -> SupportReturnsSuite:
    return SupportReturnsSuite()


@pytest.fixture(scope="session")
def replay(sr_suite: SupportReturnsSuite) -> Replay:
    """Run actions through a fresh environment (texts are the agent's replies)."""

    def run(task: Task, actions: Sequence[Action]) -> tuple[ReturnsEnv, list[ToolOutput]]:
        env = sr_suite.environment(task)
        assert isinstance(env, ReturnsEnv)
        outputs = []
        for i, a in enumerate(actions):
            if a.tool is None:
                env.record_reply(a.text)
            else:
                outputs.append(env.call(ToolCall(f"call_{i}", a.tool, dict(a.arguments))))
        return env, outputs

    return run
