"""Checks a suite must pass, each failing with one line that says what to fix.

Before any trial, every tool has a docstring and type hints (``relgap.suite.toolkit``) and
every tool a task names exists in its environment; during the run, the grader does not raise.
"""

from __future__ import annotations

from collections.abc import Sequence

from relgap.errors import SuiteError
from relgap.suite.base import Environment, Grade, Suite, Task


def check_tasks(suite: Suite, tasks: Sequence[Task]) -> None:
    """Build each task's environment once per class and check the tools its task names."""
    tools_by_class: dict[type, set[str]] = {}
    for task in tasks:
        env = suite.environment(task)
        names = tools_by_class.setdefault(type(env), {s.name for s in env.tool_specs()})
        for n, action in enumerate(task.required_actions):
            if action.tool is not None and action.tool not in names:
                raise SuiteError(
                    f"suite '{suite.name}': task '{task.id}' required_actions[{n}] names tool "
                    f"'{action.tool}', which its environment does not have "
                    f"(tools: {', '.join(sorted(names)) or 'none'})"
                )


def checked_grade(suite: Suite, task: Task, env: Environment) -> Grade:
    """The suite's verdict; a grader that raises is a suite bug, named in one line."""
    try:
        return suite.grade(task, env)
    except Exception as exc:
        raise SuiteError(
            f"suite '{suite.name}': grade() raised on task '{task.id}': "
            f"{type(exc).__name__}: {exc} (fix the grader; RELGAP_DEBUG=1 shows the traceback)"
        ) from exc
