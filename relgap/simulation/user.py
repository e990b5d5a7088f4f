"""``sim/user`` (served as ``sim-user``): a SIMULATED user model, offline.

It plays the scenario that the LLM user's system prompt carries, exactly as the scripted user
would, from the conversation alone (the state is rebuilt by replaying the agent's earlier
messages), and ends the chat with the prompt's markers. So the ``llm`` user path -- prompt,
role swap, markers, retries, cost accounting -- is tested end to end without any key.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgap.messages import Message
from relgap.simulation.params import SimParams
from relgap.user.prompt import DONE_MARK, GIVE_UP_MARK, scenario_from_prompt
from relgap.user.scripted import ScriptedUser

USER_PARAMS = SimParams(
    "sim/user", "sim/user", None, 0.0, (0, 0, 0, 0), 0.0, 0.0, 20, 0, 0.15, 0.60, 0, perfect=True
)
NOT_A_USER_PROMPT = (
    "[relgap simulated user] I only play users whose system prompt carries a relgap scenario."
)


def user_reply(messages: Sequence[Message], seed: int | None) -> Message:
    """The user's next message in a conversation seen from the user's side."""
    system = next((m.content for m in messages if m.role == "system"), "")
    scenario = scenario_from_prompt(system)
    if scenario is None:
        return Message("assistant", NOT_A_USER_PROMPT)
    user = ScriptedUser(scenario, seed or 0)
    user.said_requests = 1
    agent_turns = [m.content for m in messages if m.role == "user"][1:]  # after the greeting
    if not agent_turns:
        return Message("assistant", scenario.requests[0])
    for text in agent_turns[:-1]:
        user.answer(text)
    turn = user.answer(agent_turns[-1])
    mark = {None: "", "satisfied": f" {DONE_MARK}", "gave_up": f" {GIVE_UP_MARK}"}[turn.ends]
    return Message("assistant", turn.text + mark)
