"""Generic mistakes for suites that bring no mistake catalogue of their own.

A simulated model errs at a tool step of the reference script by one of these, each kept
only if replaying the script with it makes the task fail (so a simulated model's success
chance stays exactly its latent probability):

- ``skipped_write``: a write step is left out;
- ``wrong_argument``: one argument takes another value: the value the same tool argument
  has in another task's reference script (a value from the world), else a near miss
  (a number off by one, a flipped boolean);
- ``ended_too_soon``: the agent says it is done before this step and stops;
- ``acted_anyway`` (tasks whose right outcome is doing nothing): a write another task's
  script makes, with this step's argument values where the names match.

A suite whose reference script does not pass on replay gets none (the simulation then only
gives up early, on tasks where something must be done).
"""

from __future__ import annotations

import weakref
from typing import Any

from relgap.messages import ToolCall
from relgap.suite.base import Action, Mistake, Suite, Task
from relgap.suite.checks import with_dialogue_checks
from relgap.suite.validate import checked_grade

ENDED_TEXT = "All done! Your request has been taken care of. Is there anything else?"
_MAX_VALUES = 3  # alternative values tried per argument

_cache: weakref.WeakKeyDictionary[Suite, dict[tuple[str, int], tuple[Mistake, ...]]] = (
    weakref.WeakKeyDictionary()
)
_values: weakref.WeakKeyDictionary[Suite, dict[tuple[str, str], list[Any]]] = (
    weakref.WeakKeyDictionary()
)


def has_own_mistakes(suite: Suite) -> bool:
    """Whether the suite defines its own ``sim_mistakes`` catalogue."""
    return type(suite).sim_mistakes is not Suite.sim_mistakes


def generic_mistakes(suite: Suite, task: Task, step: int) -> list[Mistake]:
    """The verified generic mistakes at tool step ``step`` of ``task``'s reference script."""
    per_suite = _cache.setdefault(suite, {})
    key = (task.id, step)
    if key not in per_suite:
        per_suite[key] = tuple(_verified(suite, task, step))
    return list(per_suite[key])


def _fails(suite: Suite, task: Task, actions: list[Action]) -> bool:
    env = suite.environment(task)
    for n, action in enumerate(actions):
        if action.tool is None:
            env.record_reply(action.text)
        else:
            env.call(ToolCall(f"replay_{n}", action.tool, dict(action.arguments)))
        if env.ended:
            break
    return not with_dialogue_checks(checked_grade(suite, task, env), task, env).passed


def _verified(suite: Suite, task: Task, step: int) -> list[Mistake]:
    script = list(suite.reference_script(task))
    if _fails(suite, task, script):
        return []
    found = []
    for mistake in _candidates(suite, task, script, step):
        replayed = script[:step] + list(mistake.replacement)
        if not mistake.ends:
            replayed += script[step + 1 :]
        if _fails(suite, task, replayed):
            found.append(mistake)
    return found


def _candidates(suite: Suite, task: Task, script: list[Action], step: int) -> list[Mistake]:
    action = script[step]
    assert action.tool is not None
    out: list[Mistake] = []
    if suite.environment(task).is_write(action.tool):
        out.append(Mistake("skipped_write", ()))
    for arg, value in sorted(action.arguments.items()):
        for other in _alternatives(suite, action.tool, arg, value):
            changed = Action(action.tool, {**action.arguments, arg: other}, action.text)
            out.append(Mistake(f"wrong_argument:{arg}", (changed,)))
            break  # the first alternative that exists; verification decides if it fails
    out.append(Mistake("ended_too_soon", (Action(None, text=ENDED_TEXT),), ends=True))
    if task.expected is None:
        out.extend(_acted_anyway(suite, task, action))
    return out


def _acted_anyway(suite: Suite, task: Task, action: Action) -> list[Mistake]:
    env = suite.environment(task)
    for other in suite.tasks():
        if other.id == task.id:
            continue
        for step in _script_or_empty(suite, other):
            if step.tool is None or not env.is_write(step.tool):
                continue
            shared = set(step.arguments) & set(action.arguments)
            if shared:
                args = {**step.arguments, **{k: action.arguments[k] for k in shared}}
                return [Mistake("acted_anyway", (action, Action(step.tool, args)))]
    return []


def _script_or_empty(suite: Suite, task: Task) -> list[Action]:
    try:
        return list(suite.reference_script(task))
    except Exception:  # a task without a script offers nothing to copy
        return []


def _alternatives(suite: Suite, tool: str, arg: str, value: Any) -> list[Any]:
    seen = _world_values(suite).get((tool, arg), [])
    others = [v for v in seen if v != value][:_MAX_VALUES]
    if others:
        return others
    if isinstance(value, bool):
        return [not value]
    if isinstance(value, int | float):
        return [value + 1]
    if isinstance(value, str) and value:
        return [value + "x"]
    return []


def _world_values(suite: Suite) -> dict[tuple[str, str], list[Any]]:
    """Each tool argument's values across the suite's reference scripts, in first-seen order."""
    if suite not in _values:
        found: dict[tuple[str, str], list[Any]] = {}
        for task in suite.tasks():
            for action in _script_or_empty(suite, task):
                for arg, value in (action.arguments or {}).items():
                    bucket = found.setdefault((action.tool or "", arg), [])
                    if value not in bucket:
                        bucket.append(value)
        _values[suite] = found
    return _values[suite]
