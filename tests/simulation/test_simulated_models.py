"""The simulated family behaves as documented: calibrated, reproducible, spread within tiers."""

from __future__ import annotations

import asyncio

import numpy as np
import pytest

from relgap.messages import Message
from relgap.providers.base import GenerateSettings
from relgap.run.plan import DEFAULT_VARIANT
from relgap.run.trial import TrialSpec, run_trial
from relgap.simulation import SIM_MODELS, SimulatedProvider, resolve_params
from relgap.simulation.policy import make_plan, success_probability
from relgap.suite.registry import get_suite


@pytest.fixture(scope="module")
def suite():
    return get_suite("food_order")


def latent(model: str, suite) -> dict[str, float]:
    params = SIM_MODELS[model]
    return {t.id: success_probability(params, t, suite.name) for t in suite.tasks()}


def test_success_probabilities_spread_within_each_tier(suite):
    p = latent("sim/fast", suite)
    for tier in (1, 2, 3, 4):
        rates = np.array([p[t.id] for t in suite.tasks() if t.tier == tier])
        assert rates.std() > 0.1, f"tier {tier} tasks all equally flaky"
    values = np.array(list(p.values()))
    assert (
        (values > 0.95).any() and (values < 0.1).any() and ((values > 0.3) & (values < 0.7)).any()
    )


def test_reasoning_effort_raises_success_and_consistency(suite):
    means, within = [], []
    for model in ("sim/fast", "sim/reasoner-low", "sim/reasoner-medium", "sim/reasoner-high"):
        values = np.array(list(latent(model, suite).values()))
        means.append(values.mean())
        within.append((values * (1 - values)).mean())
    assert means == sorted(means)
    assert within == sorted(within, reverse=True)


def test_observed_success_matches_the_latent_probability(suite):
    """Every mistake a suite offers is fatal, so a trial succeeds with exactly p."""
    tasks = [
        t
        for t in suite.tasks()
        if 0.2 < success_probability(SIM_MODELS["sim/fast"], t, suite.name) < 0.8
    ][:12]
    provider = SimulatedProvider("sim/fast")
    trials = 40

    async def play():
        specs = [
            TrialSpec(
                "r", suite, t, "sim/fast", "default", DEFAULT_VARIANT.settings, i, seed=1000 * i + j
            )
            for j, t in enumerate(tasks)
            for i in range(trials)
        ]
        return await asyncio.gather(*(run_trial(s, provider) for s in specs))

    records = asyncio.run(play())
    observed = np.mean([r.passed for r in records])
    expected = np.mean([success_probability(SIM_MODELS["sim/fast"], t, suite.name) for t in tasks])
    se = np.sqrt(expected * (1 - expected) / len(records))
    assert abs(observed - expected) < 4 * se
    failed = [r for r in records if not r.passed]
    assert all(r.failed_checks for r in failed), "a failed trial names what went wrong"


def test_the_reply_depends_only_on_the_conversation_and_seed(suite):
    task = suite.tasks()[30]
    params = resolve_params("sim/reasoner-high", None)
    history = [Message("system", suite.system_prompt(task)), Message("user", task.instruction)]
    first = SimulatedProvider.reply(params, history, seed=7)
    assert first == SimulatedProvider.reply(params, history, seed=7)
    assert first.tool_calls and first.tool_calls[0].id.startswith("call_rg7_")
    # Without a seed, the model recovers it from its own earlier tool-call id.
    follow = [*history, first, Message("tool", "{}", tool_call_id=first.tool_calls[0].id)]
    assert SimulatedProvider.reply(params, follow, seed=None) == SimulatedProvider.reply(
        params, follow, seed=7
    )
    plan = make_plan(suite, task, params, 7)
    second = SimulatedProvider.reply(params, follow, seed=None)
    action = plan.actions[1]
    if action.tool is None:
        assert second.content == action.text and not second.tool_calls
    else:
        assert (second.tool_calls[0].name, second.tool_calls[0].arguments) == (
            action.tool,
            action.arguments,
        )


def test_unknown_conversations_get_an_honest_reply():
    provider = SimulatedProvider("sim/fast")
    completion = asyncio.run(
        provider.complete([Message("user", "hello there")], [], GenerateSettings())
    )
    assert "simulated" in completion.message.content and not completion.message.tool_calls


def test_sim_reasoner_takes_its_effort_from_the_settings(suite):
    from relgap.errors import ConfigError

    assert resolve_params("sim/reasoner", "high") is SIM_MODELS["sim/reasoner-high"]
    assert resolve_params("sim/reasoner", None) is SIM_MODELS["sim/reasoner-medium"]
    with pytest.raises(ConfigError, match="takes reasoning effort"):
        resolve_params("sim/reasoner", "xhigh")


def test_models_of_relgap_serve_are_labelled_simulated_through_hosted_adapters():
    from relgap.providers.base import is_served_simulation
    from relgap.providers.registry import get_provider

    local = "http://127.0.0.1:9/v1"
    assert get_provider("openai/sim-fast+fault=429", base_url=local).simulated
    assert get_provider("litellm/openai/sim-oracle", base_url=local).simulated
    assert get_provider("anthropic/sim-reasoner-high", base_url="http://127.0.0.1:9").simulated
    assert not get_provider("openai/gpt-4.1", base_url=local).simulated
    assert not is_served_simulation("anthropic/claude-sonnet-4-5")
