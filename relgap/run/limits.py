"""Client-side rate limits: stay under a provider's RPM / TPM instead of bouncing off 429s.

A :class:`Pacer` is a token bucket with no burst allowance (GCRA): it hands out capacity at
an even pace, so *any* 60-second window holds at most the configured amount. A bucket that
allows a full-minute burst (a plain leaky bucket of capacity = rate) can let through twice
the limit within one sliding minute, which is exactly how servers count.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence

from relgap.agent.messages import Completion, Message, ToolSpec
from relgap.providers.base import GenerateSettings, Provider, WrappedProvider


class Pacer:
    """At most ``per_minute`` units per minute, spread evenly."""

    def __init__(self, per_minute: float, clock: Callable[[], float] = time.monotonic) -> None:
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


class LimitedProvider(WrappedProvider):
    """Waits for the RPM and TPM pacers before each call (retries included).

    The pacers run at ``HEADROOM`` (97%) of the given limits.
    """

    def __init__(
        self, inner: Provider, *, rpm: float | None = None, tpm: float | None = None
    ) -> None:
        super().__init__(inner)
        self.rpm = Pacer(rpm * HEADROOM) if rpm else None
        self.tpm = Pacer(tpm * HEADROOM) if tpm else None

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        if self.rpm is not None:
            await self.rpm.acquire()
        if self.tpm is not None:
            await self.tpm.acquire(estimate_tokens(messages, tools, settings))
        return await self.inner.complete(messages, tools, settings)
