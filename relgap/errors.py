"""One error hierarchy, caught once in the CLI.

Every message is written for the person at the terminal: it says what is wrong and where
(file, line, key) so the CLI can print it on one line and exit with code 2.
"""

from __future__ import annotations


class RelgapError(Exception):
    """Base of every error relgap raises on purpose (bad input, missing key, ...)."""

    exit_code = 2


class ConfigError(RelgapError):
    """A command-line option or a config file is invalid."""


class SuiteError(RelgapError):
    """A suite or task is unknown or its data is malformed."""


class StoreError(RelgapError):
    """A run directory is missing, unreadable or belongs to another run."""


class MissingDependency(RelgapError):
    """An optional package is needed for what was asked; the message says what to install."""


class ProviderError(RelgapError):
    """A model provider failed.

    Attributes:
        transient: True for infrastructure failures worth retrying (rate limit, 5xx,
            timeout, connection). Those end as ``error`` trials, never as model failures.
        kind: short machine-readable label, e.g. ``rate_limit``, ``server_error``,
            ``timeout``, ``connection``, ``auth``, ``bad_request``, ``context_overflow``.
        retry_after: seconds the server asked us to wait, when it said so.
        status_code: the HTTP status of the failed response, when there was one.
    """

    def __init__(
        self,
        message: str,
        *,
        transient: bool,
        kind: str = "unknown",
        retry_after: float | None = None,
        status_code: int | None = None,
    ) -> None:
        """A provider failure described by ``message`` (see the class Attributes)."""
        super().__init__(message)
        self.transient = transient
        self.kind = kind
        self.retry_after = retry_after
        self.status_code = status_code


class MissingAPIKey(ConfigError):
    """A hosted provider was asked for but its key variable is not set."""

    def __init__(self, variable: str, provider: str) -> None:
        """Tell the user to set ``variable`` for ``provider``."""
        super().__init__(
            f"{provider} needs an API key: set the environment variable {variable} "
            f"(relgap reads keys only from the environment)"
        )
        self.variable = variable
