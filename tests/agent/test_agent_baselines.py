"""Baseline agents: they never do more than their name says."""

from __future__ import annotations

from relgap.agent.baselines import BASELINE_NAMES, NoToolsAgent, ScriptAgent, TextOnlyAgent
from relgap.messages import Message
from relgap.providers.base import GenerateSettings
from relgap.suite.base import Action


async def test_talking_baselines_never_call_a_tool() -> None:
    for agent in (NoToolsAgent(), TextOnlyAgent()):
        messages = [Message("user", "Please buy me an apple.")]
        for _ in range(4):
            done = await agent.complete(messages, [], GenerateSettings())
            assert done.message.tool_calls == () and done.message.content
            assert done.cost_usd == 0.0 and agent.family == "baseline" and not agent.simulated
            messages += [done.message, Message("user", "yes")]
    assert BASELINE_NAMES == ("no-tools", "text-only", "careless")


async def test_script_agent_plays_its_script_then_relays_the_last_tool_result() -> None:
    agent = ScriptAgent("careless", [Action("buy", {"item": "pear"}), Action(None, "")], relay=True)
    messages = [Message("user", "hi")]
    first = await agent.complete(messages, [], GenerateSettings())
    assert [(c.name, c.arguments) for c in first.message.tool_calls] == [("buy", {"item": "pear"})]
    messages += [first.message, Message("tool", "Bought pear for $2.50.", tool_call_id="c")]
    done = await agent.complete(messages, [], GenerateSettings())
    assert done.message.content.endswith("Here is what I got: Bought pear for $2.50.")
