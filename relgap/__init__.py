"""relgap: measure the capability-reliability gap of LLM applications.

Run each task of a suite many times per model, store every trial, and separate capability
(pass@k: at least one of k tries succeeds) from reliability (pass^k: all k succeed).
"""

__version__ = "0.1.0"

from relgap.agent.protocol import Agent, AgentReply
from relgap.agent.toolbox import Conversation, Toolbox
from relgap.errors import (
    ConfigError,
    MissingDependency,
    ProviderError,
    RelgapError,
    StoreError,
    SuiteError,
)
from relgap.providers.base import GenerateSettings, Provider
from relgap.providers.registry import get_provider
from relgap.records import Outcome, StopReason, TrialRecord
from relgap.run.config import RunConfig
from relgap.run.runner import Runner, run_suite
from relgap.store import RunDir, load
from relgap.suite import (
    Action,
    Environment,
    Grade,
    Mistake,
    Suite,
    Task,
    ToolError,
    get_suite,
    list_suites,
    register_suite,
    resolve_suite,
    tool,
)
from relgap.suite.checks import RequiredAction, RequiredOutput
from relgap.user import ScriptedUser, UserScenario, UserSimulator, UserTurn

__all__ = [
    "Action",
    "Agent",
    "AgentReply",
    "ConfigError",
    "Conversation",
    "Environment",
    "GenerateSettings",
    "Grade",
    "MissingDependency",
    "Mistake",
    "Outcome",
    "Provider",
    "ProviderError",
    "RelgapError",
    "RequiredAction",
    "RequiredOutput",
    "RunConfig",
    "RunDir",
    "Runner",
    "ScriptedUser",
    "StopReason",
    "StoreError",
    "Suite",
    "SuiteError",
    "Task",
    "ToolError",
    "Toolbox",
    "TrialRecord",
    "UserScenario",
    "UserSimulator",
    "UserTurn",
    "__version__",
    "get_provider",
    "get_suite",
    "list_suites",
    "load",
    "register_suite",
    "resolve_suite",
    "run_suite",
    "tool",
]
