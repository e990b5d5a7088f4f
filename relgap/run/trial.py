"""One trial, end to end: fresh environment -> conversation -> grade -> TrialRecord.

``run_trial`` is pure with respect to the outside world: no registry look-ups, no file I/O.
The runner builds its inputs and stores its output.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from dataclasses import dataclass

from relgap.agent.loop import LoopLimits, LoopState
from relgap.agent.protocol import AgentTurn
from relgap.errors import ProviderError
from relgap.messages import Message, Usage
from relgap.providers.base import GenerateSettings, Provider, as_provider
from relgap.records import Outcome, StopReason, TrialRecord, UsageRecord, utc_now
from relgap.run.dialogue import DEFAULT_MAX_TURNS, UserState, converse
from relgap.suite.base import Suite, Task
from relgap.suite.checks import with_dialogue_checks
from relgap.suite.registry import playing
from relgap.suite.validate import checked_grade
from relgap.user.base import UserSimulator
from relgap.user.llm import LLMUser
from relgap.user.scripted import OneTurnUser, ScriptedUser

ERROR_STOPS = frozenset({StopReason.INFRA_ERROR, StopReason.TIMEOUT})

Pricer = Callable[[str, Usage], "float | None"]
UserFactory = Callable[[Task, int], UserSimulator]


def llm_user_factory(
    provider: Provider, model: str, price: Callable[[Usage], float | None] | None = None
) -> UserFactory:
    """Users played by ``provider``; a task without a scenario is still one turn."""

    def make(task: Task, seed: int) -> UserSimulator:
        if task.user_scenario is None:
            return OneTurnUser(task.instruction)
        return LLMUser(provider, model, task.user_scenario, seed, price)

    return make


def scripted_user(task: Task, seed: int) -> UserSimulator:
    """The default user: the task's scenario played by the scripted user, or one turn."""
    if task.user_scenario is None:
        return OneTurnUser(task.instruction)
    return ScriptedUser(task.user_scenario, seed)


@dataclass(frozen=True)
class TrialSpec:
    """Which trial to run: a task, a model variant, a repeat index and its seed."""

    run_id: str
    suite: Suite
    task: Task
    model: str
    variant: str
    settings: GenerateSettings
    trial: int
    seed: int

    @property
    def key(self) -> tuple[str, str, str, int]:
        """(model, variant, task id, trial): what the store knows a trial by."""
        return (self.model, self.variant, self.task.id, self.trial)


async def run_trial(
    spec: TrialSpec,
    provider: Provider,
    *,
    limits: LoopLimits | None = None,
    timeout_s: float | None = None,
    price: Pricer | None = None,
    user: UserFactory = scripted_user,
    max_turns: int = DEFAULT_MAX_TURNS,
    agent: AgentTurn | None = None,
) -> TrialRecord:
    """Play one trial and judge it. Infrastructure failures become ``error`` records.

    ``agent`` plays the agent (your own agent, made for this trial); default: the tool loop
    over ``provider``, which otherwise only names the model in the record.
    """
    suite, task = spec.suite, spec.task
    provider = as_provider(provider)
    limits = limits or LoopLimits(max_steps=suite.max_steps)
    settings = spec.settings.with_seed(spec.seed)
    env = suite.environment(task)
    simulator = user(task, spec.seed)
    state = LoopState(messages=[Message(role="system", content=suite.system_prompt(task))])
    said = UserState()
    started_at, t0 = utc_now(), time.perf_counter()
    playing_now = playing.set(suite)  # simulated models look the task up in this suite
    try:
        async with asyncio.timeout(timeout_s):
            await converse(
                provider, simulator, env, state, settings, limits, said,
                max_turns=max_turns, price=_pricer(spec.model, price), agent=agent,
            )  # fmt: skip
    except TimeoutError:
        state.stop_reason = StopReason.TIMEOUT
        state.error = ProviderError(
            f"trial timed out after {timeout_s:g}s", transient=True, kind="timeout"
        )
    finally:
        playing.reset(playing_now)
    stop = state.stop_reason or StopReason.MAX_STEPS
    error = state.error
    if stop in ERROR_STOPS:
        outcome, passed, score, failed = Outcome.ERROR, False, 0.0, []
    else:
        grade = with_dialogue_checks(checked_grade(suite, task, env), task, env)
        failed = list(grade.failed_checks)
        if stop == StopReason.MODEL_ERROR and error is not None:
            failed.insert(0, f"model_error:{error.kind}")
        passed = grade.passed and stop != StopReason.MODEL_ERROR
        outcome, score = (Outcome.PASS if passed else Outcome.FAIL), grade.score
    return TrialRecord(
        run_id=spec.run_id,
        suite=suite.name,
        task_id=task.id,
        tier=task.tier,
        model=spec.model,
        variant=spec.variant,
        settings=spec.settings.describe(),
        family=provider.family,
        reasoning_effort=settings.reasoning_effort or provider.reasoning_effort,
        thinking_budget=settings.thinking_budget,
        simulated=provider.simulated,
        trial=spec.trial,
        seed=spec.seed,
        outcome=outcome,
        passed=passed,
        score=score,
        failed_checks=failed,
        stop_reason=stop,
        steps=state.steps,
        usage=UsageRecord(
            input_tokens=state.usage.input_tokens,
            output_tokens=state.usage.output_tokens,
            reasoning_tokens=state.usage.reasoning_tokens,
            cached_tokens=state.usage.cached_tokens,
            model_calls=state.steps,
        ),
        cost_usd=state.cost_usd,
        latency_s=round(time.perf_counter() - t0, 4),
        error=str(error) if error is not None else None,
        error_kind=error.kind if error is not None else None,
        started_at=started_at,
        finished_at=utc_now(),
        user_simulator=simulator.name,
        user_turns=said.turns,
        user_stated_all=simulator.stated_all_requests(),
        user_usage=UsageRecord(
            input_tokens=said.usage.input_tokens,
            output_tokens=said.usage.output_tokens,
            reasoning_tokens=said.usage.reasoning_tokens,
            cached_tokens=said.usage.cached_tokens,
            model_calls=said.calls,
        ),
        user_cost_usd=said.cost_usd,
        transcript=[m.to_dict() for m in state.messages],
        response_ids=state.response_ids,
    )


def _pricer(model: str, price: Pricer | None) -> Callable[[Usage], float | None] | None:
    return None if price is None else (lambda usage: price(model, usage))
