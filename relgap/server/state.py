"""Server options, the per-app state (request log, fault planner, limiter), shared helpers."""

from __future__ import annotations

import collections
import json
import secrets
import threading
import time
from collections.abc import AsyncIterator, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from starlette.responses import Response, StreamingResponse

from relgap.messages import Message, ToolSpec
from relgap.server.faults import FaultPlanner, FaultSpec, RateLimiter, parse_fault_list

# Request headers worth recording (never a key: auth is recorded as the scheme only).
_RECORDED_HEADERS = ("x-relgap-fault", "x-relgap-fault-rate", "anthropic-version", "anthropic-beta")


@dataclass(frozen=True)
class ServerOptions:
    """How ``relgap serve`` behaves.

    Attributes:
        latency_ms: fixed delay added to every reply (benchmarks).
        rpm: requests per sliding minute before 429s (None: unlimited).
        rate_window_s: the sliding window the rpm limit is counted over; a shorter window
            (rpm scaled to it) lets tests and benchmarks see a rate limit in seconds.
        fault_rate: share of requests that get a server-wide fault.
        faults: the server-wide faults to draw from (see faults.py).
        slow_seconds: how long a ``timeout`` fault stalls (longer than the client timeout).
        retry_after_s: the Retry-After a 429 fault announces.
        seed: seeds fault draws and response ids.
        max_recorded: how many requests the in-memory log keeps.
    """

    latency_ms: float = 0.0
    rpm: int | None = None
    rate_window_s: float = 60.0
    fault_rate: float = 0.0
    faults: tuple[str, ...] = ("429", "500")
    slow_seconds: float = 30.0
    retry_after_s: float = 1.0
    seed: int = 0
    max_recorded: int = 1000

    def __post_init__(self) -> None:
        """Accept ``faults`` as a comma-separated string too."""
        if isinstance(self.faults, str):
            object.__setattr__(self, "faults", parse_fault_list(self.faults))


@dataclass
class ServerState:
    """What one app instance keeps: the request log, the fault planner and the limiter."""

    options: ServerOptions
    planner: FaultPlanner = field(init=False)
    limiter: RateLimiter | None = field(init=False)
    secret: bytes = field(default_factory=lambda: secrets.token_bytes(32))

    def __post_init__(self) -> None:
        """Build the fault planner and rate limiter the options ask for."""
        o = self.options
        spec = FaultSpec(o.faults, o.fault_rate) if o.fault_rate > 0 else None
        self.planner = FaultPlanner(spec, o.seed)
        self.limiter = (
            RateLimiter(max(1, round(o.rpm * o.rate_window_s / 60)), o.rate_window_s)
            if o.rpm
            else None
        )
        self._log: collections.deque[dict[str, Any]] = collections.deque(maxlen=o.max_recorded)
        self._lock = threading.Lock()
        self._count = 0

    def record(self, path: str, body: Any, headers: Mapping[str, str]) -> dict[str, Any]:
        """Log a request; the returned dict is completed (fault, status) as it is answered."""
        auth = (
            "bearer"
            if "authorization" in headers
            else "x-api-key"
            if "x-api-key" in headers
            else None
        )
        with self._lock:
            entry = {
                "index": self._count,
                "time": time.time(),
                "path": path,
                "model": body.get("model") if isinstance(body, dict) else None,
                "stream": bool(body.get("stream")) if isinstance(body, dict) else False,
                "body": body,
                "headers": {h: headers[h] for h in _RECORDED_HEADERS if h in headers},
                "auth": auth,
                "fault": None,
                "status": None,
            }
            self._count += 1
            self._log.append(entry)
        return entry

    def requests(self) -> list[dict[str, Any]]:
        """A copy of the request log, oldest first."""
        with self._lock:
            return list(self._log)

    def clear(self) -> None:
        """Empty the request log."""
        with self._lock:
            self._log.clear()


@dataclass
class Call:
    """A parsed request: the conversation the simulated policy sees, and its settings."""

    model: str  # the wire name, fault options removed
    sim: str  # the simulated model, e.g. sim/fast
    messages: list[Message]
    tools: list[ToolSpec]
    body: dict[str, Any]
    effort: str | None = None
    thinking_budget: int | None = None
    seed: int | None = None
    max_tokens: int | None = None
    stream: bool = False


class WireError(Exception):
    """A request the vendor API would reject: answered with that vendor's error body."""

    def __init__(self, status: int, message: str, code: str | None = None) -> None:
        """Record the HTTP status, message and error code to answer with."""
        super().__init__(message)
        self.status = status
        self.message = message
        self.code = code


def new_id(prefix: str) -> str:
    """A random response id with the vendor's ``prefix`` (``chatcmpl-``, ``msg_``...)."""
    return f"{prefix}{secrets.token_hex(12)}"


def dumps(data: Any) -> str:
    """Compact JSON, as the vendors send it."""
    return json.dumps(data, separators=(",", ":"))


def json_reply(
    data: Any, *, truncated: bool = False, headers: Mapping[str, str] | None = None
) -> Response:
    """A JSON reply; ``truncated`` cuts the body mid-JSON (with a matching Content-Length)."""
    body = dumps(data)
    if truncated:
        body = body[: max(1, len(body) // 2)]
    return Response(body, media_type="application/json", headers=dict(headers or {}))


def _cut(event: str) -> str:
    """An SSE event whose JSON data stops half-way, then ends, so the client parses it."""
    head, sep, data = event.partition("data: ")
    return f"{head}{sep}{data[: max(1, len(data.rstrip()) // 2)]}\n\n"


def sse_reply(events: Iterable[str], *, truncated: bool = False) -> StreamingResponse:
    """Server-sent events; ``truncated`` stops the stream inside the middle event's JSON."""
    chunks = list(events)
    if truncated:
        middle = len(chunks) // 2
        chunks = [*chunks[:middle], _cut(chunks[middle])]

    async def stream() -> AsyncIterator[bytes]:
        for chunk in chunks:
            yield chunk.encode()

    return StreamingResponse(
        stream(), media_type="text/event-stream", headers={"cache-control": "no-cache"}
    )


def malformed(arguments: str) -> str:
    """Tool-call arguments that are no longer valid JSON (the closing brace is lost)."""
    return arguments[:-1] if len(arguments) > 1 else "{"
