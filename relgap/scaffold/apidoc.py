"""Render the suite-writing API's docstrings into docs/writing-a-suite.md.

``python -m relgap.scaffold.apidoc docs/writing-a-suite.md`` rewrites the text between the
``<!-- api:start -->`` and ``<!-- api:end -->`` markers from the live docstrings, so the
guide's reference never drifts from the code (a test checks that it is up to date).
"""

from __future__ import annotations

import inspect
import sys
from pathlib import Path

from pydantic import BaseModel

START, END = "<!-- api:start -->", "<!-- api:end -->"


def _targets() -> list[object]:
    from relgap.suite import base, checks, toolkit
    from relgap.user import scenario

    return [
        base.Suite, base.Environment, toolkit.tool, base.Task, base.Grade, base.Action,
        base.Mistake, base.ToolError, checks.RequiredOutput, checks.RequiredAction,
        scenario.UserScenario, scenario.ScenarioFact, scenario.Behaviour,
    ]  # fmt: skip


def _model_fields(model: type[BaseModel]) -> list[str]:
    rows = []
    for name, info in model.model_fields.items():
        required = " (required)" if info.is_required() else ""
        rows.append(f"- `{name}`{required}: {info.description or ''}".rstrip())
    return rows


def _methods(klass: type) -> list[str]:
    rows = []
    for name, member in vars(klass).items():
        if name.startswith("_") or not callable(member) or not member.__doc__:
            continue
        abstract = " *(required)*" if getattr(member, "__isabstractmethod__", False) else ""
        signature = str(inspect.signature(member)).replace("'", "")
        signature = signature.replace("(self, ", "(").replace("(self)", "()")
        doc = " ".join(inspect.getdoc(member).split("\n\n")[0].split())  # type: ignore[union-attr]
        rows.append(f"- `{name}{signature}`{abstract}: {doc}")
    return rows


def render() -> str:
    """The API reference as Markdown: each target's docstring, then its fields or methods."""
    parts = []
    for target in _targets():
        name = getattr(target, "__name__", str(target))
        module = getattr(target, "__module__", "")
        parts.append(f"### `{name}` ({module})\n\n{inspect.getdoc(target) or ''}\n")
        if isinstance(target, type) and issubclass(target, BaseModel):
            parts.append("\n".join(_model_fields(target)) + "\n")
        elif isinstance(target, type):
            rows = _methods(target)
            if rows:
                parts.append("\n".join(rows) + "\n")
    return "\n".join(parts)


def rewrite(text: str) -> str:
    """``text`` with the section between the markers replaced by :func:`render`."""
    head, start, rest = text.partition(START)
    _, end, tail = rest.partition(END)
    if not start or not end:
        raise ValueError(f"the guide has no {START} ... {END} section")
    return f"{head}{START}\n\n{render()}\n{END}{tail}"


def main() -> None:
    """Rewrite the guide named on the command line (default ``docs/writing-a-suite.md``)."""
    path = Path(sys.argv[1] if len(sys.argv) > 1 else "docs/writing-a-suite.md")
    path.write_text(rewrite(path.read_text(encoding="utf-8")), encoding="utf-8")


if __name__ == "__main__":
    main()
