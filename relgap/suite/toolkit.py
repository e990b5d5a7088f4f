"""Turn plain Python methods into tools: signature + docstring become the JSON schema.

A tool is a method decorated with ``@tool`` (read-only) or ``@tool(writes=True)`` (changes
state). Its Google-style docstring gives the description (first paragraph) and each argument's
description (``Args:`` section); its type hints give the JSON types.
"""

from __future__ import annotations

import inspect
import re
import types
import typing
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Literal, TypeVar, get_args, get_origin, overload

from relgap.errors import SuiteError
from relgap.messages import ToolSpec

F = TypeVar("F", bound=Callable[..., Any])

_TOOL_ATTR = "__relgap_tool__"


@dataclass(frozen=True)
class ToolInfo:
    """What ``@tool`` records on a method: the tool's name and whether it writes."""

    name: str
    writes: bool


@overload
def tool(func: F) -> F: ...
@overload
def tool(*, writes: bool = False, name: str | None = None) -> Callable[[F], F]: ...


def tool(func: Any = None, *, writes: bool = False, name: str | None = None) -> Any:
    """Mark a method as a tool the model may call."""

    def mark(f: F) -> F:
        setattr(f, _TOOL_ATTR, ToolInfo(name or f.__name__, writes))
        return f

    return mark(func) if func is not None else mark


def tool_methods(obj: object) -> dict[str, Callable[..., Any]]:
    """The bound tool methods of ``obj`` keyed by tool name, in definition order."""
    found: dict[str, Callable[..., Any]] = {}
    for klass in reversed(type(obj).__mro__):
        for attr, value in vars(klass).items():
            info = getattr(value, _TOOL_ATTR, None)
            if isinstance(info, ToolInfo):
                found[info.name] = getattr(obj, attr)
    return found


def is_write_tool(method: Callable[..., Any]) -> bool:
    """Whether ``method`` is a tool marked ``@tool(writes=True)``."""
    info = getattr(method, _TOOL_ATTR, None)
    return bool(info and info.writes)


def _json_type(annotation: Any) -> dict[str, Any]:
    origin = get_origin(annotation)
    if annotation is str:
        return {"type": "string"}
    if annotation is bool:
        return {"type": "boolean"}
    if annotation is int:
        return {"type": "integer"}
    if annotation is float:
        return {"type": "number"}
    if origin is Literal:
        values = list(get_args(annotation))
        return (
            {"type": "string", "enum": values}
            if all(isinstance(v, str) for v in values)
            else {"enum": values}
        )
    if origin in (list, tuple, typing.Sequence) or annotation is list:
        args = get_args(annotation)
        return {"type": "array", "items": _json_type(args[0]) if args else {}}
    if origin is dict or annotation is dict:
        return {"type": "object"}
    if origin in (typing.Union, types.UnionType):
        options = [a for a in get_args(annotation) if a is not type(None)]
        if len(options) == 1:
            return _json_type(options[0])
        return {"anyOf": [_json_type(a) for a in options]}
    return {}


def _parse_docstring(doc: str) -> tuple[str, dict[str, str]]:
    doc = inspect.cleandoc(doc or "")
    parts = re.split(r"\n\s*Args:\s*\n", doc, maxsplit=1)
    # Everything before Args: is the description (later sections such as Returns: are not).
    head = re.split(r"\n\s*(?:Returns|Raises|Examples?):\s*\n", parts[0], maxsplit=1)[0]
    description = " ".join(p.replace("\n", " ").strip() for p in head.split("\n\n") if p.strip())
    args: dict[str, str] = {}
    if len(parts) == 2:
        current = None
        for line in parts[1].splitlines():
            if re.match(r"^\S", line):  # next section (Returns:, ...)
                break
            m = re.match(r"^\s+(\w+)(?:\s*\([^)]*\))?:\s*(.*)$", line)
            if m and (current is None or len(line) - len(line.lstrip()) <= 4):
                current = m.group(1)
                args[current] = m.group(2).strip()
            elif current and line.strip():
                args[current] += " " + line.strip()
    return description, args


def _owner(method: Callable[..., Any]) -> str:
    return getattr(method, "__qualname__", getattr(method, "__name__", "?"))


def tool_spec(name: str, method: Callable[..., Any]) -> ToolSpec:
    """The JSON-schema description of one tool method.

    A tool without a docstring, or with an argument without a type hint, is a SuiteError:
    the model would see a tool it cannot know how to use.
    """
    description, arg_docs = _parse_docstring(method.__doc__ or "")
    if not description:
        raise SuiteError(
            f"tool '{name}' ({_owner(method)}) has no docstring: its first line is the "
            "description the model sees; add one (and an Args: section for its arguments)"
        )
    hints = typing.get_type_hints(method)
    properties: dict[str, Any] = {}
    required: list[str] = []
    for param in inspect.signature(method).parameters.values():
        if param.name == "self":
            continue
        if param.name not in hints:
            raise SuiteError(
                f"tool '{name}' ({_owner(method)}): argument '{param.name}' has no type hint; "
                f"add one (e.g. `{param.name}: str`): it becomes the JSON type the model sees"
            )
        schema = _json_type(hints[param.name])
        if param.name in arg_docs:
            schema["description"] = arg_docs[param.name]
        properties[param.name] = schema
        if param.default is inspect.Parameter.empty:
            required.append(param.name)
    parameters = {
        "type": "object",
        "properties": properties,
        "required": required,
        "additionalProperties": False,
    }
    return ToolSpec(name=name, description=description, parameters=parameters)
