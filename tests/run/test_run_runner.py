from __future__ import annotations

import asyncio
import json
import time
from collections import Counter

import pytest
from runhelpers import FlakyInfra, execute, run_config

from relgap.errors import ProviderError
from relgap.records import Outcome, StopReason
from relgap.store import RunDir, load
from relgap.suite.registry import get_suite


def test_the_oracle_passes_every_task_through_the_real_agent_loop(tmp_path):
    """Replays every task's reference script through the agent loop: all solvable, grader right."""
    suite = get_suite("food_order")
    progress = execute(run_config(models=["sim/oracle"], trials=1), tmp_path / "run")
    records = RunDir.open(tmp_path / "run").records()
    assert progress.done == len(suite.tasks()) == len(records)
    failures = [(r.task_id, r.failed_checks) for r in records if not r.passed]
    assert failures == []
    assert {r.stop_reason for r in records} == {StopReason.USER_DONE, StopReason.TRANSFERRED}
    assert all(r.user_simulator == "scripted" and r.user_stated_all for r in records)


def test_simulated_models_are_reproducible_per_seed_and_vary_across_seeds(tmp_path, first_tasks):
    tasks = first_tasks(16)
    config = run_config(models=["sim/fast", "sim/reasoner-high"], trials=4, task_ids=tasks)
    execute(config, tmp_path / "a")
    execute(config, tmp_path / "b")
    execute(config.model_copy(update={"seed": 1}), tmp_path / "c")

    def outcomes(path):
        frame = load(path).sort_values(["model", "task_id", "trial"])
        return list(
            zip(
                frame["model"],
                frame["task_id"],
                frame["trial"],
                frame["passed"],
                frame["score"],
                strict=True,
            )
        )

    assert outcomes(tmp_path / "a") == outcomes(tmp_path / "b")
    assert outcomes(tmp_path / "a") != outcomes(tmp_path / "c")
    frame = load(tmp_path / "a")
    assert frame["simulated"].all()
    assert 0 < frame["passed"].mean() < 1  # mistakes happen, but not always


def test_resume_runs_only_missing_trials_and_never_duplicates(tmp_path, first_tasks):
    tasks = first_tasks(8)
    out = tmp_path / "run"
    first = execute(run_config(trials=2, task_ids=tasks), out)
    assert first.done == 2 * len(tasks)
    second = execute(run_config(trials=3, task_ids=tasks), out)
    assert second.already_done == 2 * len(tasks) and second.done == len(tasks)
    keys = Counter(r.key for r in RunDir.open(out).records())
    lines = (out / "trials.jsonl").read_text().splitlines()
    assert len(lines) == 3 * len(tasks) == len(keys)
    assert max(keys.values()) == 1
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"
    third = execute(run_config(trials=3, task_ids=tasks), out)
    assert third.done == 0


def test_infrastructure_errors_are_retried_and_never_counted_as_model_failures(
    tmp_path, first_tasks
):
    tasks = first_tasks(12)
    flaky = FlakyInfra("sim/fast", failure_rate=0.3, seed=1)
    progress = execute(
        run_config(trials=3, task_ids=tasks, max_retries=8),
        tmp_path / "flaky",
        providers={"sim/fast": flaky},
    )
    clean = execute(run_config(trials=3, task_ids=tasks), tmp_path / "clean")
    assert flaky.failures > 20 and progress.retries == flaky.failures
    assert progress.errors == 0
    # Same seeds, so the outcomes equal the clean run's: the failures changed nothing.
    a = load(tmp_path / "flaky").sort_values(["task_id", "trial"])["passed"].tolist()
    b = load(tmp_path / "clean").sort_values(["task_id", "trial"])["passed"].tolist()
    assert a == b and clean.errors == 0


def test_exhausted_retries_become_error_trials(tmp_path, first_tasks):
    tasks = first_tasks(8)
    flaky = FlakyInfra("sim/fast", failure_rate=0.5, seed=2)
    progress = execute(
        run_config(trials=2, task_ids=tasks, max_retries=0),
        tmp_path / "run",
        providers={"sim/fast": flaky},
    )
    records = RunDir.open(tmp_path / "run").records()
    errors = [r for r in records if r.outcome is Outcome.ERROR]
    assert errors and progress.errors == len(errors)
    for r in errors:
        assert r.stop_reason is StopReason.INFRA_ERROR and not r.passed
        assert r.failed_checks == [] and r.error_kind in {"rate_limit", "server_error", "timeout"}
    # Resuming re-runs the error trials only; the newer record supersedes the old.
    execute(run_config(trials=2, task_ids=tasks), tmp_path / "run")
    records = RunDir.open(tmp_path / "run").records()
    assert len(records) == 2 * len(tasks)
    assert not [r for r in records if r.outcome is Outcome.ERROR]


def test_budget_stops_scheduling_and_resume_with_a_larger_budget_finishes(tmp_path, first_tasks):
    tasks = first_tasks(16)
    out = tmp_path / "run"
    full = execute(
        run_config(models=["sim/reasoner-high"], trials=4, task_ids=tasks), tmp_path / "full"
    )
    per_trial = full.spent_usd / full.done
    budget = per_trial * 10
    concurrency = 4
    progress = execute(
        run_config(
            models=["sim/reasoner-high"],
            trials=4,
            task_ids=tasks,
            budget_usd=budget,
            concurrency=concurrency,
        ),
        out,
    )
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "stopped: budget"
    assert 0 < progress.done < 4 * len(tasks)
    costs = [r.cost_usd for r in RunDir.open(out).records()]
    max_trial = max(r.cost_usd for r in RunDir.open(tmp_path / "full").records())
    assert sum(costs) <= budget + concurrency * max_trial
    progress = execute(
        run_config(models=["sim/reasoner-high"], trials=4, task_ids=tasks, budget_usd=budget * 100),
        out,
    )
    assert len(RunDir.open(out).records()) == 4 * len(tasks)
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


