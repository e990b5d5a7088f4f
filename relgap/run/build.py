"""The build step: turn the names in a RunConfig into the objects a run drives.

A suite name, folder path or object becomes a :class:`~relgap.suite.base.Suite` with its
tasks and variants (:func:`build_run`); each model name becomes a provider stacked with its
wrappers, cache -> retries -> rate limits -> adapter (:func:`build_models`); the user model a
user factory; your own agent's spec a per-trial maker. As in tau2-bench's runner, building is
kept apart from running: :class:`~relgap.run.runner.Runner` only schedules what is built here.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from relgap.agent.load import describe_agent, load_agent
from relgap.agent.protocol import AgentFactory, AgentLabel, OwnAgentTurn, agent_factory
from relgap.errors import ConfigError, ProviderError
from relgap.messages import Usage
from relgap.providers.base import GenerateSettings, Provider, as_provider
from relgap.providers.registry import get_provider
from relgap.run.cache import CachingProvider
from relgap.run.config import RunConfig
from relgap.run.limits import LimitedProvider
from relgap.run.plan import Variant, parse_variants, select_tasks
from relgap.run.retry import RetryingProvider, RetryPolicy
from relgap.run.trial import Pricer, TrialSpec, UserFactory, llm_user_factory, scripted_user
from relgap.run.variants import check_variants_matter
from relgap.suite.base import Suite, Task
from relgap.suite.registry import (
    SuiteSource,
    register_suite,
    resolve_suite,
    suite_names,
    suite_source,
)
from relgap.suite.validate import check_tasks


@dataclass(frozen=True)
class BuiltRun:
    """What a run plays, built from its config without calling any model.

    Attributes:
        config: the config as recorded: a suite folder path replaced by the suite's name,
            your own agent object by its description.
        suite: the suite to play.
        source: where the suite came from (installed, a folder, an object), for the manifest.
        tasks: the tasks ``--tasks`` and ``--tier`` select, checked.
        variants: the settings sweep (one ``default`` variant without ``--variant``).
        agent: your own agent's per-trial maker; None: the built-in tool loop.
    """

    config: RunConfig
    suite: Suite
    source: SuiteSource
    tasks: list[Task]
    variants: list[Variant]
    agent: AgentFactory | None


def build_run(config: RunConfig, *, suite: Suite | None = None, agent: Any = None) -> BuiltRun:
    """The suite, tasks, variants and agent that ``config`` names.

    ``suite`` and ``agent`` are objects to use instead of looking the names up. A broken
    suite or task fails here, before any trial.
    """
    config, factory = build_agent(config, agent)
    config, suite = build_suite(config, suite)
    if suite.name != config.suite:
        raise ConfigError(
            f"suite object '{suite.name}' does not match config suite '{config.suite}'"
        )
    tasks = select_tasks(suite, config.task_ids, config.tiers)
    check_tasks(suite, tasks)  # a broken suite fails here, before any trial
    base = GenerateSettings(temperature=config.temperature, max_tokens=config.max_tokens)
    variants = parse_variants(config.variants, base)
    return BuiltRun(config, suite, suite_source(suite), tasks, variants, factory)


def build_suite(config: RunConfig, suite: Suite | None) -> tuple[RunConfig, Suite]:
    """The suite to run and the config naming it.

    A folder path in ``config.suite`` becomes the suite's name; a suite object is
    registered in this process (unless an installed suite has its name) so that
    in-process servers' simulated models can play it too.
    """
    if suite is None:
        suite = resolve_suite(config.suite)
        return config.model_copy(update={"suite": suite.name}), suite
    if suite.name not in suite_names():
        register_suite(suite)
    return config, suite


def build_agent(config: RunConfig, agent: Any) -> tuple[RunConfig, AgentFactory | None]:
    """Your own agent's per-trial maker (None: the built-in loop) and the config naming it."""
    if agent is not None:
        named = config.agent or describe_agent(agent)
        return config.model_copy(update={"agent": named}), agent_factory(agent)
    return config, (load_agent(config.agent) if config.agent else None)


def own_agent_turn(
    factory: AgentFactory | None, spec: TrialSpec, price: Pricer | None
) -> OwnAgentTurn | None:
    """A fresh instance of your own agent for this trial (None: the built-in loop)."""
    if factory is None:
        return None
    return OwnAgentTurn(factory(), spec.model, spec.settings.with_seed(spec.seed), price)


