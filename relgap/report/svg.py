"""Small SVG primitives for the HTML report's charts: no dependencies, no external resources.

Every attribute value and every text node goes through :func:`esc`, so data (model names,
task ids, check names) can never close a tag or open a new one.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from html import escape

from relgap.report.layout import text_width

# Okabe & Ito's colour-blind-safe palette (black moved last).
PALETTE = ("#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#7f7f7f", "#000000")
# Viridis at five stops: perceptually even, readable in grey and by colour-blind readers.
_RATE_STOPS = (
    (0.0, (68, 1, 84)),
    (0.25, (59, 82, 139)),
    (0.5, (33, 145, 140)),
    (0.75, (94, 201, 98)),
    (1.0, (253, 231, 37)),
)
INK, MUTED, GRID = "#222", "#666", "#e3e3e3"


def esc(value: object) -> str:
    """Text or attribute value, HTML-escaped (quotes included)."""
    return escape(str(value), quote=True)


def color(i: int) -> str:
    """The ``i``-th series colour of the palette (cycling)."""
    return PALETTE[i % len(PALETTE)]


def rate_color(x: float) -> str:
    """Colour of a success rate in [0, 1] (viridis: dark = 0, yellow = 1)."""
    x = min(1.0, max(0.0, x))
    for (x0, c0), (x1, c1) in itertools.pairwise(_RATE_STOPS):
        if x <= x1:
            t = (x - x0) / (x1 - x0)
            rgb = (round(a + (b - a) * t) for a, b in zip(c0, c1, strict=True))
            return "#{:02x}{:02x}{:02x}".format(*rgb)
    return "#fde725"


def num(x: float) -> str:
    """A coordinate with at most one decimal."""
    text = f"{x:.1f}"
    return text[:-2] if text.endswith(".0") else text


def nice_ticks(lo: float, hi: float, count: int = 5) -> list[float]:
    """Round tick values from at or below ``lo`` to at or above ``hi``."""
    if not (math.isfinite(lo) and math.isfinite(hi)) or hi <= lo:
        return [lo]
    raw = (hi - lo) / max(1, count)
    mag = 10 ** math.floor(math.log10(raw))
    step = next(m * mag for m in (1, 2, 2.5, 5, 10) if m * mag >= raw)
    start = math.floor(lo / step + 1e-9) * step
    out = [round(start, 12)]
    while out[-1] < hi - step * 1e-9:  # the last tick reaches or passes hi
        out.append(round(out[-1] + step, 12))
    return out


@dataclass(frozen=True)
class Scale:
    """A linear (or log10) map from data to pixels."""

    d0: float
    d1: float
    r0: float
    r1: float
    log: bool = False

    def _t(self, x: float) -> float:
        if self.log:
            lo, hi = math.log10(self.d0), math.log10(self.d1)
            return (math.log10(max(x, self.d0 * 1e-3)) - lo) / ((hi - lo) or 1.0)
        return (x - self.d0) / ((self.d1 - self.d0) or 1.0)

    def __call__(self, x: float) -> float:
        """The pixel position of data value ``x``."""
        return self.r0 + self._t(x) * (self.r1 - self.r0)


@dataclass(frozen=True)
class Box:
    """The plotting area of a chart, in pixels."""

    left: float
    top: float
    width: float
    height: float

    @property
    def right(self) -> float:
        """The box's right edge in px."""
        return self.left + self.width

    @property
    def bottom(self) -> float:
        """The box's bottom edge in px."""
        return self.top + self.height