def test_cache_answers_reruns_for_free_and_keeps_trials_independent(tmp_path, first_tasks):
    tasks = first_tasks(8)
    cache = tmp_path / "cache"
    config = run_config(models=["sim/fast"], trials=4, task_ids=tasks, cache_dir=str(cache))
    first = execute(config, tmp_path / "a")
    again = execute(config, tmp_path / "b")
    a = load(tmp_path / "a").sort_values(["task_id", "trial"])
    b = load(tmp_path / "b").sort_values(["task_id", "trial"])
    assert a["passed"].tolist() == b["passed"].tolist()
    assert first.spent_usd > 0 and again.spent_usd == 0
    # One cache entry per model call of every trial: n trials never collapse into one.
    entries = list(cache.rglob("*.json"))
    assert len(entries) == int(a["steps"].sum())
    assert b["steps"].sum() == a["steps"].sum()


def test_interleaved_schedule_balances_an_interrupted_run(tmp_path, first_tasks):
    tasks = first_tasks(8)
    out = tmp_path / "run"
    execute(
        run_config(
            models=["sim/fast", "sim/reasoner-low"], trials=3, task_ids=tasks, concurrency=1
        ),
        out,
    )
    lines = [json.loads(x) for x in (out / "trials.jsonl").read_text().splitlines()]
    first_block = lines[: 2 * len(tasks)]
    assert {(r["model"], r["task_id"]) for r in first_block} == {
        (m, t) for m in ("sim/fast", "sim/reasoner-low") for t in tasks
    }
    assert {r["trial"] for r in first_block} == {0}


class Stalling(FlakyInfra):
    """A model whose second call never returns within the trial's time limit."""

    async def complete(self, messages, tools, settings):
        if sum(m.role == "assistant" for m in messages) >= 1:
            await asyncio.sleep(30)
        return await self.inner.complete(messages, tools, settings)


def test_a_trial_past_its_time_limit_is_an_error_not_a_failure(tmp_path, first_tasks):
    tasks = first_tasks(4)
    stalling = Stalling("sim/oracle", failure_rate=0.0)
    progress = execute(
        run_config(models=["sim/oracle"], trials=1, task_ids=tasks, trial_timeout_s=0.2),
        tmp_path / "run",
        providers={"sim/oracle": stalling},
    )
    records = RunDir.open(tmp_path / "run").records()
    assert progress.errors == len(records) == len(tasks)
    for r in records:
        assert r.outcome is Outcome.ERROR and r.stop_reason is StopReason.TIMEOUT
        assert r.error_kind == "timeout" and r.steps == 1
        assert len(r.transcript) >= 3  # the partial conversation is kept
        assert len(r.response_ids) == 1


class FailsFatally(FlakyInfra):
    """A provider whose key is revoked mid-run: the 20th call is refused for good."""

    async def complete(self, messages, tools, settings):
        self.calls += 1
        if self.calls >= 20:
            raise ProviderError("invalid x-api-key", transient=False, kind="auth")
        await asyncio.sleep(0.001)
        return await self.inner.complete(messages, tools, settings)


def test_a_fatal_error_stops_every_worker_before_the_store_closes(tmp_path, first_tasks):
    tasks = first_tasks(16)
    provider = FailsFatally("sim/fast", failure_rate=0.0)
    with pytest.raises(ProviderError, match="invalid x-api-key"):
        execute(
            run_config(trials=4, task_ids=tasks, concurrency=8),
            tmp_path / "run",
            providers={"sim/fast": provider},
        )
    log = (tmp_path / "run" / "trials.jsonl").read_text()
    time.sleep(0.2)  # nothing may still be writing
    assert (tmp_path / "run" / "trials.jsonl").read_text() == log
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["status"].startswith("failed: ") and "x-api-key" in manifest["status"]
    assert not [r for r in RunDir.open(tmp_path / "run").records() if r.outcome is Outcome.ERROR]


def test_the_budget_covers_the_whole_run_across_resumes(tmp_path, first_tasks):
    tasks = first_tasks(16)
    out = tmp_path / "run"
    full = execute(
        run_config(models=["sim/reasoner-high"], trials=4, task_ids=tasks), tmp_path / "full"
    )
    budget = full.spent_usd / full.done * 10
    config = run_config(
        models=["sim/reasoner-high"], trials=4, task_ids=tasks, budget_usd=budget, concurrency=2
    )
    execute(config, out)
    spent = sum(r.cost_usd for r in RunDir.open(out).records())
    again = execute(config, out)  # the same command: the budget is already spent
    assert again.done == 0 and again.stopped == "budget"
    assert sum(r.cost_usd for r in RunDir.open(out).records()) == pytest.approx(spent)


def test_one_writer_per_run_directory(tmp_path):
    from relgap.errors import StoreError

    first = RunDir(tmp_path / "run").lock()
    try:
        with pytest.raises(StoreError, match="another relgap process is writing"):
            RunDir(tmp_path / "run").lock()
    finally:
        first.close()
    RunDir(tmp_path / "run").lock().close()  # free again


def test_resuming_with_other_step_limits_is_refused(tmp_path, first_tasks):
    from relgap.errors import ConfigError

    tasks = first_tasks(4)
    execute(run_config(trials=1, task_ids=tasks), tmp_path / "run")
    with pytest.raises(ConfigError, match="max_steps=None, not 5"):
        execute(run_config(trials=2, task_ids=tasks, max_steps=5), tmp_path / "run")