@dataclass
class Models:
    """The providers a run calls, each wrapped (cache -> retries -> rate limits -> adapter).

    Attributes:
        by_name: the provider of each ``--model`` (an :class:`AgentLabel` when your own
            agent plays: the model then only labels its group).
        user: the provider that plays the user (``--user-model``); None: the scripted user.
    """

    by_name: dict[str, Provider] = field(default_factory=dict)
    user: Provider | None = None

    async def aclose(self) -> None:
        """Close every provider; one failing to close does not keep the others open."""
        users = [self.user] if self.user is not None else []
        closing = (p.aclose() for p in [*self.by_name.values(), *users])
        await asyncio.gather(*closing, return_exceptions=True)


def build_models(
    run: BuiltRun,
    given: Mapping[str, Any] | None = None,
    on_retry: Callable[[ProviderError], None] | None = None,
    *,
    into: Models | None = None,
) -> Models:
    """Each model's provider, wrapped, with the settings of every variant checked.

    Args:
        run: the built run.
        given: ready providers by model name (tests, embedding); others are built by name.
        on_retry: told of each retried call (the runner's counter).
        into: the Models to fill (default: a new one): when a model fails to build, the
            caller still holds, and closes, those built before it.
    """
    cfg, given = run.config, given or {}
    policy = RetryPolicy(cfg.max_retries, cfg.retry_base_delay_s)
    models = into if into is not None else Models()
    for model in cfg.models:
        if run.agent is not None:  # your own agent: the model only labels the group
            models.by_name[model] = AgentLabel(model)
            continue
        inner = _adapter(cfg, model, cfg.base_url, given.get(model))
        # Settings a provider cannot take fail here, before any trial, not mid-run.
        for variant in run.variants:
            inner.check_settings(variant.settings)
        check_variants_matter(model, given.get(model) or inner, run.variants)
        models.by_name[model] = _wrap(cfg, inner, policy, cfg.base_url, on_retry)
    if cfg.user_model:
        base_url = cfg.user_base_url or cfg.base_url
        inner = _adapter(cfg, cfg.user_model, base_url, given.get(cfg.user_model))
        models.user = _wrap(cfg, inner, policy, base_url, on_retry)
    return models


def _adapter(cfg: RunConfig, model: str, base_url: str | None, given: Any) -> Provider:
    if given is not None:
        return as_provider(given)
    options: dict[str, Any] = {}
    if base_url:
        options["base_url"] = base_url
    if cfg.call_timeout_s and not model.startswith("sim/"):
        options["timeout"] = cfg.call_timeout_s
    return get_provider(model, **options)


def _wrap(
    cfg: RunConfig,
    inner: Provider,
    policy: RetryPolicy,
    base_url: str | None,
    on_retry: Callable[[ProviderError], None] | None,
) -> Provider:
    """Cache -> retries -> rate limits -> adapter."""
    if cfg.rpm or cfg.tpm:
        inner = LimitedProvider(inner, rpm=cfg.rpm, tpm=cfg.tpm)
    provider: Provider = RetryingProvider(inner, policy, on_retry=on_retry)
    if cfg.cache_dir:
        provider = CachingProvider(provider, cfg.cache_dir, scope=base_url or "")
    return provider


def check_budget_is_enforceable(config: RunConfig, models: Models, price: Pricer | None) -> None:
    """A ``--budget`` needs a price for every model that is paid for; say which one lacks it."""
    if config.budget_usd is None:
        return
    checked = dict(models.by_name)
    if config.user_model and models.user is not None:
        checked[config.user_model] = models.user
    for model, provider in checked.items():
        if provider.simulated or isinstance(provider, AgentLabel):
            continue  # your own agent's cost is known only as it reports usage
        if price is None or price(model, Usage(1000, 1000)) is None:
            raise ConfigError(
                f"--budget cannot be enforced: no price is known for '{model}'; "
                f'give its price per million tokens in the config ([prices."{model}"])'
            )


def build_user_factory(
    config: RunConfig, user: Provider | None, price: Pricer | None
) -> UserFactory:
    """Who plays the user of each trial: the scripted user unless ``--user-model``."""
    model = config.user_model
    if model is None or user is None:
        return scripted_user
    pricer = None if price is None else (lambda usage: price(model, usage))
    return llm_user_factory(user, model, pricer)
