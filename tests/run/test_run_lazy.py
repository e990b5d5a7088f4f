"""A huge --trials is scheduled lazily: no memory is spent on trials not yet run."""

from __future__ import annotations

import asyncio
import tracemalloc

from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.store import RunDir


def test_ten_million_trials_on_one_task_start_at_once_in_little_memory(tmp_path):
    config = RunConfig(
        suite="food_order", models=["sim/oracle"], trials=10_000_000, task_ids=["fo-t1-001"]
    )
    runner = Runner(config, str(tmp_path / "run"))

    def stop_soon(_record: object) -> None:
        if runner.progress.done >= 20:
            runner.progress.stopped = "enough for the test"

    runner.on_record = stop_soon
    tracemalloc.start()
    try:
        progress = asyncio.run(runner.run_async())
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert progress.total == 10_000_000 and 20 <= progress.done < 100
    assert peak < 50_000_000, f"{peak / 1e6:.0f} MB"  # a list of 10M trials is gigabytes
    assert len(RunDir.open(tmp_path / "run").records()) == progress.done
