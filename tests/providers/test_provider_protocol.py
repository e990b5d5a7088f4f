"""The Provider protocol declares what the runner uses (the reasoning effort a name fixes,
``check_settings``), every provider defines it, and an older provider gets the defaults."""

from __future__ import annotations

import pytest

from relgap.agent.baselines import BASELINE_NAMES, baseline_agent, reference_agent
from relgap.agent.protocol import AgentLabel
from relgap.errors import ConfigError
from relgap.providers.anthropic import AnthropicProvider
from relgap.providers.base import GenerateSettings, Provider, as_provider
from relgap.providers.litellm import LiteLLMProvider
from relgap.providers.openai import OpenAIChatProvider, OpenAIResponsesProvider
from relgap.run.cache import CachingProvider
from relgap.run.config import RunConfig
from relgap.run.limits import LimitedProvider
from relgap.run.retry import RetryingProvider, RetryPolicy
from relgap.run.runner import run_suite
from relgap.simulation import SimulatedProvider


@pytest.mark.parametrize(
    "cls",
    [OpenAIChatProvider, OpenAIResponsesProvider, AnthropicProvider, LiteLLMProvider, AgentLabel],
)
def test_every_adapter_class_defines_the_whole_protocol(cls):
    assert cls.reasoning_effort is None
    assert callable(cls.check_settings)


def test_wrappers_pass_the_effort_and_the_settings_check_through(tmp_path):
    def stack(inner: Provider) -> Provider:
        limited = LimitedProvider(inner, rpm=60)
        return CachingProvider(RetryingProvider(limited, RetryPolicy()), tmp_path / "cache")

    high = stack(SimulatedProvider("sim/reasoner-high"))
    assert isinstance(high, Provider) and high.reasoning_effort == "high"
    swept = stack(SimulatedProvider("sim/reasoner"))
    swept.check_settings(GenerateSettings(reasoning_effort="low"))
    with pytest.raises(ConfigError, match="sim/reasoner takes reasoning effort"):
        swept.check_settings(GenerateSettings(reasoning_effort="huge"))


def test_baseline_agents_are_whole_providers():
    from relgap.suite.registry import get_suite

    suite = get_suite("food_order")
    task = suite.tasks()[0]
    for name in BASELINE_NAMES:
        assert isinstance(baseline_agent(name, suite, task), Provider), name
    assert isinstance(reference_agent(suite, task), Provider)


class Legacy:
    """A provider written to the protocol's first version: no effort, no settings check."""

    name = family = "legacy"
    simulated = False

    async def complete(self, messages, tools, settings):  # pragma: no cover - never called
        raise AssertionError

    async def aclose(self) -> None:
        return None


def test_an_older_provider_gets_the_defaults():
    assert not isinstance(Legacy(), Provider)
    adapted = as_provider(Legacy())
    assert isinstance(adapted, Provider)
    assert adapted.reasoning_effort is None and adapted.name == "legacy"
    adapted.check_settings(GenerateSettings(temperature=2.0))  # accepts anything
    whole = SimulatedProvider("sim/fast")
    assert as_provider(whole) is whole


class Picky(SimulatedProvider):
    """Refuses every temperature, as a reasoning model would."""

    def check_settings(self, settings: GenerateSettings) -> None:
        if settings.temperature is not None:
            raise ConfigError("picky takes no temperature")


def test_the_runner_checks_a_given_providers_settings_before_any_trial(tmp_path):
    config = RunConfig(
        suite="food_order", models=["sim/fast"], trials=1, task_ids=["fo-t1-001"],
        variants=["temperature=0,1"],
    )  # fmt: skip
    with pytest.raises(ConfigError, match="picky takes no temperature"):
        run_suite(config, tmp_path / "run", providers={"sim/fast": Picky("sim/fast")})
    assert not (tmp_path / "run" / "trials.jsonl").exists()
