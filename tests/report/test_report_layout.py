"""Label sizes, wrapping and placement: labels are never cut and never overlap."""

from __future__ import annotations

import itertools

import pytest
from hypothesis import given
from hypothesis import strategies as st

from relgap.report.layout import Rect, place_labels, text_rect, text_width, wrap


def test_text_width_grows_with_text_and_size() -> None:
    assert text_width("sim/reasoner", 11) < text_width("sim/reasoner [effort=high]", 11)
    assert text_width("MMM", 10) > text_width("iii", 10)
    assert text_width("abc", 22) == pytest.approx(2 * text_width("abc", 11))


@given(st.text(alphabet="abcXYZ/-=[] .0123456789_", min_size=1, max_size=60),
       st.floats(min_value=20, max_value=200))  # fmt: skip
def test_wrap_never_cuts_and_fits(label: str, width: float) -> None:
    lines = wrap(label, width, 11)
    assert "".join(lines).replace(" ", "") == label.replace(" ", "")
    for line in lines:
        assert text_width(line, 11) <= width or len(line) == 1


def test_wrap_breaks_at_separators() -> None:
    assert wrap("sim/reasoner [effort=high]", 110, 11) == ["sim/reasoner", "[effort=high]"]


def test_placed_labels_do_not_overlap_even_on_one_point() -> None:
    area = Rect(0, 0, 600, 300)
    points = [(300.0, 150.0, f"model-{i} (SIMULATED)") for i in range(6)]
    points += [(305.0, 152.0, "sim/reasoner [effort=low] (SIMULATED)")]
    placed = place_labels(points, 11, area, [Rect(294, 144, 306, 156)])
    for a, b in itertools.combinations(placed, 2):
        assert not a.rect.overlaps(b.rect)
    assert all(p.rect.inside(area) for p in placed)
    assert all(not p.rect.overlaps(Rect(294, 144, 306, 156)) for p in placed)


def test_text_rect_anchors() -> None:
    start, end = text_rect(100, 50, "abc", 10), text_rect(100, 50, "abc", 10, "end")
    assert start.x0 == 100 and end.x1 == 100 and start.y0 < 50 < start.y1
