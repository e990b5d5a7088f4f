"""Text sizes and label placement for the SVG charts, so labels never overlap.

The report cannot measure text (it has no script), so widths are estimated from DejaVu
Sans's advance widths, one of the widest common UI fonts: a label sized for it also fits
narrower fonts (Segoe UI, Roboto, San Francisco). Heights are font size x 1.17, the box a
browser gives a line of DejaVu Sans.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass

# Advance widths of DejaVu Sans in em, by character; others count as _DEFAULT.
_WIDTHS: dict[str, float] = {
    **dict.fromkeys("0123456789$", 0.636),
    **dict.fromkeys("abdeghnopqu", 0.634), **dict.fromkeys("cksvxyz", 0.57),
    **dict.fromkeys("ijl'|", 0.278), "f": 0.352, "r": 0.411, "t": 0.392, "m": 0.974, "w": 0.818,
    **dict.fromkeys("ABCDEFGHKNOPQRSTUVXYZ", 0.72), **dict.fromkeys("IJ", 0.295),
    "L": 0.557, "M": 0.863, "W": 0.989,
    **dict.fromkeys(" .,:;·", 0.318), **dict.fromkeys("/-()[]{}!", 0.39), "_": 0.5,
    **dict.fromkeys("=+^<>≥≤×#~", 0.838), "%": 0.95, "@": 1.0, "&": 0.78, "–": 0.5, "—": 1.0,
}  # fmt: skip
_DEFAULT = 0.68
LINE = 1.17  # line box height / font size


def text_width(text: str, size: float, bold: bool = False) -> float:
    """Estimated width in pixels of ``text`` at font ``size`` (px)."""
    width = size * sum(_WIDTHS.get(ch, _DEFAULT) for ch in text)
    return width * (1.08 if bold else 1.0)


def _pieces(text: str, seps: str) -> list[str]:
    out, piece = [], ""
    for ch in text:
        piece += ch
        if ch in seps:
            out.append(piece)
            piece = ""
    return [*out, piece] if piece else out


def wrap(text: str, width: float, size: float, bold: bool = False) -> list[str]:
    """``text`` in lines no wider than ``width`` px; nothing is cut.

    Broken at spaces where possible, else after ``/``, ``-``, ``=`` or ``,``, and inside a
    word only when nothing else fits. Joined, the lines give back ``text``.
    """

    def fits(s: str) -> bool:
        return text_width(s.rstrip(), size, bold) <= width

    pieces: list[str] = []
    for word in _pieces(text, " "):
        pieces += [word] if fits(word) else _pieces(word, "/-=,")
    lines: list[str] = []
    line = ""
    for piece in pieces:
        if line and not fits(line + piece):
            lines.append(line)
            line = ""
        while not fits(piece) and len(piece) > 1:
            cut = max(1, _fit(piece, width, size, bold))
            lines.append(piece[:cut])
            piece = piece[cut:]
        line += piece
    if line:
        lines.append(line)
    return [ln.rstrip() or ln for ln in lines]


def _fit(text: str, width: float, size: float, bold: bool) -> int:
    n = 0
    while n < len(text) and text_width(text[: n + 1], size, bold) <= width:
        n += 1
    return n


@dataclass(frozen=True)
class Rect:
    """An axis-aligned box in px: what a label or obstacle covers."""

    x0: float
    y0: float
    x1: float
    y1: float

    def overlaps(self, other: Rect) -> bool:
        """Whether the two boxes share any area."""
        return (
            self.x0 < other.x1 and other.x0 < self.x1 and self.y0 < other.y1 and other.y0 < self.y1
        )

    def inside(self, other: Rect) -> bool:
        """Whether this box lies wholly within ``other``."""
        return (
            self.x0 >= other.x0
            and self.x1 <= other.x1
            and self.y0 >= other.y0
            and self.y1 <= other.y1
        )


def text_rect(x: float, y: float, text: str, size: float, anchor: str = "start") -> Rect:
    """The box of a one-line text drawn at baseline ``(x, y)`` with ``text-anchor``."""
    w = text_width(text, size)
    left = x - {"start": 0.0, "middle": w / 2, "end": w}[anchor]
    return Rect(left, y - 0.93 * size, left + w, y + 0.24 * size)


@dataclass(frozen=True)
class Placed:
    """A label's chosen position: anchor point, text anchor and the box it covers."""

    x: float
    y: float
    anchor: str
    rect: Rect


def place_labels(
    points: Sequence[tuple[float, float, str]],
    size: float,
    area: Rect,
    obstacles: Iterable[Rect] = (),
    gap: float = 9.0,
) -> list[Placed]:
    """A position for each label next to its point (x, y, text), in order.

    Each overlaps no label placed before, no obstacle, and stays inside ``area``; failing
    that, the candidate with the least overlap. Candidates: right, left, above, below, then
    further out.
    """
    taken = list(obstacles)
    out = []
    for x, y, label in points:
        best: tuple[float, Placed] | None = None
        for dx, dy, anchor in _candidates(gap, size):
            tx, ty = x + dx, y + dy + 0.35 * size
            rect = text_rect(tx, ty, label, size, anchor)
            cost = sum(_area(rect, r) for r in taken) + (0 if rect.inside(area) else 1e6)
            if best is None or cost < best[0]:
                best = (cost, Placed(tx, ty, anchor, rect))
            if cost == 0:
                break
        assert best is not None
        out.append(best[1])
        taken.append(best[1].rect)
    return out


def _candidates(gap: float, size: float) -> list[tuple[float, float, str]]:
    step = size * LINE + 1
    out = [(gap, 0.0, "start"), (-gap, 0.0, "end"), (0.0, -gap - size * 0.4, "middle"),
           (0.0, gap + size * 0.6, "middle")]  # fmt: skip
    for n in (1, 2, 3, 4):
        for sign in (1, -1):
            out += [(gap, sign * n * step, "start"), (-gap, sign * n * step, "end")]
    return out


def _area(a: Rect, b: Rect) -> float:
    w = min(a.x1, b.x1) - max(a.x0, b.x0)
    h = min(a.y1, b.y1) - max(a.y0, b.y0)
    return w * h if w > 0 and h > 0 else 0.0
