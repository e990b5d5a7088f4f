"""Reading a suite's task file: ``tasks.jsonl`` or ``tasks.yaml``.

``tasks.jsonl`` holds one Task per line; ``tasks.yaml`` a list of tasks, or a mapping with a
``tasks:`` list. Each task is validated against the :class:`~relgap.suite.base.Task` schema;
a bad task is named by file, line and field::

    my_suite/tasks.yaml:14: user_scenario.requests: Field required
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pydantic import ValidationError

from relgap.errors import SuiteError
from relgap.suite.base import Task

TASK_FILES = ("tasks.jsonl", "tasks.yaml", "tasks.yml")


def _first_error(exc: ValidationError) -> tuple[tuple[int | str, ...], str]:
    first = exc.errors()[0]
    return tuple(first["loc"]), first["msg"]


def _key(loc: tuple[int | str, ...]) -> str:
    return ".".join(str(p) for p in loc) or "task"


def read_tasks(path: Path) -> list[Task]:
    """Every task of ``path`` (``.jsonl``, ``.yaml`` or ``.yml``).

    Raises:
        SuiteError: naming the file, line and key that is wrong.
    """
    path = Path(path)
    if not path.is_file():
        raise SuiteError(f"{path}: no such task file")
    if path.suffix in (".yaml", ".yml"):
        return _read_yaml(path)
    tasks = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                tasks.append(Task.model_validate_json(line))
            except ValidationError as exc:
                loc, msg = _first_error(exc)
                raise SuiteError(f"{path}:{number}: {_key(loc)}: {msg}") from None
    _check_unique(path, tasks)
    return tasks


def find_task_file(folder: Path) -> Path | None:
    """The task file of a suite folder (``tasks.jsonl``, ``tasks.yaml`` or ``tasks.yml``)."""
    found = [folder / name for name in TASK_FILES if (folder / name).is_file()]
    if len(found) > 1:
        names = " and ".join(p.name for p in found)
        raise SuiteError(f"{folder}: both {names}: keep one task file")
    return found[0] if found else None


def _check_unique(path: Path, tasks: list[Task]) -> None:
    seen: set[str] = set()
    for task in tasks:
        if task.id in seen:
            raise SuiteError(f"{path}: task id '{task.id}' appears twice")
        seen.add(task.id)


def _read_yaml(path: Path) -> list[Task]:
    import yaml

    text = path.read_text(encoding="utf-8")
    try:
        root = yaml.compose(text, Loader=yaml.SafeLoader)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise SuiteError(f"{path}{where}: not valid YAML: {problem}") from None
    items, nodes = _task_items(path, root, data)
    tasks = []
    for item, node in zip(items, nodes, strict=True):
        try:
            tasks.append(Task.model_validate(item))
        except ValidationError as exc:
            loc, msg = _first_error(exc)
            raise SuiteError(f"{path}:{_line_of(node, loc)}: {_key(loc)}: {msg}") from None
    _check_unique(path, tasks)
    return tasks


def _task_items(path: Path, root: Any, data: Any) -> tuple[list[Any], list[Any]]:
    """The task values and their YAML nodes: a top-level list, or the list under ``tasks:``."""
    if isinstance(data, dict) and "tasks" in data:
        for key_node, value_node in root.value:
            if key_node.value == "tasks":
                root = value_node
        data = data["tasks"]
    if not isinstance(data, list):
        raise SuiteError(f"{path}:1: expected a list of tasks (or a 'tasks:' list)")
    return data, list(root.value)


def _line_of(node: Any, loc: tuple[int | str, ...]) -> int:
    """The line of the deepest node along ``loc`` (1-based): the field that is wrong."""
    line = node.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(part, str) and hasattr(node, "value") and isinstance(node.value, list):
            for pair in node.value:
                if isinstance(pair, tuple) and getattr(pair[0], "value", None) == part:
                    child = pair[1]
                    line = pair[0].start_mark.line + 1
        elif (
            isinstance(part, int)
            and isinstance(getattr(node, "value", None), list)
            and 0 <= part < len(node.value)
            and not isinstance(node.value[part], tuple)
        ):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
