"""A suite measures the model, not the harness: agents that do nothing, or only talk, pass no
task; the reference solution passes every task, in a conversation with the scripted user."""

from __future__ import annotations

import pytest
from relgap_suites.food_order.suite import FoodOrderSuite

from relgap.agent.baselines import Talker
from relgap.providers.base import GenerateSettings
from relgap.records import Outcome, TrialRecord
from relgap.run.trial import TrialSpec, run_trial
from relgap.simulation import SimulatedProvider

BASELINES = {
    "silent": lambda said: "OK.",
    "helpful_talker": lambda said: "Sure, I've taken care of that for you. Enjoy your meal!",
    "refuser": lambda said: "I'm sorry, but I can't help with that request.",
    "asker": lambda said: "Could you tell me a bit more about what you would like?",
    "parrot": lambda said: f"You said: {said[-1]} I'm sorry, I can't do that.",
}


async def play(suite: FoodOrderSuite, provider: object, name: str) -> list[TrialRecord]:
    records = []
    for i, task in enumerate(suite.tasks()):
        spec = TrialSpec("r", suite, task, name, "default", GenerateSettings(), 0, 7 + i)
        records.append(await run_trial(spec, provider))  # type: ignore[arg-type]
    return records


@pytest.mark.parametrize("baseline", sorted(BASELINES))
async def test_an_agent_that_only_talks_passes_no_task(
    fo_suite: FoodOrderSuite, baseline: str
) -> None:
    records = await play(fo_suite, Talker(baseline, BASELINES[baseline]), baseline)
    assert all(r.outcome is Outcome.FAIL for r in records)
    declines = [r for r in records if fo_suite.task(r.task_id).expected is None]
    assert len(declines) >= 8
    assert all(r.stop_reason in ("user_done", "user_gave_up", "max_turns") for r in records)


async def test_the_oracle_passes_every_task_in_conversation(fo_suite: FoodOrderSuite) -> None:
    records = await play(fo_suite, SimulatedProvider("sim/oracle"), "sim/oracle")
    assert [r.task_id for r in records if not r.passed] == []
    assert all(r.score == 1.0 and r.user_stated_all for r in records)
    talked = [r for r in records if r.user_turns > 2]  # asked a question or confirmed
    handovers = [
        t for t in fo_suite.tasks() if any(a.name == "transferred" for a in t.required_actions)
    ]
    assert len(talked) == len(records) - len(handovers)  # all but the hand-overs confirm or ask
