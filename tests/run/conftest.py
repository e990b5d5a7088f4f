from __future__ import annotations

import pytest


@pytest.fixture
def first_tasks():
    from relgap.suite.registry import get_suite

    def pick(n: int, per_tier: bool = True) -> list[str]:
        tasks = get_suite("food_order").tasks()
        if not per_tier:
            return [t.id for t in tasks[:n]]
        chosen: list[str] = []
        for tier in (1, 2, 3, 4):
            chosen += [t.id for t in tasks if t.tier == tier][: max(1, n // 4)]
        return chosen

    return pick
