"""The provider interface: one async call, messages + tools + settings in, a Completion out."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass, field, replace
from typing import Any, Protocol, runtime_checkable

from relgap.messages import Completion, Message, ToolSpec


@dataclass(frozen=True)
class GenerateSettings:
    """Per-call generation settings. ``None`` means: the provider's default.

    Attributes:
        temperature: sampling temperature (never sent to reasoning models that reject it).
        max_tokens: output-token cap per call (``max_completion_tokens`` for OpenAI).
        reasoning_effort: none / minimal / low / medium / high, as the model accepts.
        thinking_budget: Anthropic extended-thinking ``budget_tokens``.
        seed: the trial's seed, sent where the API has a seed parameter.
        extra: provider-specific options passed through unchanged.
    """

    temperature: float | None = None
    max_tokens: int | None = None
    reasoning_effort: str | None = None
    thinking_budget: int | None = None
    seed: int | None = None
    extra: dict[str, Any] = field(default_factory=dict)

    def with_seed(self, seed: int) -> GenerateSettings:
        return replace(self, seed=seed)

    def describe(self) -> dict[str, Any]:
        """The settings that were set, for records and manifests (seed left out)."""
        data = {k: v for k, v in asdict(self).items() if v not in (None, {}) and k != "seed"}
        return data


def is_served_simulation(model: str) -> bool:
    """True for the simulated models of ``relgap serve`` (``sim-fast``, ``sim-oracle+fault=...``)
    reached through a hosted adapter: no vendor has models of that name, and their numbers
    must be labelled as simulation like the in-process ``sim/...`` models."""
    return model.rsplit("/", 1)[-1].startswith("sim-")


class WrappedProvider:
    """Base of providers that wrap another (retries, rate limits, cache): they pass the
    wrapped provider's identity through and close it when closed."""

    def __init__(self, inner: Provider) -> None:
        self.inner = inner
        self.name, self.family, self.simulated = inner.name, inner.family, inner.simulated
        self.reasoning_effort = getattr(inner, "reasoning_effort", None)

    async def aclose(self) -> None:
        await self.inner.aclose()


class HostedModel:
    """What a hosted adapter knows from the relgap name alone (``vendor/model``): its
    ``name``, ``family`` (the name: variants are separate settings), the vendor's ``model``
    id and whether ``relgap serve`` simulates it."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.family = name
        self.model = name.partition("/")[2]
        self.simulated = is_served_simulation(self.model)


@runtime_checkable
class Provider(Protocol):
    """A model behind one async call.

    Implementations translate SDK exceptions into :class:`relgap.errors.ProviderError`
    (``transient=True`` for rate limits, 5xx, timeouts and connection failures).
    """

    name: str
    family: str
    simulated: bool

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion: ...

    async def aclose(self) -> None: ...


# A provider may also define ``check_settings(settings) -> None``, raising ConfigError for
# settings it cannot take; the runner calls it for every variant before the first trial.
