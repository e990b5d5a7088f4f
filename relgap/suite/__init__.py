"""Suites: tasks, per-trial environments of tools, graders and reference solvers."""

from relgap.suite.base import (
    Action,
    Environment,
    Grade,
    Mistake,
    Suite,
    Task,
    ToolError,
    ToolOutput,
)
from relgap.suite.registry import (
    SuiteSource,
    get_suite,
    list_suites,
    register_suite,
    resolve_suite,
    suite_names,
)
from relgap.suite.toolkit import tool

__all__ = [
    "Action",
    "Environment",
    "Grade",
    "Mistake",
    "Suite",
    "SuiteSource",
    "Task",
    "ToolError",
    "ToolOutput",
    "get_suite",
    "list_suites",
    "register_suite",
    "resolve_suite",
    "suite_names",
    "tool",
]
