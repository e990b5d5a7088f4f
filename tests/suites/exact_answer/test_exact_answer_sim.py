"""The simulated family on exact_answer: a per-step error model (SIMULATION)."""

from __future__ import annotations

import math
from collections import defaultdict

from relgap_suites.exact_answer.sim import PER_STEP_ERROR, per_step_error
from relgap_suites.exact_answer.suite import ExactAnswerSuite

from relgap.providers.base import GenerateSettings
from relgap.records import Outcome, StopReason
from relgap.run.trial import TrialSpec, run_trial
from relgap.simulation import SimulatedProvider, resolve_params
from relgap.simulation.policy import make_plan


def _spec(suite: ExactAnswerSuite, task, model: str, trial: int) -> TrialSpec:  # type: ignore[no-untyped-def]
    return TrialSpec("r", suite, task, model, "default", GenerateSettings(), trial, 1000 + trial)


async def test_oracle_passes_through_the_agent_loop(ea_suite: ExactAnswerSuite) -> None:
    provider = SimulatedProvider("sim/oracle")
    for task in ea_suite.tasks()[::9]:
        record = await run_trial(_spec(ea_suite, task, "sim/oracle", 0), provider)
        assert record.outcome is Outcome.PASS and record.score == 1.0, record.failed_checks
        assert record.stop_reason not in (StopReason.MAX_STEPS, StopReason.MAX_TOKENS)


def test_success_is_the_product_of_per_step_successes(ea_suite: ExactAnswerSuite) -> None:
    """Over many trials a 9-step problem succeeds as often as the per-step model says:
    each step with a calculator expression errs at e/2 when the calculator is used (half
    the time) and at e otherwise."""
    task = next(t for t in ea_suite.tasks() if t.id == "ea-arit-s9-01")
    params = resolve_params("sim/reasoner-low", None)
    e = per_step_error(task, "low")
    truth = (1 - 0.75 * e) ** len(task.expected["steps"])
    n = 3000
    wins = sum(not make_plan(ea_suite, task, params, seed).mistakes for seed in range(n))
    assert abs(wins / n - truth) < 4 * math.sqrt(truth * (1 - truth) / n)


async def test_longer_chains_fail_more_and_effort_helps(ea_suite: ExactAnswerSuite) -> None:
    assert list(PER_STEP_ERROR.values()) == sorted(PER_STEP_ERROR.values(), reverse=True)
    rates: dict[str, list[float]] = {}
    tokens: dict[str, float] = {}
    for model in ("sim/fast", "sim/reasoner-low", "sim/reasoner-high"):
        provider = SimulatedProvider(model)
        by_tier: dict[int, list[bool]] = defaultdict(list)
        spent = []
        for task in ea_suite.tasks():
            for trial in range(2):
                record = await run_trial(_spec(ea_suite, task, model, trial), provider)
                by_tier[task.tier].append(record.passed)
                spent.append(record.usage.reasoning_tokens)
                assert record.score >= float(record.passed)  # partial credit never below
        rates[model] = [sum(v) / len(v) for _, v in sorted(by_tier.items())]
        tokens[model] = sum(spent) / len(spent)
        assert rates[model][0] > rates[model][-1]  # 1-2 steps pass more than 7-9 steps
    assert sum(rates["sim/fast"]) < sum(rates["sim/reasoner-low"]) < sum(rates["sim/reasoner-high"])
    assert tokens["sim/fast"] == 0 < tokens["sim/reasoner-low"] < tokens["sim/reasoner-high"]


async def test_transcripts_show_calculator_use_apart_from_reasoning(
    ea_suite: ExactAnswerSuite,
) -> None:
    provider = SimulatedProvider("sim/reasoner-medium")
    task = next(t for t in ea_suite.tasks() if t.id == "ea-arit-s9-01")
    calls = []
    for trial in range(20):
        record = await run_trial(_spec(ea_suite, task, "sim/reasoner-medium", trial), provider)
        calls.append(sum(1 for m in record.transcript if m.get("tool_calls")))
    assert min(calls) < max(calls)  # some trials lean on the calculator more than others
