"""Model names to providers, importing each vendor SDK only when it is used.

Names: ``sim/<name>`` (simulation), ``openai/<model>`` (Chat Completions),
``openai-responses/<model>`` (Responses API), ``anthropic/<model>`` and
``litellm/<provider>/<model>``.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from relgap.errors import ConfigError, MissingDependency
from relgap.providers.base import Provider


@dataclass(frozen=True)
class ProviderKind:
    prefix: str
    target: str  # "module:factory"
    package: str  # pip package providing the SDK
    description: str
    example: str


KINDS: dict[str, ProviderKind] = {
    k.prefix: k
    for k in [
        ProviderKind("sim", "relgap.simulation:SimulatedProvider", "relgap",
                     "built-in SIMULATED models (offline, no key)", "sim/reasoner-high"),
        ProviderKind("openai", "relgap.providers.openai:OpenAIChatProvider", "openai",
                     "OpenAI Chat Completions, or any OpenAI-compatible server via --base-url",
                     "openai/gpt-4.1-mini"),
        ProviderKind("openai-responses", "relgap.providers.openai:OpenAIResponsesProvider", "openai",
                     "OpenAI Responses API", "openai-responses/o4-mini"),
        ProviderKind("anthropic", "relgap.providers.anthropic:AnthropicProvider", "anthropic",
                     "Anthropic Messages API (tool use, extended thinking)", "anthropic/claude-sonnet-4-5"),
        ProviderKind("litellm", "relgap.providers.litellm:LiteLLMProvider", "litellm",
                     "any provider LiteLLM reaches", "litellm/gemini/gemini-2.5-flash"),
    ]
}  # fmt: skip


def split_model(name: str) -> tuple[ProviderKind, str]:
    prefix, sep, rest = name.partition("/")
    if not sep or not rest or prefix not in KINDS:
        known = ", ".join(f"{p}/..." for p in KINDS)
        raise ConfigError(f"unknown model '{name}': a model name starts with one of {known}")
    return KINDS[prefix], rest


def _factory(kind: ProviderKind) -> Callable[..., Provider]:
    module_name, _, attr = kind.target.partition(":")
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name and exc.name.split(".")[0] == kind.package:
            raise MissingDependency(
                f"model prefix '{kind.prefix}/' needs the '{kind.package}' package: "
                f"pip install {kind.package}"
            ) from exc
        raise
    factory: Callable[..., Provider] = getattr(module, attr)
    return factory


def get_provider(name: str, **options: Any) -> Provider:
    """A provider for ``name``. ``options`` (e.g. ``base_url``) go to the adapter."""
    kind, _ = split_model(name)
    if kind.prefix == "sim":
        from relgap.simulation import resolve_params

        resolve_params(name, None)  # validates the name
        options = {k: v for k, v in options.items() if k == "sleep"}
    return _factory(kind)(name, **options)
