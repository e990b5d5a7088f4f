"""relgap: measure the capability-reliability gap of LLM applications.

Run each task of a suite many times per model, store every trial, and separate capability
(pass@k: at least one of k tries succeeds) from reliability (pass^k: all k succeed).

Importing ``relgap`` is cheap: each name below is imported from its module on first use
(PEP 562 module ``__getattr__``), so ``relgap --help`` does not load pandas, scipy or the
vendor SDKs. ``from relgap import Runner`` works as before.
"""

import typing as _typing

from relgap import _lazy

__version__ = "0.1.0"

if _typing.TYPE_CHECKING:  # what type checkers and IDEs see; at run time `__getattr__` imports
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
    from relgap.providers.registry import ProviderKind, get_provider, register_provider
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

# Public name -> the module it lives in. tests/test_packaging.py checks that this table, the
# imports above and __all__ agree.
_EXPORTS: dict[str, str] = {
    "Agent": "relgap.agent.protocol",
    "AgentReply": "relgap.agent.protocol",
    "Conversation": "relgap.agent.toolbox",
    "Toolbox": "relgap.agent.toolbox",
    "ConfigError": "relgap.errors",
    "MissingDependency": "relgap.errors",
    "ProviderError": "relgap.errors",
    "RelgapError": "relgap.errors",
    "StoreError": "relgap.errors",
    "SuiteError": "relgap.errors",
    "GenerateSettings": "relgap.providers.base",
    "Provider": "relgap.providers.base",
    "ProviderKind": "relgap.providers.registry",
    "get_provider": "relgap.providers.registry",
    "register_provider": "relgap.providers.registry",
    "Outcome": "relgap.records",
    "StopReason": "relgap.records",
    "TrialRecord": "relgap.records",
    "RunConfig": "relgap.run.config",
    "Runner": "relgap.run.runner",
    "run_suite": "relgap.run.runner",
    "RunDir": "relgap.store",
    "load": "relgap.store",
    "Action": "relgap.suite",
    "Environment": "relgap.suite",
    "Grade": "relgap.suite",
    "Mistake": "relgap.suite",
    "Suite": "relgap.suite",
    "Task": "relgap.suite",
    "ToolError": "relgap.suite",
    "get_suite": "relgap.suite",
    "list_suites": "relgap.suite",
    "register_suite": "relgap.suite",
    "resolve_suite": "relgap.suite",
    "tool": "relgap.suite",
    "RequiredAction": "relgap.suite.checks",
    "RequiredOutput": "relgap.suite.checks",
    "ScriptedUser": "relgap.user",
    "UserScenario": "relgap.user",
    "UserSimulator": "relgap.user",
    "UserTurn": "relgap.user",
}


def __getattr__(name: str) -> object:
    return _lazy.attribute(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return _lazy.names(__name__, _EXPORTS)


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
    "ProviderKind",
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
    "register_provider",
    "register_suite",
    "resolve_suite",
    "run_suite",
    "tool",
]
