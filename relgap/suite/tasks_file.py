"""Reading a suite's ``tasks.jsonl``: one Task per line, a bad line named by file and line."""

from __future__ import annotations

from pathlib import Path

from pydantic import ValidationError

from relgap.errors import SuiteError
from relgap.suite.base import Task


def read_tasks(path: Path) -> list[Task]:
    """Every task of ``path``. Raises SuiteError naming the file, line and key that is wrong."""
    tasks = []
    with path.open(encoding="utf-8") as fh:
        for number, line in enumerate(fh, 1):
            if not line.strip():
                continue
            try:
                tasks.append(Task.model_validate_json(line))
            except ValidationError as exc:
                first = exc.errors()[0]
                key = ".".join(str(p) for p in first["loc"]) or "task"
                raise SuiteError(f"{path}:{number}: {key}: {first['msg']}") from None
    return tasks
