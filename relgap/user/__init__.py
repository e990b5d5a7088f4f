"""The user side of a conversation: simulators that play the user of a task.

``scripted`` (default, offline, deterministic) follows the task's :class:`UserScenario`;
``llm`` has any relgap model play the user from a system prompt built from the scenario.
"""

from relgap.user.base import UserSimulator, UserTurn
from relgap.user.scenario import Behaviour, ScenarioFact, UserScenario
from relgap.user.scripted import OneTurnUser, ScriptedUser

__all__ = [
    "Behaviour",
    "OneTurnUser",
    "ScenarioFact",
    "ScriptedUser",
    "UserScenario",
    "UserSimulator",
    "UserTurn",
]
