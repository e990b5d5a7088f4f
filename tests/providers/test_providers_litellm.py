"""The LiteLLM adapter: request options and exception mapping."""

from __future__ import annotations

import httpx
import pytest

from relgap.messages import Message
from relgap.providers.base import GenerateSettings
from relgap.providers.keys import PLACEHOLDER_KEY

# Through the adapter, which makes LiteLLM read its bundled price map instead of fetching it.
from relgap.providers.litellm import LiteLLMProvider, litellm, translate_litellm_error
from relgap.server import LocalServer


def test_request_options(server: LocalServer) -> None:
    provider = LiteLLMProvider("litellm/openai/sim-reasoner", server.openai_base_url)
    settings = GenerateSettings(reasoning_effort="low", max_tokens=300, temperature=0.5, seed=9)
    params = provider.request([Message(role="user", content="hi")], [], settings)
    assert params["model"] == "openai/sim-reasoner"
    assert (params["num_retries"], params["max_retries"]) == (0, 0)
    assert params["api_base"] == server.openai_base_url and params["api_key"] == PLACEHOLDER_KEY
    assert (
        params["reasoning_effort"] == "low" and params["seed"] == 9 and params["max_tokens"] == 300
    )
    assert "temperature" not in params


def test_no_seed_for_vendors_without_one(server: LocalServer) -> None:
    """Anthropic takes no seed, and LiteLLM refuses a call that carries one (HTTP 400)."""
    provider = LiteLLMProvider("litellm/anthropic/claude-sonnet-4-5", server.url)
    params = provider.request([Message(role="user", content="hi")], [], GenerateSettings(seed=9))
    assert "seed" not in params


def test_other_vendors_read_their_own_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GEMINI_API_KEY", raising=False)
    provider = LiteLLMProvider("litellm/gemini/gemini-2.5-flash")  # LiteLLM checks this key itself
    assert provider.api_key is None
    params = provider.request(
        [Message(role="user", content="hi")], [], GenerateSettings(thinking_budget=2048)
    )
    assert params["thinking"] == {"type": "enabled", "budget_tokens": 2048}
    assert "api_key" not in params and "api_base" not in params


def _response(status: int) -> httpx.Response:
    return httpx.Response(
        status, request=httpx.Request("POST", "http://127.0.0.1/v1/chat/completions")
    )


@pytest.mark.parametrize(
    ("exc", "kind", "transient"),
    [
        (litellm.ContextWindowExceededError("too long", "m", "openai"), "context_overflow", False),
        (litellm.ContentPolicyViolationError("blocked", "m", "openai"), "content_filter", False),
        (litellm.Timeout("slow", "m", "openai"), "timeout", True),
        (
            litellm.RateLimitError("slow down", "openai", "m", response=_response(429)),
            "rate_limit",
            True,
        ),
        (
            litellm.ServiceUnavailableError("down", "openai", "m", response=_response(503)),
            "server_error",
            True,
        ),
        (litellm.InternalServerError("boom", "openai", "m"), "server_error", True),
        (litellm.AuthenticationError("bad key", "openai", "m"), "auth", False),
        (litellm.BadRequestError("bad", "m", "openai"), "bad_request", False),
        (litellm.NotFoundError("no model", "m", "openai"), "not_found", False),
    ],
)
def test_exception_mapping(exc: Exception, kind: str, transient: bool) -> None:
    error = translate_litellm_error(exc, "litellm/openai/m")
    assert error is not None
    assert (error.kind, error.transient) == (kind, transient)


def test_unrelated_exceptions_are_left_alone() -> None:
    assert translate_litellm_error(RuntimeError("bug"), "p") is None
