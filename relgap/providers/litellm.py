"""LiteLLM adapter (``litellm/<provider>/<model>``): any provider LiteLLM reaches.

Requests and replies are OpenAI-shaped, so the Chat Completions wire format of
:mod:`relgap.providers.chat_format` does the translation. LiteLLM's own retries are off
(``num_retries=0``): the runner retries. LiteLLM reads each provider's key from the
environment itself; for ``litellm/openai/...`` and ``litellm/anthropic/...`` the key is
checked here, at construction, so a missing key fails before any trial (a loopback
``base_url`` needs none).
"""

from __future__ import annotations

import os
import time
import warnings
from collections.abc import Sequence
from dataclasses import replace
from typing import Any

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolSpec
from relgap.providers.base import GenerateSettings, HostedModel
from relgap.providers.chat_format import chat_messages, chat_tools, parse_chat_completion
from relgap.providers.errors import (
    from_common_error,
    from_openai_error,
    from_status_error,
    transport_error,
)
from relgap.providers.keys import check_base_url, resolve_key
from relgap.providers.openai import is_reasoning_model

# Read the price map bundled with litellm; never fetch it at import.
os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
# litellm makes pydantic warn about its own TypedDicts, at import and on first calls: noise
# for our users, so exactly that warning is silenced.
warnings.filterwarnings(
    "ignore", message=r".*(is|are) using the `ReadOnly` qualifier", category=UserWarning
)
import litellm  # noqa: E402

litellm.suppress_debug_info = True

DEFAULT_TIMEOUT_S = 300.0
_KEYS = {"openai": "OPENAI_API_KEY", "anthropic": "ANTHROPIC_API_KEY"}
THINKING_KEY = "litellm_thinking_blocks"


def _accepts(model: str, param: str) -> bool:
    """Whether LiteLLM passes ``param`` on for ``model`` (``vendor/name``).

    The trial seed is best effort: Anthropic has none, and LiteLLM refuses a call carrying one.
    """
    vendor, _, name = model.partition("/")
    try:
        supported = litellm.get_supported_openai_params(model=name, custom_llm_provider=vendor)
    except Exception:  # an unknown vendor: let the call itself say what is wrong
        return True
    return supported is None or param in supported


def translate_litellm_error(exc: Exception, provider: str) -> ProviderError | None:
    """LiteLLM's exceptions (subclasses of openai's) -> ProviderError; None if not one."""
    if isinstance(exc, litellm.ContextWindowExceededError):
        return ProviderError(
            f"{provider}: context window exceeded",
            transient=False,
            kind="context_overflow",
            status_code=400,
        )
    if isinstance(exc, litellm.ContentPolicyViolationError):
        return ProviderError(
            f"{provider}: blocked by a content policy",
            transient=False,
            kind="content_filter",
            status_code=400,
        )
    if isinstance(exc, litellm.Timeout):
        return transport_error("timeout", provider, exc)
    # LiteLLM reports a refused connection as a 500 saying so.
    if isinstance(exc, litellm.APIConnectionError) or "Connection error" in str(exc):
        return transport_error("connection", provider, exc)
    if isinstance(
        exc, litellm.ServiceUnavailableError | litellm.BadGatewayError | litellm.InternalServerError
    ):
        return (
            from_status_error(exc, provider)
            if getattr(exc, "status_code", 0)
            else transport_error("server_error", provider, exc)
        )
    return from_openai_error(exc, provider) or from_common_error(exc, provider)


class LiteLLMProvider(HostedModel):
    """``litellm/<provider>/<model>``, e.g. ``litellm/gemini/gemini-2.5-flash``.

    Args:
        name: the relgap name.
        base_url: LiteLLM's ``api_base`` (an OpenAI-compatible server, a proxy...).
        timeout: seconds per request.
    """

    def __init__(
        self, name: str, base_url: str | None = None, *, timeout: float = DEFAULT_TIMEOUT_S
    ) -> None:
        """Check the base URL and read the vendor's key from the environment; nothing is sent."""
        super().__init__(name)
        self.base_url = check_base_url(base_url) if base_url else None
        self.timeout = timeout
        vendor = self.model.partition("/")[0]
        self.api_key = resolve_key(_KEYS[vendor], vendor, base_url) if vendor in _KEYS else None

    def request(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> dict[str, Any]:
        """The keyword arguments of ``litellm.acompletion`` for this call."""
        wire = chat_messages(messages)
        for item, m in zip(wire, messages, strict=True):
            blocks = (m.provider_data or {}).get(THINKING_KEY)
            if blocks:
                item["thinking_blocks"] = blocks  # Anthropic needs its signed thinking back
        params: dict[str, Any] = {
            "model": self.model,
            "messages": wire,
            "num_retries": 0,
            "max_retries": 0,
            "timeout": self.timeout,
        }
        if tools:
            params["tools"] = chat_tools(tools)
        if self.base_url:
            params["api_base"] = self.base_url
        if self.api_key:
            params["api_key"] = self.api_key
        if settings.max_tokens is not None:
            params["max_tokens"] = settings.max_tokens
        if settings.reasoning_effort is not None:
            params["reasoning_effort"] = settings.reasoning_effort
        if settings.thinking_budget:
            params["thinking"] = {"type": "enabled", "budget_tokens": settings.thinking_budget}
        reasoning = (
            settings.reasoning_effort is not None
            or settings.thinking_budget
            or is_reasoning_model(self.model)
        )
        if settings.temperature is not None and not reasoning:
            params["temperature"] = settings.temperature
        if settings.seed is not None and _accepts(self.model, "seed"):
            params["seed"] = settings.seed
        params.update(settings.extra)
        return params

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        """One ``litellm.acompletion`` call, as a Completion."""
        started = time.perf_counter()
        try:
            response = await litellm.acompletion(**self.request(messages, tools, settings))
        except ProviderError:
            raise
        except Exception as exc:
            error = translate_litellm_error(exc, self.name)
            if error is None:
                raise
            raise error from exc
        completion = parse_chat_completion(response, self.name, started)
        blocks = getattr(response.choices[0].message, "thinking_blocks", None)
        if blocks:
            kept = [dict(b) for b in blocks]
            message = replace(completion.message, provider_data={THINKING_KEY: kept})
            completion = replace(completion, message=message)
        return completion

    async def aclose(self) -> None:
        """Nothing to close here: LiteLLM manages its own HTTP clients."""
        return None
