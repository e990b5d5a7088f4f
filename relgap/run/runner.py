"""The runner: builds providers, schedules trials concurrently, stores each as it ends,
and resumes a run directory without ever repeating a recorded trial."""

from __future__ import annotations

import asyncio
import platform
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from importlib.metadata import PackageNotFoundError, version
from typing import Any

from relgap.agent.loop import LoopLimits
from relgap.agent.protocol import AgentLabel
from relgap.errors import ConfigError
from relgap.providers.base import GenerateSettings, Provider, as_provider
from relgap.providers.registry import get_provider
from relgap.records import Outcome, TrialRecord, spent_usd, utc_now
from relgap.run.cache import CachingProvider
from relgap.run.config import USER_KEYS, RunConfig
from relgap.run.limits import LimitedProvider
from relgap.run.plan import Variant, iter_trials, parse_variants, select_tasks
from relgap.run.retry import RetryingProvider, RetryPolicy
from relgap.run.sources import build_agent, build_suite, own_agent_turn
from relgap.run.trial import (
    Pricer,
    TrialSpec,
    UserFactory,
    llm_user_factory,
    run_trial,
    scripted_user,
)
from relgap.run.variants import check_variants_matter
from relgap.store.rundir import RunDir
from relgap.suite.base import Suite
from relgap.suite.registry import suite_source
from relgap.suite.validate import check_tasks

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
        graded = self.passed + self.failed
        return self.passed / graded if graded else None


