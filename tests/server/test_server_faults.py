"""Fault specs, the seeded fault planner and the sliding-window limiter."""

from __future__ import annotations

import pytest

from relgap.errors import ConfigError
from relgap.server.faults import FaultPlanner, FaultSpec, RateLimiter, parse_fault_list, split_model


@pytest.mark.parametrize(
    ("model", "base", "spec"),
    [
        ("sim-fast", "sim-fast", None),
        ("sim-fast+fault=429", "sim-fast", FaultSpec(("429",), 1.0)),
        ("sim/oracle+fault=500,timeout+rate=0.3", "sim/oracle", FaultSpec(("500", "timeout"), 0.3)),
        ("sim-fast+rate=0.5+fault=Malformed", "sim-fast", FaultSpec(("malformed",), 0.5)),
    ],
)
def test_split_model(model: str, base: str, spec: FaultSpec | None) -> None:
    assert split_model(model) == (base, spec)


@pytest.mark.parametrize(
    "model", ["sim-fast+fault=418", "sim-fast+rate=2", "sim-fast+colour=red", "sim-fast+fault"]
)
def test_split_model_rejects_nonsense(model: str) -> None:
    with pytest.raises(ConfigError):
        split_model(model)


def test_parse_fault_list() -> None:
    assert parse_fault_list(" 429, 500 ,truncated,") == ("429", "500", "truncated")
    with pytest.raises(ConfigError, match="known faults"):
        parse_fault_list("429,explode")


def test_planner_is_seeded_per_request() -> None:
    spec = FaultSpec(("429", "500"), 0.3)
    draws = [FaultPlanner(None, seed=4).choose(i, spec, None, None) for i in range(400)]
    again = [FaultPlanner(None, seed=4).choose(i, spec, None, None) for i in range(400)]
    assert draws == again
    share = sum(d is not None for d in draws) / len(draws)
    assert 0.22 < share < 0.38
    assert {d for d in draws if d} == {"429", "500"}
    assert draws != [FaultPlanner(None, seed=5).choose(i, spec, None, None) for i in range(400)]


def test_planner_precedence() -> None:
    planner = FaultPlanner(FaultSpec(("500",), 1.0))
    assert planner.choose(0, None, None, None) == "500"  # server-wide
    assert planner.choose(0, FaultSpec(("429",)), None, None) == "429"  # model suffix wins
    assert planner.choose(0, FaultSpec(("429",)), "timeout", None) == "timeout"  # header wins
    assert planner.choose(0, None, "timeout", "0") is None
    assert FaultPlanner(None).choose(0, None, None, None) is None


def test_rate_limiter_sliding_window() -> None:
    limiter = RateLimiter(rpm=2)
    assert limiter.acquire(now=0.0) is None
    assert limiter.acquire(now=10.0) is None
    assert limiter.acquire(now=20.0) == pytest.approx(40.0)
    assert limiter.acquire(now=60.5) is None  # the first request left the window
    assert limiter.acquire(now=61.0) == pytest.approx(9.0)
