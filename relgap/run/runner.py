"""The runner: schedules a built run's trials concurrently and stores each as it ends.

It resumes a run directory without ever repeating a recorded trial, and keeps a run within
its budget. What it runs is built by :mod:`relgap.run.build`.
"""

from __future__ import annotations

import asyncio
import os
import platform
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from relgap.agent.loop import LoopLimits
from relgap.errors import ConfigError
from relgap.providers.base import Provider
from relgap.records import Outcome, TrialRecord, spent_usd, utc_now
from relgap.run.build import (
    BuiltRun,
    Models,
    build_models,
    build_run,
    build_user_factory,
    check_budget_is_enforceable,
    own_agent_turn,
)
from relgap.run.config import USER_KEYS, RunConfig
from relgap.run.plan import iter_trials
from relgap.run.trial import Pricer, TrialSpec, run_trial
from relgap.store.rundir import RunDir
from relgap.suite.base import Suite

_PACKAGES = [
    "relgap",
    "openai",
    "anthropic",
    "litellm",
    "pydantic",
    "numpy",
    "pandas",
    "statsmodels",
]


def package_versions() -> dict[str, str]:
    """The versions of Python and of the packages that can change a run's numbers."""
    found = {"python": platform.python_version()}
    for name in _PACKAGES:
        try:
            found[name] = version(name)
        except PackageNotFoundError:
            found[name] = "not installed"
    return found


@dataclass
class RunProgress:
    """Counters the runner keeps up to date; the CLI reads them for its progress bar."""

    total: int = 0
    already_done: int = 0
    done: int = 0
    passed: int = 0
    failed: int = 0
    errors: int = 0
    retries: int = 0
    spent_usd: float = 0.0
    unknown_cost: int = 0
    in_flight: int = 0
    prior_spent_usd: float = 0.0  # recorded by earlier invocations of this run
    prior_priced: int = 0
    stopped: str | None = None
    resumed_from: str | None = None  # the status of the run this invocation resumed
    by_model: dict[str, list[int]] = field(default_factory=dict)

    def add(self, record: TrialRecord) -> None:
        """Count a trial that has just been stored."""
        self.done += 1
        if record.outcome is Outcome.PASS:
            self.passed += 1
        elif record.outcome is Outcome.FAIL:
            self.failed += 1
        else:
            self.errors += 1
        cost = record.spent_usd  # the LLM user's calls count toward the budget too
        if cost is None:
            self.unknown_cost += 1
        else:
            self.spent_usd += cost

    @property
    def pass_rate(self) -> float | None:
        """Passed over graded trials so far (infrastructure errors left out); None before any."""
        graded = self.passed + self.failed
        return self.passed / graded if graded else None