class Runner:
    """Executes a :class:`RunConfig` into a run directory.

    Args:
        config: what to run.
        out: the run directory; if it already holds this run, the run resumes.
        providers: ready providers by model name (tests, embedding); others are built by name.
        price: prices a hosted model's usage (USD or None when unknown).
        on_record: called after each trial is stored.
        agent: your own agent object (an async function or class, see
            :mod:`relgap.agent.protocol`) to run instead of ``config.agent``.
        suite: a suite object to run instead of looking ``config.suite`` up (its ``name``
            must equal ``config.suite``). ``config.suite`` may also be a suite folder path
            (``./my_suite/``): the config then records the suite's name, the manifest its path.
    """

    def __init__(
        self,
        config: RunConfig,
        out: str,
        *,
        providers: dict[str, Provider] | None = None,
        price: Pricer | None = None,
        on_record: Callable[[TrialRecord], None] | None = None,
        suite: Suite | None = None,
        agent: Any = None,
    ) -> None:
        config, self.agent = build_agent(config, agent)
        config, suite = build_suite(config, suite)
        self.config = config
        self.out = out
        self.price = price
        self.on_record = on_record
        self.progress = RunProgress()
        self._trial_ended = asyncio.Condition()  # workers waiting on the budget wake on it
        self.suite = suite
        self.suite_source = suite_source(suite)
        if self.suite.name != config.suite:
            raise ConfigError(
                f"suite object '{self.suite.name}' does not match config suite '{config.suite}'"
            )
        self.tasks = select_tasks(self.suite, config.task_ids, config.tiers)
        check_tasks(self.suite, self.tasks)  # a broken suite fails here, before any trial
        base = GenerateSettings(temperature=config.temperature, max_tokens=config.max_tokens)
        self.variants: list[Variant] = parse_variants(config.variants, base)
        self._given = dict(providers or {})
        self.providers: dict[str, Provider] = {}
        self.user_provider: Provider | None = None

    # -- set-up ---------------------------------------------------------------------------
    def _build_providers(self) -> None:
        """Each model's provider, wrapped: cache -> retries -> rate limits -> adapter."""
        cfg = self.config
        policy = RetryPolicy(cfg.max_retries, cfg.retry_base_delay_s)
        for model in cfg.models:
            if self.agent is not None:  # your own agent: the model only labels the group
                self.providers[model] = AgentLabel(model)
                continue
            given = self._given.get(model)
            inner = as_provider(given) if given else self._adapter(model, cfg.base_url)
            # Settings a provider cannot take fail here, before any trial, not mid-run.
            for variant in self.variants:
                inner.check_settings(variant.settings)
            check_variants_matter(model, given or inner, self.variants)
            self.providers[model] = self._wrap(inner, policy, cfg.base_url)
        if cfg.user_model:
            base_url = cfg.user_base_url or cfg.base_url
            given = self._given.get(cfg.user_model)
            inner = as_provider(given) if given else self._adapter(cfg.user_model, base_url)
            self.user_provider = self._wrap(inner, policy, base_url)
        self._check_budget_is_enforceable()

    def _adapter(self, model: str, base_url: str | None) -> Provider:
        options: dict[str, Any] = {}
        if base_url:
            options["base_url"] = base_url
        if self.config.call_timeout_s and not model.startswith("sim/"):
            options["timeout"] = self.config.call_timeout_s
        return get_provider(model, **options)

    def _wrap(self, inner: Provider, policy: RetryPolicy, base_url: str | None) -> Provider:
        """cache -> retries -> rate limits -> adapter."""
        cfg = self.config
        if cfg.rpm or cfg.tpm:
            inner = LimitedProvider(inner, rpm=cfg.rpm, tpm=cfg.tpm)
        provider: Provider = RetryingProvider(inner, policy, on_retry=self._count_retry)
        if cfg.cache_dir:
            provider = CachingProvider(provider, cfg.cache_dir, scope=base_url or "")
        return provider

    def _check_budget_is_enforceable(self) -> None:
        if self.config.budget_usd is None:
            return
        from relgap.messages import Usage

        checked = dict(self.providers)
        if self.config.user_model and self.user_provider is not None:
            checked[self.config.user_model] = self.user_provider
        for model, provider in checked.items():
            if provider.simulated or isinstance(provider, AgentLabel):
                continue  # your own agent's cost is known only as it reports usage
            if self.price is None or self.price(model, Usage(1000, 1000)) is None:
                raise ConfigError(
                    f"--budget cannot be enforced: no price is known for '{model}'; "
                    f'give its price per million tokens in the config ([prices."{model}"])'
                )

    def user_factory(self) -> UserFactory:
        """Who plays the user of each trial (the scripted user unless --user-model)."""
        model, provider = self.config.user_model, self.user_provider
        if model is None or provider is None:
            return scripted_user
        price = self.price
        pricer = None if price is None else (lambda usage: price(model, usage))
        return llm_user_factory(provider, model, pricer)

    def user_simulator(self) -> str:
        model = self.config.user_model
        return f"llm:{model}" if model else "scripted"

    def _count_retry(self, _error: Exception) -> None:
        self.progress.retries += 1

    def _open_store(self, run_id: str) -> tuple[RunDir, set[tuple[str, str, str, int]]]:
        manifest = {
            "run_id": run_id,
            "config": self.config.manifest_view(),
            "suite_version": self.suite.version,
            "suite_source": self.suite_source.describe(),
            "task_ids": [t.id for t in self.tasks],
            "simulated_models": [m for m, p in self.providers.items() if p.simulated],
            "user_simulator": self.user_simulator(),
            "versions": package_versions(),
            "started_at": utc_now("seconds"),
            "status": "running",
        }
        rd = RunDir(self.out)
        if not rd.exists():
            return RunDir.create(self.out, manifest), set()
        rd = RunDir.open(self.out)
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
                    f"{self.out} holds a run with {key}={was.get(key)!r}, not "
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
        return rd, done

    # -- running --------------------------------------------------------------------------
    async def run_async(self) -> RunProgress:
        """Run every trial not yet recorded; return the counters."""
        rd = RunDir(self.out)
        run_id = rd.manifest()["run_id"] if rd.exists() else uuid.uuid4().hex[:12]
        try:
            self._build_providers()  # before touching the disk: a missing key fails fast
            lock = RunDir(self.out).lock()  # one writer per run directory
            try:
                return await self._run_locked(run_id)
            finally:
                lock.close()
        finally:
            users = [self.user_provider] if self.user_provider is not None else []
            closing = (p.aclose() for p in [*self.providers.values(), *users])
            await asyncio.gather(*closing, return_exceptions=True)

    async def _run_locked(self, run_id: str) -> RunProgress:
        rd, done = self._open_store(run_id)
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
        status = "interrupted"
        try:
            queue = (s for s in specs if s.key not in done)
            # A TaskGroup cancels (and waits for) the other workers when one fails, so none
            # writes after the store is closed below.
            async with asyncio.TaskGroup() as group:
                for _ in range(min(cfg.concurrency, pending or 1)):
                    group.create_task(self._worker(queue, rd))
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
        """ "go", "wait" or "stop": may one more trial start without risking the budget?

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

    async def _worker(self, queue: Iterator[TrialSpec], rd: RunDir) -> None:
        limits = LoopLimits(max_steps=self.config.max_steps or self.suite.max_steps)
        user = self.user_factory()
        for spec in queue:
            if not await self._may_start():
                return
            self.progress.in_flight += 1
            try:
                record = await run_trial(
                    spec,
                    self.providers[spec.model],
                    limits=limits,
                    timeout_s=self.config.trial_timeout_s,
                    price=self.price,
                    user=user,
                    max_turns=self.config.max_turns,
                    agent=own_agent_turn(self.agent, spec, self.price),
                )
            finally:
                self.progress.in_flight -= 1
            rd.append(record)
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


def run_suite(config: RunConfig, out: str, **kwargs: Any) -> RunProgress:
    """Synchronous entry point: run (or resume) ``config`` into ``out``."""
    return asyncio.run(Runner(config, out, **kwargs).run_async())
