"""API keys: where an adapter's key comes from, and how it is kept out of everything written.

Keys are read only from the environment (:func:`resolve_key`); a base URL that carries
credentials is refused (:func:`check_base_url`); :func:`redact` removes every configured key,
and anything shaped like one, from text before it reaches a record or a terminal.
"""

from __future__ import annotations

import os
import re
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from relgap.errors import ConfigError, MissingAPIKey

# Sent instead of a key to a server on this machine (relgap serve, vLLM, Ollama...).
PLACEHOLDER_KEY = "relgap-local-no-key"
_LOOPBACK = {"127.0.0.1", "localhost", "::1"}
_KEY_PATTERN = re.compile(r"\b(sk-[A-Za-z0-9_\-]{4})[A-Za-z0-9_\-*]{4,}")


def is_loopback(url: str | None) -> bool:
    """True when ``url`` points at this machine (127.0.0.1, localhost or ::1)."""
    if not url:
        return False
    host = urlsplit(url if "//" in url else f"//{url}").hostname or ""
    return host.lower() in _LOOPBACK


_SECRET_PARAM = re.compile(r"key|token|secret|password|passwd|auth|sig", re.IGNORECASE)
# Every key an adapter was configured with, whatever variable it came from: redact() hides them.
_CONFIGURED_SECRETS: set[str] = set()


def remember_secret(value: str | None) -> None:
    """Have :func:`redact` hide ``value`` from now on (a key the run was configured with)."""
    if value and len(value) >= 6 and value != PLACEHOLDER_KEY:
        _CONFIGURED_SECRETS.add(value)


def check_base_url(url: str, where: str = "--base-url") -> str:
    """``url`` if it is a plain http(s) endpoint, else ConfigError.

    Refused: credentials in the URL (``user:pass@`` or ``?api_key=``: an SDK would send them
    instead of the key, and an echoing server would put them into records), a bad port, a
    scheme other than http(s).
    """
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        scheme = f"'{parts.scheme}://'" if parts.scheme else "no scheme"
        raise ConfigError(f"{where}: expected http(s)://host[:port][/path], got {scheme}")
    try:
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        raise ConfigError(f"{where}: the port is not a number from 0 to 65535") from None
    secret_params = [
        k for k, _ in parse_qsl(parts.query, keep_blank_values=True) if _SECRET_PARAM.search(k)
    ]
    if parts.username or parts.password or secret_params:
        raise ConfigError(
            f"{where} must not carry credentials (user:password@ or ?{secret_params[0] if secret_params else 'key'}=): "
            "relgap reads API keys only from the environment"
        )
    return url


def resolve_key(variable: str, provider: str, base_url: str | None) -> str:
    """The API key from ``variable``; a placeholder for a loopback server; else MissingAPIKey.

    Raised at adapter construction, so a missing key fails the run before any trial.
    """
    key = os.environ.get(variable)
    if key:
        remember_secret(key)
        return key
    if is_loopback(base_url):
        return PLACEHOLDER_KEY
    raise MissingAPIKey(variable, provider)


def redact(text: str) -> str:
    """``text`` without any API key: the values of key variables and anything like sk-..."""
    for var, value in os.environ.items():
        secretish = var.endswith(("_API_KEY", "_AUTH_TOKEN", "_KEY", "_TOKEN"))
        if secretish and len(value) >= 8 and value in text:
            text = text.replace(value, "***")
    for value in sorted(_CONFIGURED_SECRETS, key=len, reverse=True):
        text = text.replace(value, "***")
    return _KEY_PATTERN.sub(r"\1***", text)


def masked_url(url: str) -> str:
    """``url`` with a user:password and secret-looking query values replaced by ``***``."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        parts = parts._replace(netloc=f"***@{host}" + (f":{parts.port}" if parts.port else ""))
    query = [
        (k, "***" if _SECRET_PARAM.search(k) else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))
