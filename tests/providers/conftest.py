"""The local wire-protocol server the adapter tests talk to (127.0.0.1, free port)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from relgap.server import LocalServer, serve_in_thread
from relgap.suite.base import Suite, Task
from relgap.suite.registry import get_suite

# A `timeout` fault stalls this long; the fault tests' clients give up after 0.5 s.
SLOW_SECONDS = 2.0


@pytest.fixture(scope="session")
def sim_server() -> Iterator[LocalServer]:
    with serve_in_thread(slow_seconds=SLOW_SECONDS, retry_after_s=0.05) as server:
        yield server


@pytest.fixture
def server(sim_server: LocalServer) -> LocalServer:
    """The session's server with an empty request log."""
    sim_server.state.clear()
    return sim_server


@pytest.fixture(scope="session")
def food_order() -> Suite:
    return get_suite("food_order")


@pytest.fixture(scope="session")
def task(food_order: Suite) -> Task:
    """A task whose reference script calls tools before answering."""
    return next(t for t in food_order.tasks() if t.tier == 2)
