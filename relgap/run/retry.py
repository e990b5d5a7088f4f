"""Retries of transient provider failures, with exponential backoff and Retry-After."""

from __future__ import annotations

import asyncio
import random
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolSpec
from relgap.providers.base import GenerateSettings, Provider, WrappedProvider


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter; a server's Retry-After wins when it is longer."""

    max_retries: int = 6
    base_delay_s: float = 1.0
    max_delay_s: float = 60.0

    def delay(self, attempt: int, error: ProviderError, rng: random.Random) -> float:
        """Seconds to wait before retry number ``attempt`` (from 0) after ``error``."""
        backoff = min(self.max_delay_s, self.base_delay_s * 2**attempt)
        delay = rng.uniform(backoff / 2, backoff)
        if error.retry_after is not None:
            delay = max(delay, min(error.retry_after, self.max_delay_s))
        return delay


class RetryingProvider(WrappedProvider):
    """Wraps a provider: transient errors are retried; the last one is raised if all fail.

    ``on_retry`` is told of each retry (for progress displays and counters).
    """

    def __init__(
        self,
        inner: Provider,
        policy: RetryPolicy,
        *,
        on_retry: Callable[[ProviderError], None] | None = None,
        sleep: Callable[[float], Awaitable[None]] = asyncio.sleep,
    ) -> None:
        """Retry ``inner``'s transient errors as ``policy`` says, sleeping with ``sleep``."""
        super().__init__(inner)
        self.policy = policy
        self.on_retry = on_retry
        self._sleep = sleep
        self._rng = random.Random()

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """Call the wrapped provider, retrying transient errors as the policy allows."""
        attempt = 0
        while True:
            try:
                return await self.inner.complete(messages, tools, settings)
            except ProviderError as exc:
                if not exc.transient or attempt >= self.policy.max_retries:
                    raise
                if self.on_retry is not None:
                    self.on_retry(exc)
                await self._sleep(self.policy.delay(attempt, exc, self._rng))
                attempt += 1
