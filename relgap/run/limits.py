"""Client-side rate limits: stay under a provider's RPM / TPM instead of bouncing off 429s.

A :class:`Pacer` is a token bucket with no burst allowance (GCRA): it hands out capacity at
an even pace, so *any* 60-second window holds at most the configured amount. A bucket that
allows a full-minute burst (a plain leaky bucket of capacity = rate) can let through twice
the limit within one sliding minute, which is exactly how servers count.
"""

from __future__ import annotations

import asyncio
import contextlib
import math
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Sequence

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolSpec
from relgap.providers.base import GenerateSettings, Provider, WrappedProvider


class Pacer:
    """At most ``per_minute`` units per minute, spread evenly."""

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
        """Pace ``per_minute`` units a minute, reading the time from ``clock``."""
        self.interval = 60.0 / per_minute
        self.per_minute = per_minute
        self._clock = clock
        self._next = 0.0

    def reserve(self, amount: float = 1.0) -> float:
        """Book ``amount`` units; returns how long to wait before using them."""
        now = self._clock()
        start = max(now, self._next)
        # Never book more than a minute's worth at once (a huge prompt must still run).
        self._next = start + min(amount, self.per_minute) * self.interval
        return start - now

    async def acquire(self, amount: float = 1.0) -> None:
        """Book ``amount`` units and wait until they may be used."""
        delay = self.reserve(amount)
        if delay > 0:
            await asyncio.sleep(delay)


def estimate_tokens(
    messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
) -> int:
    """A cheap upper-ish estimate of a call's tokens (4 characters a token)."""
    chars = sum(
        len(m.content) + sum(len(c.arguments_json()) for c in m.tool_calls) for m in messages
    )
    chars += sum(len(t.description) + len(str(t.parameters)) for t in tools)
    return chars // 4 + (settings.max_tokens or 1024)


# Pace a little under the limit: requests spaced exactly at the limit arrive with network
# and server-side jitter, and a server counting a sliding window then sees one too many.
HEADROOM = 0.97


_NO_REPLY = ("timeout", "connection", "unknown")
# The window a requests-per-minute limit is counted over (tests scale it down).
RPM_WINDOW_S = 60.0


class SlidingWindow:
    """At most ``limit`` requests in any sliding window, as the server counts them.

    The window is ``window_s`` seconds; stalls included.

    A server counts a request at some moment between its sending and its reply. When the
    server stalls, requests sent seconds apart can be counted back to back. So each request
    holds its slot from the moment it is sent until ``window_s`` after it ends: then any
    window, wherever the server places each request in its lifetime, holds at most ``limit``.
    A request that ended without a reply (timeout, lost connection, cancelled) may still sit
    in a stalled server's queue: it ends only when the server answers again (or one window
    later, if it never does).
    """

    def __init__(
        self,
        limit: int,
        window_s: float,
        clock: Callable[[], float] = time.monotonic,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """Allow ``limit`` requests per ``window_s`` seconds, reading the time from ``clock``."""
        self.limit, self.window_s = max(1, limit), window_s
        self._clock, self._sleep = clock, sleep
        self._live = 0
        self._ended: list[float] = []  # when answered requests ended
        self._unanswered: list[float] = []  # when requests without a reply ended

    def _wait(self) -> float:
        """0 when a slot is free now; else how long to wait before looking again."""
        now, window = self._clock(), self.window_s
        self._ended += [t + window for t in self._unanswered if t <= now - window]
        self._unanswered = [t for t in self._unanswered if t > now - window]
        self._ended = [t for t in self._ended if t > now - window]
        if self._live + len(self._ended) + len(self._unanswered) < self.limit:
            return 0.0
        soonest = min(
            [t + window - now for t in self._ended]
            + [t + 2 * window - now for t in self._unanswered]
            + ([0.05] if self._live else [])
        )
        return max(0.001, soonest)

    @contextlib.asynccontextmanager
    async def hold(self) -> AsyncIterator[None]:
        """Hold a slot for one request: wait for room, then count it when it ends."""
        while (wait := self._wait()) > 0:
            await self._sleep(wait)
        self._live += 1
        answered = False
        try:
            yield
            answered = True
        except ProviderError as exc:
            # A status or a parsed reply means the server answered; a timeout or a lost
            # connection may leave the request queued at a stalled server.
            answered = exc.status_code is not None or exc.kind not in _NO_REPLY
            raise
        finally:
            self._live -= 1
            now = self._clock()
            if answered:  # the server is answering: what it held has been counted by now
                self._ended += [now] * (len(self._unanswered) + 1)
                self._unanswered = []
            else:
                self._unanswered.append(now)


class LimitedProvider(WrappedProvider):
    """Waits for the RPM and TPM pacers before each call (retries included).

    The pacers run at ``HEADROOM`` (97%) of the given limits and spread calls evenly; a
    :class:`SlidingWindow` guarantees the RPM limit even when the server stalls.
    """

    def __init__(
        self, inner: Provider, *, rpm: float | None = None, tpm: float | None = None
    ) -> None:
        """Pace calls to ``inner`` under ``rpm`` requests and ``tpm`` tokens a minute."""
        super().__init__(inner)
        self.rpm = Pacer(rpm * HEADROOM) if rpm else None
        self.tpm = Pacer(tpm * HEADROOM) if tpm else None
        self.window = (
            SlidingWindow(math.floor(rpm * RPM_WINDOW_S / 60), RPM_WINDOW_S) if rpm else None
        )

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """Wait for the pacers and the window, then call the wrapped provider."""
        async with self.window.hold() if self.window else contextlib.nullcontext():
            if self.rpm is not None:
                await self.rpm.acquire()
            if self.tpm is not None:
                await self.tpm.acquire(estimate_tokens(messages, tools, settings))
            return await self.inner.complete(messages, tools, settings)