class Runner:
    """Executes a built run into a run directory: concurrency, budget, resume, storage.

    Args:
        config: what to run: a :class:`RunConfig` (built here, see :func:`build_run`) or a
            :class:`BuiltRun`.
        out: the run directory; if it already holds this run, the run resumes.
        providers: ready providers by model name (tests, embedding); others are built by name.
        price: prices a hosted model's usage (USD or None when unknown).
        on_record: called after each trial is stored.
        on_start: called once the run has passed its checks and knows its trials, before
            the first one starts (a progress display starts here, so a run refused before
            it leaves no empty bar above its error).
        agent: your own agent object (an async function or class, see
            :mod:`relgap.agent.protocol`) to run instead of ``config.agent``.
        suite: a suite object to run instead of looking ``config.suite`` up (its ``name``
            must equal ``config.suite``). ``config.suite`` may also be a suite folder path
            (``./my_suite/``): the config then records the suite's name, the manifest its path.
    """

    def __init__(
        self,
        config: RunConfig | BuiltRun,
        out: str | os.PathLike[str],
        *,
        providers: dict[str, Provider] | None = None,
        price: Pricer | None = None,
        on_record: Callable[[TrialRecord], None] | None = None,
        on_start: Callable[[], None] | None = None,
        suite: Suite | None = None,
        agent: Any = None,
    ) -> None:
        """Build ``config`` unless it is built; nothing is opened until ``run_async``."""
        if isinstance(config, BuiltRun):
            if suite is not None or agent is not None:
                raise TypeError("a BuiltRun already holds its suite and agent")
            self.built = config
        else:
            self.built = build_run(config, suite=suite, agent=agent)
        self.config, self.suite, self.tasks = self.built.config, self.built.suite, self.built.tasks
        self.variants, self.agent = self.built.variants, self.built.agent
        self.rundir = RunDir(out)
        self.price = price
        self.on_record = on_record
        self.on_start = on_start
        self.progress = RunProgress()
        self._trial_ended = asyncio.Condition()  # workers waiting on the budget wake on it
        self._given = dict(providers or {})
        self.models = Models()

    def user_simulator(self) -> str:
        """Who plays the user, as the manifest records it: ``scripted`` or ``llm:MODEL``."""
        model = self.config.user_model
        return f"llm:{model}" if model else "scripted"

    def _count_retry(self, _error: Exception) -> None:
        self.progress.retries += 1

    def _open_store(self, run_id: str) -> set[tuple[str, str, str, int]]:
        """Create or reopen the run directory; the keys of the trials already recorded."""
        manifest = {
            "run_id": run_id,
            "config": self.config.manifest_view(),
            "suite_version": self.suite.version,
            "suite_source": self.built.source.describe(),
            "task_ids": [t.id for t in self.tasks],
            "simulated_models": [m for m, p in self.models.by_name.items() if p.simulated],
            "user_simulator": self.user_simulator(),
            "versions": package_versions(),
            "started_at": utc_now("seconds"),
            "status": "running",
        }
        if not self.rundir.exists():
            self.rundir = RunDir.create(self.rundir.path, manifest)
            return set()
        self.rundir = rd = RunDir.open(self.rundir.path)
        old = rd.manifest()
        # We hold the writer lock: a manifest still saying "running" was left by a process
        # that died without closing the run (kill -9).
        was = old.get("status")
        self.progress.resumed_from = "interrupted" if was == "running" else was
        old_config = old.get("config", {})
        # Trials of a resumed run must be comparable with those already recorded.
        now = {**self.config.manifest_view(), "suite_version": self.suite.version}
        was = {**old_config, "suite_version": old.get("suite_version")}
        for key in (
            "suite", "seed", "suite_version", "base_url", "max_steps", "agent", *USER_KEYS,
        ):  # fmt: skip
            if was.get(key, USER_KEYS.get(key)) != now.get(key):
                raise ConfigError(
                    f"{rd.path} holds a run with {key}={was.get(key)!r}, not "
                    f"{now.get(key)!r}: resuming would mix incomparable trials; choose another "
                    "--out to start a new run"
                )
        done = {r.key for r in rd.records() if r.outcome is not Outcome.ERROR}
        # The budget covers the whole run, not one invocation: count what was spent before
        # (superseded error trials included: they were paid for too).
        for _, raw in rd.iter_raw() if self.config.budget_usd is not None else ():
            cost = spent_usd(raw)
            if cost is not None:
                self.progress.prior_spent_usd += cost
                self.progress.prior_priced += 1
        rd.update_manifest(
            config=self.config.manifest_view(),
            task_ids=sorted(set(old.get("task_ids", [])) | {t.id for t in self.tasks}),
            status="running",
            resumed_at=[*old.get("resumed_at", []), utc_now("seconds")],
            versions=package_versions(),
        )
        return done

    # -- running --------------------------------------------------------------------------
    async def run_async(self) -> RunProgress:
        """Run every trial not yet recorded; return the counters."""
        rd = self.rundir
        run_id = rd.manifest()["run_id"] if rd.exists() else uuid.uuid4().hex[:12]
        try:
            # Before touching the disk: a missing key fails fast.
            build_models(self.built, self._given, self._count_retry, into=self.models)
            check_budget_is_enforceable(self.config, self.models, self.price)
            lock = rd.lock()  # one writer per run directory
            try:
                return await self._run_locked(run_id)
            finally:
                lock.close()
        finally:
            await self.models.aclose()

    async def _run_locked(self, run_id: str) -> RunProgress:
        done = self._open_store(run_id)
        rd = self.rundir
        try:
            rd.open_log()  # an unwritable log fails here, before the first trial is paid for
        except BaseException:
            rd.update_manifest(status="failed: the trial log cannot be written")
            raise
        cfg = self.config
        specs = iter_trials(
            run_id, self.suite, self.tasks, cfg.models, self.variants, cfg.trials, cfg.seed
        )  # lazy: a huge --trials costs no memory before it runs
        self.progress.total = len(self.tasks) * len(cfg.models) * len(self.variants) * cfg.trials
        tasks, labels = {t.id for t in self.tasks}, {v.label for v in self.variants}
        self.progress.already_done = sum(
            model in cfg.models and variant in labels and task_id in tasks and trial < cfg.trials
            for model, variant, task_id, trial in done
        )
        pending = self.progress.total - self.progress.already_done
        if self.on_start is not None:
            self.on_start()
        status = "interrupted"
        try:
            queue = (s for s in specs if s.key not in done)
            # A TaskGroup cancels (and waits for) the other workers when one fails, so none
            # writes after the store is closed below.
            async with asyncio.TaskGroup() as group:
                for _ in range(min(cfg.concurrency, pending or 1)):
                    group.create_task(self._worker(queue))
            status = f"stopped: {self.progress.stopped}" if self.progress.stopped else "complete"
        except BaseExceptionGroup as failure:
            first = failure.exceptions[0]
            status = f"failed: {first}"
            raise first from None
        finally:
            rd.close()
            rd.update_manifest(status=status, finished_at=utc_now("seconds"))
        return self.progress

    def _budget_verdict(self) -> str:
        """May one more trial start without risking the budget: "go", "wait" or "stop"?

        Judged on the mean cost of the priced trials so far times the trials in flight plus
        this one. Until the first trial ends, it runs alone to learn what a trial costs and
        the other workers wait for it (they used to stop, ending the run after one trial
        whenever calls suspend: any network model, or --rpm pacing). A worker also waits,
        rather than stops, while trials in flight may leave room for it.
        """
        budget = self.config.budget_usd
        if budget is None:
            return "go"
        p = self.progress
        spent = p.prior_spent_usd + p.spent_usd
        priced = p.prior_priced + p.done - p.unknown_cost
        if spent >= budget:
            return "stop"
        if priced == 0:
            # Before any trial has ended, one runs alone. A trial that ended unpriced (a
            # model with no known price, e.g. relgap serve's) cannot move the spend: go.
            return "wait" if p.in_flight and not p.done else "go"
        estimate = spent / priced
        if spent + (p.in_flight + 1) * estimate <= budget:
            return "go"
        return "wait" if p.in_flight else "stop"

    async def _may_start(self) -> bool:
        """Wait until the budget lets one more trial start (True) or ends the run (False)."""
        async with self._trial_ended:  # judged under the lock: no trial end goes unheard
            while not self.progress.stopped:
                verdict = self._budget_verdict()
                if verdict == "go":
                    return True
                if verdict == "stop":
                    self.progress.stopped = "budget"
                    return False
                await self._trial_ended.wait()
        return False

    async def _worker(self, queue: Iterator[TrialSpec]) -> None:
        limits = LoopLimits(max_steps=self.config.max_steps or self.suite.max_steps)
        user = build_user_factory(self.config, self.models.user, self.price)
        for spec in queue:
            if not await self._may_start():
                return
            self.progress.in_flight += 1
            try:
                record = await run_trial(
                    spec,
                    self.models.by_name[spec.model],
                    limits=limits,
                    timeout_s=self.config.trial_timeout_s,
                    price=self.price,
                    user=user,
                    max_turns=self.config.max_turns,
                    agent=own_agent_turn(self.agent, spec, self.price),
                )
            finally:
                self.progress.in_flight -= 1
            self.rundir.append(record)
            self.progress.add(record)
            if self.agent is not None and self.config.budget_usd and record.spent_usd is None:
                self.progress.stopped = (
                    "budget (the agent reports no usage, so its cost is unknown)"
                )
            if self.on_record is not None:
                self.on_record(record)
            async with self._trial_ended:
                self._trial_ended.notify_all()  # a worker waiting on the budget re-judges
            # A provider that never suspends (the simulated models) would otherwise run every
            # trial in this one worker, deaf to Ctrl-C until the end.
            await asyncio.sleep(0)


def run_suite(
    config: RunConfig | BuiltRun, out: str | os.PathLike[str], **kwargs: Any
) -> RunProgress:
    """Synchronous entry point: run (or resume) ``config`` into ``out``."""
    return asyncio.run(Runner(config, out, **kwargs).run_async())
