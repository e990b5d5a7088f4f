"""``relgap serve``: relgap's simulated models behind the OpenAI and Anthropic wire formats.

SIMULATION, not real models. It lets the official SDKs (and LiteLLM) run full trials
offline, with faults injected on request (see :mod:`relgap.server.faults`).

Importing the package is cheap: each name is imported from its module on first use, so
``relgap.server.faults`` (the CLI's help) is reachable without FastAPI or uvicorn.
"""

import typing as _typing

from relgap import _lazy

if _typing.TYPE_CHECKING:  # what type checkers see; at run time `__getattr__` imports
    from relgap.server.app import create_app
    from relgap.server.state import ServerOptions, ServerState
    from relgap.server.threaded import (
        LocalServer,
        free_port,
        serve_in_subprocess,
        serve_in_thread,
        wait_healthy,
    )

# Public name -> its module, imported on first use (see relgap._lazy).
_EXPORTS: dict[str, str] = {
    "create_app": "relgap.server.app",
    "ServerOptions": "relgap.server.state",
    "ServerState": "relgap.server.state",
    "LocalServer": "relgap.server.threaded",
    "free_port": "relgap.server.threaded",
    "serve_in_subprocess": "relgap.server.threaded",
    "serve_in_thread": "relgap.server.threaded",
    "wait_healthy": "relgap.server.threaded",
}


def __getattr__(name: str) -> object:
    return _lazy.attribute(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return _lazy.names(__name__, _EXPORTS)


__all__ = [
    "LocalServer",
    "ServerOptions",
    "ServerState",
    "create_app",
    "free_port",
    "serve_in_subprocess",
    "serve_in_thread",
    "wait_healthy",
]
