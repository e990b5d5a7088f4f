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
        """These settings with the trial's ``seed``."""
        return replace(self, seed=seed)

    def describe(self) -> dict[str, Any]:
        """The settings that were set, for records and manifests (seed left out)."""
        data = {k: v for k, v in asdict(self).items() if v not in (None, {}) and k != "seed"}
        return data


def is_served_simulation(model: str) -> bool:
    """Is ``model`` one of ``relgap serve``'s simulated models behind a hosted adapter?

    True for ``sim-fast``, ``sim-oracle+fault=...`` and the like: no vendor has models of
    that name, and their numbers must be labelled as simulation like the in-process
    ``sim/...`` models.
    """
    return model.rsplit("/", 1)[-1].startswith("sim-")


class ProviderDefaults:
    """The defaults of the Provider members most providers need not define.

    No effort is fixed by the model's name, and any settings are accepted (the API judges
    them).
    """

    reasoning_effort: str | None = None

    def check_settings(self, settings: GenerateSettings) -> None:
        """Accept any settings: a provider that knows better overrides this."""


class WrappedProvider:
    """Base of providers that wrap another (retries, rate limits, cache).

    They pass the wrapped provider's identity through and close it when closed.
    """

    def __init__(self, inner: Provider) -> None:
        """Wrap ``inner``, taking on its name, family, simulation label and effort."""
        self.inner = inner
        self.name, self.family, self.simulated = inner.name, inner.family, inner.simulated
        self.reasoning_effort = inner.reasoning_effort

    def check_settings(self, settings: GenerateSettings) -> None:
        """The wrapped provider decides which settings it takes."""
        self.inner.check_settings(settings)

    async def aclose(self) -> None:
        """Close the wrapped provider."""
        await self.inner.aclose()


class HostedModel(ProviderDefaults):
    """What a hosted adapter knows from the relgap name alone (``vendor/model``).

    Its ``name``, ``family`` (the name: variants are separate settings), the vendor's ``model``
    id and whether ``relgap serve`` simulates it.
    """

    def __init__(self, name: str) -> None:
        """Read ``vendor/model``: the vendor's model id is the part after the slash."""
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
    reasoning_effort: str | None
    """The effort the model's name fixes (``sim/reasoner-high``), recorded with each trial
    whose settings set none; None for most models."""

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """The model's reply to ``messages``, given ``tools`` and ``settings``."""
        ...

    def check_settings(self, settings: GenerateSettings) -> None:
        """Raise ConfigError for settings this model cannot take.

        The runner calls it for every variant before the first trial, so a bad sweep fails
        at once instead of mid-run. :class:`ProviderDefaults` accepts anything.
        """

    async def aclose(self) -> None:
        """Release the client's connections."""
        ...


class _WithDefaults(ProviderDefaults):
    """An older provider, given the defaults of the members it lacks.

    It was written before ``reasoning_effort`` and ``check_settings`` joined the protocol.
    """

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name, self.family, self.simulated = inner.name, inner.family, inner.simulated

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        return await self.inner.complete(messages, tools, settings)

    async def aclose(self) -> None:
        await self.inner.aclose()


def as_provider(obj: Any) -> Provider:
    """``obj`` as a whole :class:`Provider`.

    One that defines only ``name``, ``family``, ``simulated``, ``complete`` and ``aclose``
    (as the protocol once asked) gets the defaults of :class:`ProviderDefaults`. Called where
    a provider enters from outside (the runner's ``providers=``, ``run_trial``), so that
    nothing after asks what it has.
    """
    return obj if isinstance(obj, Provider) else _WithDefaults(obj)
