"""``--agent``: find your own agent from a module attribute, a file attribute or a URL.

The spec is ``MODULE:ATTR``, ``path/to/file.py:ATTR`` or an ``http(s)://`` URL (the
JSON-over-HTTP protocol of ``docs/agent-protocol.md``).
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
from pathlib import Path
from typing import Any

from relgap.agent.protocol import AgentFactory, agent_factory
from relgap.errors import ConfigError


def is_url(spec: str) -> bool:
    """Whether an ``--agent`` spec is an ``http(s)://`` URL rather than Python code."""
    return spec.startswith(("http://", "https://"))


def load_agent(spec: str) -> AgentFactory:
    """A per-trial agent maker for ``--agent SPEC``; one ConfigError line if it is wrong.

    ``MODULE:ATTR`` is imported with the current directory on ``sys.path`` (as
    ``python -m`` would); ``FILE.py:ATTR`` imports that file. An error inside the agent's
    own module keeps its traceback: it is a bug to fix there.
    """
    if is_url(spec):
        from relgap.agent.http import HttpAgent

        url = spec
        return lambda: HttpAgent(url)
    target, sep, attr = spec.rpartition(":")
    if not sep or not target or not attr:
        raise ConfigError(
            f"--agent '{spec}': expected MODULE:ATTR, path/to/file.py:ATTR or http://HOST:PORT/PATH"
        )
    module = _import(spec, target)
    obj: Any = module
    for part in attr.split("."):
        if not hasattr(obj, part):
            raise ConfigError(f"--agent '{spec}': {target} has no attribute '{attr}'")
        obj = getattr(obj, part)
    if not callable(obj):
        raise ConfigError(
            f"--agent '{spec}': {attr} is a {type(obj).__name__}, not an async function or class"
        )
    return agent_factory(obj)


def _import(spec: str, target: str) -> Any:
    if target.endswith(".py"):
        path = Path(target).expanduser().resolve()
        if not path.is_file():
            raise ConfigError(f"--agent '{spec}': no such file {target}")
        name = f"relgap_agent_{path.stem}_{abs(hash(str(path))) % 10**8}"
        if name in sys.modules:
            return sys.modules[name]
        module_spec = importlib.util.spec_from_file_location(name, path)
        assert module_spec is not None and module_spec.loader is not None
        module = importlib.util.module_from_spec(module_spec)
        sys.modules[name] = module
        module_spec.loader.exec_module(module)
        return module
    if str(Path.cwd()) not in sys.path and "" not in sys.path:
        sys.path.insert(0, str(Path.cwd()))
    try:
        return importlib.import_module(target)
    except ModuleNotFoundError as exc:
        if exc.name and target.startswith(exc.name):
            raise ConfigError(
                f"--agent '{spec}': no module named '{exc.name}' (run from the folder that "
                "holds it, or give path/to/file.py:ATTR)"
            ) from None
        raise


def describe_agent(obj: Any) -> str:
    """How the manifest names an agent object given to the Python API."""
    name = getattr(obj, "__qualname__", type(obj).__qualname__)
    return f"{getattr(obj, '__module__', '?')}:{name}"
