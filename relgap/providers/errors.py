"""SDK exceptions -> :class:`~relgap.errors.ProviderError`, shared by the hosted adapters.

Every adapter translates at its boundary (``raise ProviderError(...) from exc``, like httpx's
``map_httpcore_exceptions``) and never retries: the runner's ``RetryingProvider`` does,
honouring the ``retry_after`` parsed here from the vendors' rate-limit headers.

The vendor SDKs are imported inside the functions that need them, so importing this module
stays cheap. Messages are passed through :func:`~relgap.providers.keys.redact` so no API key
reaches a record.
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from datetime import datetime
from email.utils import parsedate_to_datetime
from typing import Any

from relgap.errors import ProviderError
from relgap.providers.keys import redact

_OVERFLOW_HINTS = (
    "context_length_exceeded",
    "maximum context length",
    "context window",
    "prompt is too long",
    "too many input tokens",
    "input is too long",
)
_FILTER_HINTS = ("content_filter", "content_policy", "content management policy")
_DURATION = re.compile(r"(\d+(?:\.\d+)?)(ms|h|m|s)")


# -- headers ----------------------------------------------------------------------------------
def _duration_s(text: str) -> float | None:
    """OpenAI's reset durations: '1s', '6m0s', '20ms', '1h2m3.5s'."""
    parts = _DURATION.findall(text.strip())
    if not parts:
        return None
    scale = {"ms": 0.001, "s": 1.0, "m": 60.0, "h": 3600.0}
    return sum(float(n) * scale[unit] for n, unit in parts)


def _timestamp_s(text: str, now: float) -> float | None:
    """Seconds until an RFC 3339 timestamp (Anthropic's ``*-reset`` headers)."""
    try:
        when = datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    return when.timestamp() - now


def _retry_after_value(text: str, now: float) -> float | None:
    try:
        return float(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text).timestamp() - now
    except (TypeError, ValueError):
        return None


def _reset_headers(headers: Mapping[str, str], now: float) -> list[float]:
    """Vendor reset times, limited to the exhausted buckets when the server says which."""
    found: dict[str, float] = {}
    for name, value in headers.items():
        name = name.lower()
        if name.startswith("x-ratelimit-reset-"):
            seconds = _duration_s(value)
            bucket = name.removeprefix("x-ratelimit-reset-")
            remaining = headers.get(f"x-ratelimit-remaining-{bucket}")
        elif name.startswith("anthropic-ratelimit-") and name.endswith("-reset"):
            seconds = _timestamp_s(value, now)
            bucket = name.removeprefix("anthropic-ratelimit-").removesuffix("-reset")
            remaining = headers.get(f"anthropic-ratelimit-{bucket}-remaining")
        else:
            continue
        if seconds is not None:
            found[f"{remaining == '0'}|{bucket}"] = seconds
    exhausted = [s for k, s in found.items() if k.startswith("True|")]
    return exhausted or list(found.values())


def parse_retry_after(headers: Mapping[str, str] | None, now: float | None = None) -> float | None:
    """Seconds a server asked us to wait, or None when it did not say.

    Read from ``retry-after-ms``, ``retry-after`` (seconds or an HTTP date), OpenAI's
    ``x-ratelimit-reset-*`` or Anthropic's ``anthropic-ratelimit-*-reset``, in that order of
    preference.
    """
    if not headers:
        return None
    now = time.time() if now is None else now
    lowered = {k.lower(): v for k, v in headers.items()}
    if "retry-after-ms" in lowered:
        try:
            return max(float(lowered["retry-after-ms"]) / 1000, 0.0)
        except ValueError:
            pass
    if "retry-after" in lowered:
        value = _retry_after_value(lowered["retry-after"], now)
        if value is not None:
            return max(value, 0.0)
    resets = _reset_headers(lowered, now)
    return max(max(resets), 0.0) if resets else None


# -- classification ---------------------------------------------------------------------------
def _mentions(message: str, hints: tuple[str, ...]) -> bool:
    lowered = message.lower()
    return any(h in lowered for h in hints)


def classify_status(
    status: int,
    message: str,
    *,
    provider: str,
    code: str | None = None,
    error_type: str | None = None,
    headers: Mapping[str, str] | None = None,
) -> ProviderError:
    """The ProviderError for an HTTP error status and the vendor's error message/code."""
    detail = f"{message} {code or ''} {error_type or ''}"
    kind, transient = "bad_request", False
    if status == 429:
        kind, transient = "rate_limit", True
    elif status == 529 or error_type == "overloaded_error":
        kind, transient = "overloaded", True
    elif status >= 500 or status == 409:
        kind, transient = "server_error", True
    elif status == 408:
        kind, transient = "timeout", True
    elif status in (401, 403):
        kind = "auth"
    elif status == 404:
        kind = "not_found"
    elif _mentions(detail, _OVERFLOW_HINTS):
        kind = "context_overflow"
    elif _mentions(detail, _FILTER_HINTS):
        kind = "content_filter"
    retry_after = parse_retry_after(headers) if transient else None
    text = redact(f"{provider}: {kind.replace('_', ' ')} (HTTP {status}): {message}")
    return ProviderError(
        text[:600], transient=transient, kind=kind, retry_after=retry_after, status_code=status
    )


