"""The shared SDK-exception mapping: retry-after parsing, status classification, keys."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import pytest

from relgap.errors import MissingAPIKey
from relgap.providers.errors import classify_status, from_common_error, parse_retry_after
from relgap.providers.keys import PLACEHOLDER_KEY, is_loopback, redact, resolve_key

NOW = 1_700_000_000.0


def _iso(seconds_from_now: float) -> str:
    when = datetime.fromtimestamp(NOW + seconds_from_now, tz=UTC)
    return when.isoformat().replace("+00:00", "Z")


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        ({"retry-after-ms": "250"}, 0.25),
        ({"Retry-After": "7"}, 7.0),
        ({"retry-after-ms": "1500", "retry-after": "9"}, 1.5),
        ({"x-ratelimit-reset-requests": "6m0s"}, 360.0),
        ({"x-ratelimit-reset-requests": "20ms"}, 0.02),
        ({"x-ratelimit-reset-tokens": "1h2m3.5s"}, 3723.5),
        # Only the exhausted bucket counts when the server says which one it is.
        ({"x-ratelimit-reset-requests": "2s", "x-ratelimit-remaining-requests": "0",
          "x-ratelimit-reset-tokens": "5m", "x-ratelimit-remaining-tokens": "900"}, 2.0),
        ({"anthropic-ratelimit-requests-reset": _iso(30), "anthropic-ratelimit-requests-remaining": "0",
          "anthropic-ratelimit-tokens-reset": _iso(90)}, 30.0),
        ({"anthropic-ratelimit-tokens-reset": _iso(12)}, 12.0),
        ({"retry-after": "soon"}, None),
        ({}, None),
    ],
)  # fmt: skip
def test_parse_retry_after(headers: dict[str, str], expected: float | None) -> None:
    got = parse_retry_after(headers, now=NOW)
    assert got == (None if expected is None else pytest.approx(expected, abs=0.01))


def test_parse_retry_after_http_date() -> None:
    when = datetime.fromtimestamp(NOW, tz=UTC) + timedelta(seconds=20)
    assert parse_retry_after(
        {"retry-after": format_datetime(when, usegmt=True)}, now=NOW
    ) == pytest.approx(20)


def test_parse_retry_after_never_negative() -> None:
    assert parse_retry_after({"anthropic-ratelimit-requests-reset": _iso(-10)}, now=NOW) == 0.0


@pytest.mark.parametrize(
    ("status", "message", "code", "kind", "transient"),
    [
        (429, "slow down", None, "rate_limit", True),
        (500, "boom", None, "server_error", True),
        (502, "bad gateway", None, "server_error", True),
        (503, "unavailable", None, "server_error", True),
        (529, "Overloaded", None, "overloaded", True),
        (408, "request timeout", None, "timeout", True),
        (401, "bad key", None, "auth", False),
        (403, "forbidden", None, "auth", False),
        (404, "no such model", None, "not_found", False),
        (
            400,
            "This model's maximum context length is 128000 tokens",
            None,
            "context_overflow",
            False,
        ),
        (400, "bad", "context_length_exceeded", "context_overflow", False),
        (
            400,
            "prompt is too long: 250000 tokens > 200000 maximum",
            None,
            "context_overflow",
            False,
        ),
        (400, "flagged", "content_filter", "content_filter", False),
        (400, "max_tokens: Field required", None, "bad_request", False),
        (422, "unprocessable", None, "bad_request", False),
    ],
)
def test_classify_status(
    status: int, message: str, code: str | None, kind: str, transient: bool
) -> None:
    error = classify_status(status, message, provider="openai/x", code=code)
    assert (error.kind, error.transient, error.status_code) == (kind, transient, status)
    assert error.args[0].startswith("openai/x: ")


def test_overloaded_error_type_is_transient_whatever_the_status() -> None:
    error = classify_status(
        500, "Overloaded", provider="anthropic/x", error_type="overloaded_error"
    )
    assert (error.kind, error.transient) == ("overloaded", True)


def test_rate_limit_reads_retry_after() -> None:
    error = classify_status(429, "slow down", provider="p", headers={"retry-after": "3"})
    assert error.retry_after == pytest.approx(3.0)


def test_undecodable_body_is_a_transient_server_error() -> None:
    try:
        json.loads('{"id": "chatcmpl-1", "cho')
    except json.JSONDecodeError as exc:
        error = from_common_error(exc, "openai/x")
    assert error is not None
    assert (error.kind, error.transient) == ("server_error", True)


def test_redact_removes_keys(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", "sk-test-SENTINEL-123")
    text = redact("Incorrect API key provided: sk-test-SENTINEL-123; also sk-proj-abcdefghijkl")
    assert "SENTINEL" not in text
    assert "abcdefghijkl" not in text
    assert (
        classify_status(401, "key sk-test-SENTINEL-123 is wrong", provider="p")
        .args[0]
        .count("SENTINEL")
        == 0
    )


@pytest.mark.parametrize(
    ("url", "loopback"),
    [
        ("http://127.0.0.1:8765/v1", True),
        ("http://localhost:8000", True),
        ("http://[::1]:8000/v1", True),
        ("https://api.openai.com/v1", False),
        ("http://10.0.0.5:8000/v1", False),
        ("http://127.0.0.1.example.com/v1", False),
        (None, False),
    ],
)
def test_is_loopback(url: str | None, loopback: bool) -> None:
    assert is_loopback(url) is loopback


def test_resolve_key(monkeypatch: pytest.MonkeyPatch) -> None:
    assert resolve_key("OPENAI_API_KEY", "openai", "http://127.0.0.1:1/v1") == PLACEHOLDER_KEY
    with pytest.raises(MissingAPIKey, match="OPENAI_API_KEY") as info:
        resolve_key("OPENAI_API_KEY", "openai", "https://gateway.example.com/v1")
    assert info.value.variable == "OPENAI_API_KEY"
    monkeypatch.setenv("OPENAI_API_KEY", "sk-real")
    assert resolve_key("OPENAI_API_KEY", "openai", None) == "sk-real"
