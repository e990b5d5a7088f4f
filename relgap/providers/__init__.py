"""Providers: one async ``complete`` call per model API (OpenAI, Anthropic, LiteLLM, plugins).

:mod:`~relgap.providers.registry` turns a model name into a provider through the open
``relgap.providers`` entry-point group (:class:`ProviderKind`, :func:`register_provider`;
see docs/writing-a-provider.md) and imports each vendor SDK only when that provider is used;
``errors`` translates SDK exceptions into ``ProviderError``; ``keys`` reads API keys from the
environment; ``pricing`` prices token usage offline. The simulated models live in
:mod:`relgap.simulation` and register their ``sim/`` prefix like any plugin.
"""

from relgap.providers.registry import ProviderKind, get_provider, register_provider

__all__ = ["ProviderKind", "get_provider", "register_provider"]
