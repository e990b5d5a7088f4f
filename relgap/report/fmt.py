"""Number formatting shared by the terminal, Markdown and HTML reports.

One place decides how a rate, an interval or a price is written, so the three formats print
the same digits for the same number.
"""

from __future__ import annotations

import math
from typing import Protocol, TypeGuard

DASH = "–"  # an en dash: shown where a value is unknown


def is_num(x: object) -> TypeGuard[float]:
    """A finite int or float (``None``, NaN and infinities are not)."""
    return isinstance(x, int | float) and not isinstance(x, bool) and math.isfinite(x)


def pct(x: float | None, digits: int = 0) -> str:
    """``0.714`` as ``71%``."""
    return f"{100 * x:.{digits}f}%" if is_num(x) else DASH


def rate(x: float | None) -> str:
    """A rate as a two-decimal number, e.g. ``0.71``."""
    return f"{x:.2f}" if is_num(x) else DASH


def _signed(x: float) -> str:
    """``+12``, ``-3`` or ``0`` (never ``+0`` or ``-0``)."""
    value = round(100 * x)
    return f"{value:+d}" if value else "0"


def points(x: float | None, signed: bool = False) -> str:
    """A difference of rates in percentage points, e.g. ``33 pts`` or ``+33 pts``."""
    if not is_num(x):
        return DASH
    return f"{_signed(x)} pts" if signed else f"{100 * x:.0f} pts"


def interval(low: float | None, high: float | None, scale: str = "rate") -> str:
    """A 95% interval as ``0.62–0.80`` (or in percent / points)."""
    if not (is_num(low) and is_num(high)):
        return ""
    if scale == "pct":
        return f"{100 * low:.0f}–{100 * high:.0f}%"
    if scale == "points":
        return f"{_signed(low)} to {_signed(high)}"
    return f"{low:.2f}–{high:.2f}"


def usd(x: float | None) -> str:
    """A price in US dollars with enough digits for fractions of a cent."""
    if not is_num(x):
        return DASH
    value = float(x)
    if value == 0:
        return "$0"
    if abs(value) >= 100:
        return f"${value:,.0f}"
    if abs(value) >= 1:
        return f"${value:.2f}"
    return f"${value:.2g}" if abs(value) < 0.001 else f"${value:.4f}"


class Interval(Protocol):
    """What :func:`estimate_texts` reads: an estimate, its interval and the marks after it."""

    @property
    def estimate(self) -> float | None:
        """The point estimate (``None``: unknown)."""

    @property
    def ci_low(self) -> float | None:
        """Lower end of the interval (``None``: no interval)."""

    @property
    def ci_high(self) -> float | None:
        """Upper end of the interval."""

    @property
    def marks(self) -> str:
        """Shown right after the interval (``*`` few tasks, ``°`` zero width)."""


def estimate_texts(e: Interval, style: str = "rate") -> tuple[str, str]:
    """The value and its interval with marks, e.g. ``("0.71", "0.62–0.80*")``.

    ``style`` is ``"rate"`` or ``"pct"``; an unknown value is a dash with no interval, an
    unknown interval is ``""``. Every report format lays these two texts out its own way.
    """
    if e.estimate is None:
        return DASH, ""
    value = pct(e.estimate) if style == "pct" else rate(e.estimate)
    ci = interval(e.ci_low, e.ci_high, "pct" if style == "pct" else "rate")
    return value, ci and ci + e.marks


def p_value(p: float | None) -> str:
    """A p-value as ``p=0.03`` or ``p<0.001``."""
    if not is_num(p):
        return "p n/a"
    return "p<0.001" if p < 0.001 else f"p={p:.2g}"
