"""``relgap serve``: relgap's simulated models behind the OpenAI and Anthropic wire formats.

SIMULATION, not real models. It lets the official SDKs (and LiteLLM) run full trials
offline, with faults injected on request (see :mod:`relgap.server.faults`).
"""

from relgap.server.app import create_app
from relgap.server.state import ServerOptions, ServerState
from relgap.server.threaded import (
    LocalServer,
    free_port,
    serve_in_subprocess,
    serve_in_thread,
    wait_healthy,
)

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
