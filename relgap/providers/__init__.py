"""Providers: one async ``complete`` call per model API (OpenAI, Anthropic, LiteLLM, simulated).

``registry.get_provider`` turns a model name into an adapter and imports each vendor SDK only
when that provider is used; ``errors`` translates SDK exceptions into ``ProviderError``;
``pricing`` prices token usage offline.
"""
