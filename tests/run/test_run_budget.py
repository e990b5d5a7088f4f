"""--budget: workers wait for the first price instead of stopping, and a budget stop is loud."""

from __future__ import annotations

import asyncio
import json

from runhelpers import FlakyInfra, execute, run_config

from relgap.store import RunDir


class Networked(FlakyInfra):
    """A simulated model that suspends on every call, as a network model does."""

    async def complete(self, messages, tools, settings):
        await asyncio.sleep(0.002)
        return await self.inner.complete(messages, tools, settings)


def test_a_generous_budget_runs_every_trial_when_calls_suspend(tmp_path, first_tasks):
    tasks = first_tasks(8)
    out = tmp_path / "run"
    progress = execute(
        run_config(trials=2, task_ids=tasks, budget_usd=100.0, concurrency=8),
        out,
        providers={"sim/fast": Networked("sim/fast", failure_rate=0.0)},
    )
    assert progress.stopped is None
    assert progress.done == 2 * len(tasks) == len(RunDir.open(out).records())
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_a_generous_budget_with_rpm_pacing_runs_every_trial(tmp_path, first_tasks):
    """The issue's reproduction: --rpm makes every call wait, which used to stop the run."""
    tasks = first_tasks(4)
    progress = execute(
        run_config(trials=1, task_ids=tasks, budget_usd=100.0, rpm=20000.0), tmp_path / "run"
    )
    assert progress.stopped is None and progress.done == len(tasks)


def test_a_tight_budget_still_stops_and_keeps_near_it(tmp_path, first_tasks):
    tasks = first_tasks(16)
    provider = Networked("sim/reasoner-high", failure_rate=0.0)
    full = execute(
        run_config(models=["sim/reasoner-high"], trials=2, task_ids=tasks),
        tmp_path / "full",
        providers={"sim/reasoner-high": provider},
    )
    budget = full.spent_usd / full.done * 8
    progress = execute(
        run_config(
            models=["sim/reasoner-high"], trials=2, task_ids=tasks, budget_usd=budget, concurrency=4
        ),
        tmp_path / "run",
        providers={"sim/reasoner-high": Networked("sim/reasoner-high", failure_rate=0.0)},
    )
    assert progress.stopped == "budget"
    # More than one trial ran (the bug stopped after the first), and the spend stays near
    # the budget: at most the trials in flight when it was reached go over.
    assert 4 <= progress.done < 2 * len(tasks)
    max_trial = max(r.cost_usd for r in RunDir.open(tmp_path / "full").records())
    assert progress.spent_usd <= budget + 4 * max_trial


class Unpriced(Networked):
    """A model no price is known for (relgap serve's simulations): every trial costs None."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = self.most = 0

    async def complete(self, messages, tools, settings):
        from dataclasses import replace

        self.now += 1
        self.most = max(self.most, self.now)
        try:
            return replace(await super().complete(messages, tools, settings), cost_usd=None)
        finally:
            self.now -= 1


def test_unpriced_trials_under_a_budget_still_run_concurrently(tmp_path, first_tasks):
    """Once a trial has ended without a price, waiting for one would serialise the run."""
    tasks = first_tasks(8)
    provider = Unpriced("sim/fast", failure_rate=0.0)
    progress = execute(
        run_config(trials=2, task_ids=tasks, budget_usd=1.0, concurrency=8),
        tmp_path / "run",
        providers={"sim/fast": provider},
    )
    assert progress.stopped is None and progress.done == 2 * len(tasks)
    assert progress.unknown_cost == progress.done and provider.most > 1
