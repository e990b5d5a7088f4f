"""Find suites by name: the built-in ones, and third-party ones from entry points.

A third-party package registers a suite with an entry point in the group ``relgap.suites``
whose value is a :class:`~relgap.suite.base.Suite` subclass or instance.
"""

from __future__ import annotations

import importlib
from functools import cache
from importlib.metadata import entry_points

from relgap.errors import SuiteError
from relgap.suite.base import Suite, Task

BUILTIN = {
    "food_order": "relgap_suites.food_order:suite",
    "exact_answer": "relgap_suites.exact_answer:suite",
}


def _load(target: str) -> Suite:
    module_name, _, attr = target.partition(":")
    obj = getattr(importlib.import_module(module_name), attr)
    suite = obj() if isinstance(obj, type) else obj
    if not isinstance(suite, Suite):
        raise SuiteError(f"'{target}' is not a relgap Suite")
    return suite


def _targets() -> dict[str, str]:
    targets = dict(BUILTIN)
    for ep in entry_points(group="relgap.suites"):
        targets.setdefault(ep.name, ep.value)
    return targets


def suite_names() -> list[str]:
    return sorted(_targets())


@cache
def get_suite(name: str) -> Suite:
    """The suite called ``name``; a one-line error lists the known ones otherwise."""
    targets = _targets()
    if name not in targets:
        raise SuiteError(f"unknown suite '{name}' (known: {', '.join(sorted(targets))})")
    return _load(targets[name])


@cache
def _task_index() -> dict[str, tuple[Suite, Task]]:
    index: dict[str, tuple[Suite, Task]] = {}
    for name in suite_names():
        suite = get_suite(name)
        for task in suite.tasks():
            index[suite.first_user_message(task).strip()] = (suite, task)
    return index


def find_task(first_user_message: str) -> tuple[Suite, Task] | None:
    """The suite and task whose opening user message this is (used by simulated models,
    which see only the conversation, exactly as a hosted model would)."""
    return _task_index().get(first_user_message.strip())
