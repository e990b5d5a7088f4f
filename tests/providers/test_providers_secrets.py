"""Secrets: no credentials in a base URL, and redact() hides every key the run was given."""

from __future__ import annotations

import pytest

from relgap.errors import ConfigError
from relgap.providers.keys import check_base_url, redact, remember_secret
from relgap.providers.registry import get_provider


@pytest.mark.parametrize(
    "model", ["openai/m", "openai-responses/m", "anthropic/m", "litellm/openai/m"]
)
@pytest.mark.parametrize(
    "url", ["http://user:PASS1234@127.0.0.1:9/v1", "http://127.0.0.1:9/v1?api_key=PASS1234"]
)
def test_every_adapter_refuses_credentials_in_its_base_url(model, url):
    with pytest.raises(ConfigError, match="must not carry credentials") as exc:
        get_provider(model, base_url=url)
    assert "PASS1234" not in str(exc.value)


@pytest.mark.parametrize(
    ("variable", "model"),
    [("OPENAI_BASE_URL", "openai/m"), ("ANTHROPIC_BASE_URL", "anthropic/m")],
)
def test_a_base_url_from_the_environment_is_checked_too(monkeypatch, variable, model):
    monkeypatch.setenv(variable, "http://u:PASS1234@127.0.0.1:9/v1")
    with pytest.raises(ConfigError, match="must not carry credentials"):
        get_provider(model)


@pytest.mark.parametrize("url", ["http://127.0.0.1:99999/v1", "ftp://host/v1", "host:8000"])
def test_a_malformed_base_url_is_one_clear_error(url):
    with pytest.raises(ConfigError, match="--base-url"):
        check_base_url(url)


def test_redact_hides_a_key_the_run_was_configured_with(monkeypatch):
    # Seven characters, no 'sk-' prefix: neither older rule would have caught it.
    monkeypatch.setenv("OPENAI_API_KEY", "q7Zr2xY")
    get_provider("openai/m")
    assert redact("echo: Bearer q7Zr2xY") == "echo: Bearer ***"
    remember_secret("a-proxy-token-xyz")
    assert "a-proxy-token-xyz" not in redact("header a-proxy-token-xyz seen")
