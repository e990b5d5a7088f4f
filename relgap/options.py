"""Bounded options, validated in one place.

Each command states its numeric bounds once, in a pydantic model (``RunConfig`` for a run,
the small models below for the other commands). :func:`validate_options` turns the first
:class:`~pydantic.ValidationError` into a one-line :class:`~relgap.errors.ConfigError`
naming the option as the user typed it, so no command carries its own if-statements.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any, TypeVar

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from relgap.errors import ConfigError

M = TypeVar("M", bound=BaseModel)


def _shown(value: Any) -> str:
    if isinstance(value, float) and not math.isfinite(value):
        return str(value)
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        return str(int(value))
    text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


_PHRASES = {
    "greater_than_equal": "must be at least {ge}",
    "greater_than": "must be greater than {gt}",
    "less_than_equal": "must be at most {le}",
    "less_than": "must be less than {lt}",
    "finite_number": "must be a finite number",
    "int_parsing": "must be a whole number",
    "int_from_float": "must be a whole number",
    "float_parsing": "must be a number",
    "too_short": "needs at least {min_length} value(s)",
}


def option_error(exc: ValidationError, flags: Mapping[str, str] | None = None) -> str:
    """One line for the first error: ``--timeout must be a finite number (got nan)``."""
    err = exc.errors()[0]
    loc = [str(part) for part in err["loc"]]
    field = loc[0] if loc else ""
    flag = (flags or {}).get(field) or ("--" + field.replace("_", "-") if field else "the options")
    where = flag + "".join(f"[{p}]" for p in loc[1:])
    phrase = _PHRASES.get(err["type"])
    if phrase is not None:
        message = phrase.format(**{k: _shown(v) for k, v in err.get("ctx", {}).items()})
    else:
        message = err["msg"].removeprefix("Value error, ")
        message = message[:1].lower() + message[1:]
    if "input" in err and err["type"] not in ("missing", "extra_forbidden") and loc:
        return f"{where} {message} (got {_shown(err['input'])})"
    return f"{where}: {message}"


def validate_options(
    model: type[M], values: Mapping[str, Any], flags: Mapping[str, str] | None = None
) -> M:
    """``model(**values)``, or a one-line ConfigError naming the option (see ``flags``)."""
    try:
        return model.model_validate(dict(values))
    except ValidationError as exc:
        raise ConfigError(option_error(exc, flags)) from None


class _Options(BaseModel):
    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)


class ReportOptions(_Options):
    """`relgap report`."""

    k: int | None = Field(None, ge=1)
    bootstrap: int = Field(2000, ge=0, le=1_000_000)
    transcripts: int = Field(ge=0, le=100_000)


class GateOptions(_Options):
    """`relgap gate`."""

    k: int | None = Field(None, ge=1)
    alpha: float = Field(0.05, gt=0, lt=1)


class PlanOptions(_Options):
    """`relgap plan`: bounded so that the power grid (2,000 x trials) stays small."""

    tasks: int = Field(ge=1, le=10_000_000)
    trials: int = Field(ge=1, le=10_000)
    k: int = Field(ge=1)
    alpha: float = Field(0.05, gt=0, lt=1)
    power: float = Field(0.8, gt=0, lt=1)
    drop: float | None = Field(None, gt=0, lt=1)
    omega2: float | None = Field(None, ge=0, le=1)


class DemoOptions(_Options):
    """`relgap demo`."""

    trials: int = Field(ge=1, le=10_000)
    concurrency: int = Field(ge=1, le=10_000)


class ServeOptions(_Options):
    """`relgap serve`."""

    port: int = Field(ge=0, le=65535)
    latency_ms: float = Field(ge=0)
    rpm: int | None = Field(None, ge=1)
    rate_window: float = Field(gt=0)
    fault_rate: float = Field(ge=0, le=1)
    slow_seconds: float = Field(ge=0)
    retry_after: float = Field(ge=0)
