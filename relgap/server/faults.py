"""Fault injection and rate limiting for ``relgap serve``.

A fault is asked for in one of three places, most specific first:

* the header ``x-relgap-fault: 429`` (a comma list picks one at random per request;
  ``x-relgap-fault-rate: 0.3`` applies it to that share of requests only);
* a model-name suffix: ``sim-fast+fault=429``, ``sim-fast+fault=500,timeout+rate=0.3``;
* server-wide: ``relgap serve --fault-rate 0.1 --faults 429,500,timeout``.

Whether a request gets its fault is drawn from a generator seeded by (server seed, request
number), so a server started with the same seed injects the same faults in the same order.

Kinds: an HTTP status (``400``, ``401``, ``403``, ``404``, ``429``, ``500``, ``502``,
``503``, ``529``) answered with the vendor's error body; ``timeout`` (reply only after
``slow_seconds``); ``malformed`` (tool-call arguments that are not valid JSON);
``truncated`` (the body is cut mid-JSON); ``overflow`` (a context-length 400);
``refusal`` (the model refuses).
"""

from __future__ import annotations

import collections
import random
import threading
import time
from dataclasses import dataclass

from relgap.errors import ConfigError

STATUS_FAULTS = ("400", "401", "403", "404", "429", "500", "502", "503", "529")
BEHAVIOUR_FAULTS = ("timeout", "malformed", "truncated", "overflow", "refusal")
FAULT_KINDS = STATUS_FAULTS + BEHAVIOUR_FAULTS


@dataclass(frozen=True)
class FaultSpec:
    """Faults to inject and the share of requests that get one."""

    faults: tuple[str, ...]
    rate: float = 1.0


def parse_fault_list(text: str) -> tuple[str, ...]:
    """``"429, 500,timeout"`` -> ``("429", "500", "timeout")``; unknown kinds are an error."""
    faults = tuple(f.strip().lower() for f in text.split(",") if f.strip())
    unknown = [f for f in faults if f not in FAULT_KINDS]
    if unknown:
        raise ConfigError(
            f"unknown fault(s) {', '.join(unknown)}: known faults are {', '.join(FAULT_KINDS)}"
        )
    return faults


def parse_rate(text: str) -> float:
    """A fault rate between 0 and 1; ConfigError otherwise."""
    try:
        rate = float(text)
    except ValueError:
        raise ConfigError(f"fault rate '{text}' is not a number") from None
    if not 0.0 <= rate <= 1.0:
        raise ConfigError(f"fault rate {rate} is not between 0 and 1")
    return rate


def split_model(model: str) -> tuple[str, FaultSpec | None]:
    """``"sim-fast+fault=429+rate=0.3"`` -> ``("sim-fast", FaultSpec(("429",), 0.3))``."""
    base, *options = model.split("+")
    faults: tuple[str, ...] = ()
    rate = 1.0
    for option in options:
        key, sep, value = option.partition("=")
        if not sep:
            raise ConfigError(f"model option '{option}' is not key=value")
        if key == "fault":
            faults = parse_fault_list(value)
        elif key == "rate":
            rate = parse_rate(value)
        else:
            raise ConfigError(f"unknown model option '{key}' (known: fault, rate)")
    return base, (FaultSpec(faults, rate) if faults else None)


class FaultPlanner:
    """Chooses the fault (or none) for each request."""

    def __init__(self, server: FaultSpec | None, seed: int = 0) -> None:
        """Draw faults from ``server`` (None: only per-model or per-request faults), seeded."""
        self.server = server
        self.seed = seed

    def choose(
        self, index: int, model_spec: FaultSpec | None, header: str | None, header_rate: str | None
    ) -> str | None:
        """The fault for request ``index``: from its header, else its model name, else the server's."""
        spec = model_spec or self.server
        if header:
            spec = FaultSpec(
                parse_fault_list(header), parse_rate(header_rate) if header_rate else 1.0
            )
        if spec is None or not spec.faults:
            return None
        rng = random.Random(f"{self.seed}:{index}")
        if rng.random() >= spec.rate:
            return None
        return rng.choice(spec.faults)


class RateLimiter:
    """At most ``rpm`` requests in any sliding 60-second window (thread-safe)."""

    def __init__(self, rpm: int, window_s: float = 60.0) -> None:
        """Allow ``rpm`` requests per sliding window of ``window_s`` seconds."""
        self.rpm = rpm
        self.window_s = window_s
        self._times: collections.deque[float] = collections.deque()
        self._lock = threading.Lock()

    def acquire(self, now: float | None = None) -> float | None:
        """None when the request may go ahead; else seconds until a slot frees up."""
        now = time.monotonic() if now is None else now
        with self._lock:
            while self._times and now - self._times[0] >= self.window_s:
                self._times.popleft()
            if len(self._times) < self.rpm:
                self._times.append(now)
                return None
            return self.window_s - (now - self._times[0])
