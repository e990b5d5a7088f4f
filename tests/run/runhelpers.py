from __future__ import annotations

import asyncio
import random
from collections.abc import Sequence

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolSpec
from relgap.providers.base import GenerateSettings
from relgap.run.config import RunConfig
from relgap.run.runner import Runner, RunProgress
from relgap.simulation import SimulatedProvider


class FlakyInfra:
    """A simulated model behind an unreliable network: a share of calls fail transiently.

    Not a mock of any SDK: it stands for the infrastructure, so tests can check that
    infrastructure failures never count as model failures.
    """

    def __init__(self, name: str, failure_rate: float, seed: int = 0) -> None:
        self.inner = SimulatedProvider(name)
        self.name, self.family, self.simulated = name, self.inner.family, True
        self.reasoning_effort = self.inner.reasoning_effort
        self.failure_rate = failure_rate
        self.rng = random.Random(seed)
        self.calls = self.failures = 0

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        self.calls += 1
        if self.rng.random() < self.failure_rate:
            self.failures += 1
            kind = self.rng.choice(["rate_limit", "server_error", "timeout"])
            raise ProviderError(f"injected {kind}", transient=True, kind=kind, retry_after=0.0)
        return await self.inner.complete(messages, tools, settings)

    async def aclose(self) -> None:
        pass


def run_config(**kw) -> RunConfig:
    base = dict(
        suite="food_order", models=["sim/fast"], trials=2, concurrency=8, retry_base_delay_s=0.0
    )
    base.update(kw)
    return RunConfig(**base)


def execute(config: RunConfig, out, **kw) -> RunProgress:
    return asyncio.run(Runner(config, str(out), **kw).run_async())
