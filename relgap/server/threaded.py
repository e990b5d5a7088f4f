"""Run the server in a background thread or its own process (tests, benchmarks, notebooks)."""

from __future__ import annotations

import contextlib
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import httpx
import uvicorn

from relgap.errors import RelgapError
from relgap.server.app import create_app
from relgap.server.state import ServerOptions, ServerState


@dataclass(frozen=True)
class LocalServer:
    """A running server.

    Attributes:
        url: the base URL, e.g. ``http://127.0.0.1:54321``: the Anthropic SDK's base_url.
        state: the app's state; ``state.requests()`` is the log of what reached it.
    """

    url: str
    state: ServerState

    @property
    def openai_base_url(self) -> str:
        """The OpenAI SDK's (and LiteLLM's ``api_base``) base URL: ``<url>/v1``."""
        return f"{self.url}/v1"

    def requests(self) -> list[dict[str, Any]]:
        """A copy of the server's request log, oldest first."""
        return self.state.requests()

    def __str__(self) -> str:
        """The base URL."""
        return self.url


@contextlib.contextmanager
def serve_in_thread(
    host: str = "127.0.0.1", port: int = 0, *, startup_timeout_s: float = 10.0, **options: Any
) -> Iterator[LocalServer]:
    """Serve on ``host:port`` (``port=0``: a free port) until the block exits.

    ``options`` are :class:`ServerOptions` fields (latency_ms, rpm, fault_rate, faults,
    slow_seconds, retry_after_s, seed, max_recorded).
    """
    app = create_app(ServerOptions(**options))
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    bound_port = sock.getsockname()[1]
    config = uvicorn.Config(app, log_level="warning", timeout_graceful_shutdown=1, lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(
        target=server.run, kwargs={"sockets": [sock]}, name="relgap-serve", daemon=True
    )
    thread.start()
    deadline = time.monotonic() + startup_timeout_s
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            sock.close()
            raise RelgapError(f"relgap serve did not start on {host}:{bound_port}")
        time.sleep(0.01)
    shown = f"[{host}]" if ":" in host else host
    try:
        yield LocalServer(f"http://{shown}:{bound_port}", app.state.relgap)
    finally:
        server.should_exit = True
        thread.join(timeout=5)
        sock.close()


def wait_healthy(url: str, timeout_s: float = 10.0) -> None:
    """Block until ``GET <url>/health`` answers (for a server started in another process)."""
    deadline = time.monotonic() + timeout_s
    while True:
        try:
            if httpx.get(f"{url}/health", timeout=1.0).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        if time.monotonic() > deadline:
            raise RelgapError(f"no relgap server answered at {url}")
        time.sleep(0.05)


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nobody listens on right now."""
    with socket.socket() as sock:
        sock.bind((host, 0))
        return int(sock.getsockname()[1])


@contextlib.contextmanager
def serve_in_subprocess(*cli_args: str, startup_timeout_s: float = 60.0) -> Iterator[str]:
    """``relgap serve`` in its own process on a free loopback port; yields the base URL.

    Started as a user would start it; ``cli_args`` are extra options, e.g. ``("--rpm", "600")``.
    """
    port = free_port()
    cmd = [sys.executable, "-m", "relgap", "serve", "--port", str(port), *cli_args]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, timeout_s=startup_timeout_s)
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=10)