class Svg:
    """Collects SVG elements and renders one ``<svg>`` element."""

    def __init__(self, width: float, height: float, label: str) -> None:
        """An empty drawing of ``width`` x ``height`` px; ``label`` is its accessible name."""
        self.width = width
        self.height = height
        self.label = label
        self.parts: list[str] = []

    def add(
        self, tag: str, text: str | None = None, title: str | None = None, **attrs: object
    ) -> None:
        """Append ``<tag attrs>text<title>title</title></tag>``; ``_`` in names becomes ``-``."""
        self.element(tag, attrs, text, title)

    def element(
        self, tag: str, attrs: dict[str, object], text: str | None = None, title: str | None = None
    ) -> None:
        """:meth:`add` with the attributes as a dict."""
        attr = "".join(
            f' {name.rstrip("_").replace("_", "-")}="{esc(num(v) if isinstance(v, float) else v)}"'
            for name, v in attrs.items()
            if v is not None
        )
        inner = (f"<title>{esc(title)}</title>" if title else "") + (esc(text) if text else "")
        self.parts.append(f"<{tag}{attr}>{inner}</{tag}>" if inner else f"<{tag}{attr}/>")

    def line(self, x1: float, y1: float, x2: float, y2: float, **attrs: object) -> None:
        """Add a line (ink colour unless ``attrs`` say otherwise)."""
        self.element("line", {"x1": x1, "y1": y1, "x2": x2, "y2": y2, "stroke": INK} | attrs)

    def rect(self, x: float, y: float, w: float, h: float, **attrs: object) -> None:
        """Add a rectangle (a negative size draws nothing)."""
        self.element("rect", {"x": x, "y": y, "width": max(0.0, w), "height": max(0.0, h)} | attrs)

    def circle(self, x: float, y: float, r: float, **attrs: object) -> None:
        """Add a circle."""
        self.element("circle", {"cx": x, "cy": y, "r": r} | attrs)

    def polyline(self, pts: Iterable[tuple[float, float]], **attrs: object) -> None:
        """Add an unfilled line through ``pts``."""
        self.element("polyline", {"points": _points(pts), "fill": "none"} | attrs)

    def polygon(self, pts: Iterable[tuple[float, float]], **attrs: object) -> None:
        """Add a closed shape through ``pts``."""
        self.element("polygon", {"points": _points(pts)} | attrs)

    def text(self, x: float, y: float, text: str, **attrs: object) -> None:
        """Add a text element (escaped)."""
        self.element("text", {"x": x, "y": y, "fill": INK} | attrs, text)

    def render(self) -> str:
        """The ``<svg>`` element, with its title for screen readers."""
        head = (
            f'<svg viewBox="0 0 {num(self.width)} '
            f'{num(self.height)}" width="{num(self.width)}" height="{num(self.height)}" '
            f'role="img" aria-label="{esc(self.label)}">'
        )
        return head + "".join(self.parts) + "</svg>"


def _points(pts: Iterable[tuple[float, float]]) -> str:
    return " ".join(f"{num(x)},{num(y)}" for x, y in pts)


def y_axis(
    svg: Svg,
    box: Box,
    scale: Scale,
    ticks: Sequence[float],
    fmt: Callable[[float], str],
    label: str = "",
) -> None:
    """Horizontal grid lines with tick labels on the left, and a rotated axis label."""
    for t in ticks:
        y = scale(t)
        svg.line(box.left, y, box.right, y, stroke=GRID)
        svg.text(box.left - 6, y + 4, fmt(t), text_anchor="end", class_="tick")
    if label:
        x, y = box.left - 44, box.top + box.height / 2
        svg.text(
            x,
            y,
            label,
            text_anchor="middle",
            class_="axis",
            transform=f"rotate(-90 {num(x)} {num(y)})",
        )


def x_axis(
    svg: Svg,
    box: Box,
    scale: Scale,
    ticks: Sequence[float],
    fmt: Callable[[float], str],
    label: str = "",
) -> float:
    """The baseline with tick labels below it, and an axis label; returns the y below it.

    Tick labels too wide for their spacing are staggered over more lines.
    """
    svg.line(box.left, box.bottom, box.right, box.bottom, stroke=MUTED)
    ends: list[float] = []  # right end of the last label on each line
    for t in ticks:
        x, text = scale(t), fmt(t)
        half = text_width(text, 10) / 2
        row = next((i for i, end in enumerate(ends) if x - half > end + 4), len(ends))
        ends[row : row + 1] = [x + half]
        svg.line(x, box.bottom, x, box.bottom + 4 + 12 * row, stroke=MUTED)
        svg.text(x, box.bottom + 16 + 12 * row, text, text_anchor="middle", class_="tick")
    extra = 12 * (len(ends) - 1) if ends else 0
    if label:
        svg.text(box.left + box.width / 2, box.bottom + 34 + extra, label, text_anchor="middle",
                 class_="axis")  # fmt: skip
    return box.bottom + 38 + extra


def error_bar(
    svg: Svg, x: float, y0: float, y1: float, stroke: str, cap: float = 3, opacity: str = "1"
) -> None:
    """A vertical interval from ``y0`` to ``y1`` (pixels) with small caps."""
    style = {"stroke": stroke, "stroke_width": 1.2, "stroke_opacity": opacity}
    svg.line(x, y0, x, y1, **style)
    svg.line(x - cap, y0, x + cap, y0, **style)
    svg.line(x - cap, y1, x + cap, y1, **style)


def legend(svg: Svg, x: float, y: float, items: Sequence[tuple[str, str]], width: float) -> float:
    """Colour swatches with labels, wrapped at ``width``; returns the y below the legend."""
    cx, cy = x, y
    for label, fill in items:
        w = 17 + text_width(label, 11)  # swatch, gap, label at the legend's 11 px
        if cx + w > x + width and cx > x:
            cx, cy = x, cy + 18
        svg.rect(cx, cy - 9, 12, 10, fill=fill, rx=2)
        svg.text(cx + 17, cy, label, class_="legend")
        cx += w + 12
    return cy + 18
