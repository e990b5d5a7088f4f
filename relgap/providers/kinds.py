"""relgap's hosted providers, as its ``relgap.providers`` entry points declare them.

This module is what the entry points load to list the prefixes, so it stays light: each
factory is named as ``"module:attr"`` and its vendor SDK is imported only when used.
"""

from relgap.providers.registry import ProviderKind

OPENAI = ProviderKind(
    prefix="openai",
    factory="relgap.providers.openai:OpenAIChatProvider",
    package="openai",
    description="OpenAI Chat Completions, or any OpenAI-compatible server via --base-url",
    example="openai/gpt-4.1-mini",
)
OPENAI_RESPONSES = ProviderKind(
    prefix="openai-responses",
    factory="relgap.providers.openai:OpenAIResponsesProvider",
    package="openai",
    description="OpenAI Responses API",
    example="openai-responses/o4-mini",
)
ANTHROPIC = ProviderKind(
    prefix="anthropic",
    factory="relgap.providers.anthropic:AnthropicProvider",
    package="anthropic",
    description="Anthropic Messages API (tool use, extended thinking)",
    example="anthropic/claude-sonnet-4-5",
)
LITELLM = ProviderKind(
    prefix="litellm",
    factory="relgap.providers.litellm:LiteLLMProvider",
    package="litellm",
    description="any provider LiteLLM reaches",
    example="litellm/gemini/gemini-2.5-flash",
)
