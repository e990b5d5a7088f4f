"""A suite measures the model, not the harness, through the real loop with the scripted user:
the reference solution passes every task; agents that never call a tool pass none; a careless
agent (does what the user literally asks, confirming politely, never checking the policy)
passes at most 35%."""

from __future__ import annotations

from collections.abc import Sequence

import pytest
from relgap_suites.support_returns.suite import SupportReturnsSuite

from relgap.agent.baselines import Talker
from relgap.messages import Completion, Message, ToolCall, ToolSpec, Usage
from relgap.providers.base import GenerateSettings
from relgap.records import TrialRecord
from relgap.run.trial import TrialSpec, run_trial
from relgap.simulation import SimulatedProvider
from relgap.suite.base import Action


class Scripted:
    """Plays a fixed list of actions, one per assistant turn, whatever the user says."""

    family = "baseline"
    simulated = False
    name = "careless"

    def __init__(self, actions: list[Action]) -> None:
        self.actions = actions

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        step = sum(1 for m in messages if m.role == "assistant")
        if step >= len(self.actions):
            message = Message("assistant", "Is there anything else I can help with?")
        elif self.actions[step].tool is None:
            message = Message("assistant", self.actions[step].text)
        else:
            a = self.actions[step]
            message = Message("assistant", tool_calls=(ToolCall(f"c{step}", a.tool, a.arguments),))
        return Completion(message, Usage(10, 5), "end_turn", cost_usd=0.0)

    async def aclose(self) -> None:
        return None


BASELINES = {
    "silent": lambda said: "OK.",
    "helpful_talker": lambda said: "Sure, I've refunded that for you. Have a great day!",
    "refuser": lambda said: "I'm sorry, but I can't help with that request.",
    "asker": lambda said: "Could you tell me your email address and zip code?",
    "parrot": lambda said: f"You said: {said[-1]} I'm sorry, I can't do that.",
    "policy_reciter": lambda said: (
        "Sorry, I can't: final sale items are not returnable, the 30-day return window has "
        "passed, and refunds go only to the original payment method."
    ),
}


async def play_one(suite: SupportReturnsSuite, provider: object, name: str, i: int,
                   task_id: str) -> TrialRecord:  # fmt: skip
    task = suite.task(task_id)
    spec = TrialSpec("r", suite, task, name, "default", GenerateSettings(), 0, 11 + i)
    return await run_trial(spec, provider)  # type: ignore[arg-type]


async def play(suite: SupportReturnsSuite, provider: object, name: str) -> list[TrialRecord]:
    return [await play_one(suite, provider, name, i, t.id) for i, t in enumerate(suite.tasks())]


async def test_the_oracle_passes_every_task_in_conversation(sr_suite: SupportReturnsSuite) -> None:
    records = await play(sr_suite, SimulatedProvider("sim/oracle"), "sim/oracle")
    assert [(r.task_id, r.failed_checks) for r in records if not r.passed] == []
    assert all(r.score == 1.0 and r.user_stated_all for r in records)
    assert all(r.user_turns >= 2 for r in records)  # everyone is asked to verify


@pytest.mark.parametrize("baseline", sorted(BASELINES))
async def test_agents_that_never_call_a_tool_pass_at_most_two_percent(
    sr_suite: SupportReturnsSuite, baseline: str
) -> None:
    records = await play(sr_suite, Talker(baseline, BASELINES[baseline]), baseline)
    assert sum(r.passed for r in records) <= 0.02 * len(records)
    assert all(r.stop_reason in ("user_done", "user_gave_up", "max_turns") for r in records)


async def test_a_careless_agent_passes_at_most_35_percent(sr_suite: SupportReturnsSuite) -> None:
    records = [
        await play_one(sr_suite, Scripted(sr_suite.careless_script(t)), "careless", i, t.id)
        for i, t in enumerate(sr_suite.tasks())
    ]
    rate = sum(r.passed for r in records) / len(records)
    assert 0.15 <= rate <= 0.35, rate
    # it fails exactly where the policy and the literal request part
    for r in records:
        trap = sr_suite.solution(sr_suite.task(r.task_id)).trap
        assert r.passed == (trap is None), (r.task_id, r.failed_checks)