def _headers_of(exc: Exception) -> Mapping[str, str] | None:
    response = getattr(exc, "response", None)
    headers = getattr(response, "headers", None)
    extra = getattr(exc, "litellm_response_headers", None) or getattr(exc, "headers", None)
    merged: dict[str, str] = {}
    for source in (headers, extra):
        if source:
            try:
                merged.update({str(k).lower(): str(v) for k, v in dict(source).items()})
            except (TypeError, ValueError):
                continue
    return merged or None


def _body_error(exc: Exception) -> tuple[str | None, str | None, str | None]:
    """(message, code, type) from an OpenAI- or Anthropic-shaped error body."""
    body: Any = getattr(exc, "body", None)
    if isinstance(body, dict):
        inner = body.get("error", body)
        if isinstance(inner, dict):
            code = inner.get("code")
            return inner.get("message"), None if code is None else str(code), inner.get("type")
    return None, None, None


def from_status_error(exc: Exception, provider: str) -> ProviderError:
    """A ProviderError for any SDK exception with a ``status_code``.

    The openai, anthropic and litellm exceptions all carry one.
    """
    status = int(getattr(exc, "status_code", 0) or 0)
    message, code, error_type = _body_error(exc)
    message = message or getattr(exc, "message", None) or str(exc)
    code = code or getattr(exc, "code", None)
    return classify_status(
        status,
        str(message),
        provider=provider,
        code=None if code is None else str(code),
        error_type=error_type or getattr(exc, "type", None),
        headers=_headers_of(exc),
    )


def transport_error(kind: str, provider: str, exc: BaseException) -> ProviderError:
    """A transient error without an HTTP status: timeout, connection, unreadable body."""
    what = {
        "timeout": "request timed out",
        "connection": "connection failed",
        "server_error": "the reply was not valid (truncated or malformed body)",
    }[kind]
    detail = redact(str(exc))[:300]
    return ProviderError(
        f"{provider}: {what}: {type(exc).__name__}: {detail}", transient=True, kind=kind
    )


def _is_transport(exc: BaseException) -> str | None:
    """'timeout' / 'connection' for the raw HTTP-client errors that escape an SDK mid-stream."""
    for module_name in ("httpx2", "httpx"):
        module = sys.modules.get(module_name)
        if module is None:
            continue
        if isinstance(exc, module.TimeoutException):
            return "timeout"
        if isinstance(exc, module.TransportError):
            return "connection"
    return None


def from_openai_error(exc: Exception, provider: str) -> ProviderError | None:
    """Translate an ``openai`` SDK exception (litellm's subclass these); None if not one."""
    import openai

    if isinstance(exc, openai.APITimeoutError):
        return transport_error("timeout", provider, exc)
    if isinstance(exc, openai.APIConnectionError):
        return transport_error("connection", provider, exc)
    if isinstance(exc, openai.APIResponseValidationError):
        return transport_error("server_error", provider, exc)
    if isinstance(exc, openai.APIStatusError) or hasattr(exc, "status_code"):
        return from_status_error(exc, provider)
    return None


def from_anthropic_error(exc: Exception, provider: str) -> ProviderError | None:
    """Translate an ``anthropic`` SDK exception; None if it is not one."""
    import anthropic

    if isinstance(exc, anthropic.APITimeoutError):
        return transport_error("timeout", provider, exc)
    if isinstance(exc, anthropic.APIConnectionError):
        return transport_error("connection", provider, exc)
    if isinstance(exc, anthropic.APIResponseValidationError):
        return transport_error("server_error", provider, exc)
    if isinstance(exc, anthropic.APIStatusError):
        return from_status_error(exc, provider)
    return None


def from_common_error(exc: BaseException, provider: str) -> ProviderError | None:
    """Errors every SDK lets through: an unparseable body, raw HTTP-client failures."""
    if isinstance(exc, json.JSONDecodeError):
        return transport_error("server_error", provider, exc)
    kind = _is_transport(exc)
    return transport_error(kind, provider, exc) if kind else None


@contextmanager
def translate_errors(provider: str, vendor: str) -> Iterator[None]:
    """Run an SDK call; re-raise its failures as ProviderError (``vendor``: openai/anthropic)."""
    translate = from_openai_error if vendor == "openai" else from_anthropic_error
    try:
        yield
    except ProviderError:
        raise
    except Exception as exc:
        error = translate(exc, provider) or from_common_error(exc, provider)
        if error is None:
            raise
        raise error from exc
