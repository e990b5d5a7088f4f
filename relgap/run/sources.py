"""Turn a run's suite and agent references into objects (``build_*``, as the runner's
layers go): a suite name, folder path or object; your own agent's spec or object."""

from __future__ import annotations

from typing import Any

from relgap.agent.load import describe_agent, load_agent
from relgap.agent.protocol import AgentFactory, OwnAgentTurn, agent_factory
from relgap.run.config import RunConfig
from relgap.run.trial import Pricer, TrialSpec
from relgap.suite.base import Suite
from relgap.suite.registry import register_suite, resolve_suite, suite_names


def build_suite(config: RunConfig, suite: Suite | None) -> tuple[RunConfig, Suite]:
    """The suite to run and the config naming it. A folder path in ``config.suite`` becomes
    the suite's name; a suite object is registered in this process (unless an installed
    suite has its name) so that in-process servers' simulated models can play it too."""
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
