"""Chart primitives and number formatting."""

from __future__ import annotations

import itertools
import math

import pytest

from relgap.report import fmt
from relgap.report.charts import _frontier
from relgap.report.svg import Scale, Svg, nice_ticks, rate_color
from relgap.report.task_charts import TaskRow


def test_svg_escapes_attributes_text_and_titles() -> None:
    svg = Svg(100, 50, 'chart "a" <b>')
    svg.add("text", text="<script>x</script>", title='"><img>', x=1.0, class_="a b")
    out = svg.render()
    assert "<script" not in out and "<img" not in out
    assert 'aria-label="chart &quot;a&quot; &lt;b&gt;"' in out
    assert "&lt;script&gt;x&lt;/script&gt;" in out
    assert "<title>&quot;&gt;&lt;img&gt;</title>" in out
    assert 'class="a b"' in out and 'x="1"' in out
    assert "http" not in out  # no xmlns: inline SVG in HTML needs none


@pytest.mark.parametrize(("lo", "hi"), [(0, 1), (0, 11), (0, 203), (0.0013, 0.0794), (0, 8)])
def test_nice_ticks_cover_the_range(lo: float, hi: float) -> None:
    ticks = nice_ticks(lo, hi)
    assert ticks[0] <= lo and ticks[-1] >= hi
    steps = {round(b - a, 12) for a, b in itertools.pairwise(ticks)}
    assert len(steps) == 1 and 2 <= len(ticks) <= 8


def test_scales() -> None:
    lin = Scale(0, 1, 100, 0)
    assert lin(0) == 100 and lin(1) == 0 and lin(0.25) == 75
    log = Scale(0.001, 0.1, 0, 200, log=True)
    assert math.isclose(log(0.01), 100)


def test_rate_colours() -> None:
    assert rate_color(0) == "#440154" and rate_color(1) == "#fde725"
    assert rate_color(-1) == rate_color(0) and rate_color(2) == rate_color(1)
    assert len({rate_color(i / 10) for i in range(11)}) == 11


def test_frontier_keeps_only_undominated_points() -> None:
    pts = [(1.0, 0.2, 0), (3.0, 0.4, 1), (5.0, 0.35, 2), (8.0, 0.6, 3), (2.0, 0.1, 4)]
    assert [i for _, _, i in _frontier(pts)] == [0, 1, 3]


def test_heatmap_bands() -> None:
    def band(*cells: tuple[int, int] | None) -> str:
        return TaskRow("t", 1, cells).band

    assert band((8, 8), (4, 4)) == "always pass"
    assert band((0, 8), (0, 8), None) == "always fail"
    assert band((8, 8), (3, 8)) == "flaky"
    assert band((8, 8), (0, 8)) == "model-dependent"


def test_formatting() -> None:
    assert fmt.pct(0.714) == "71%" and fmt.pct(None) == fmt.DASH and fmt.pct(math.nan) == "–"
    assert fmt.interval(0.1234, 0.5) == "0.12–0.50" and fmt.interval(None, 0.5) == ""
    assert fmt.points(-0.004, signed=True) == "0 pts"
    assert fmt.points(0.123, signed=True) == "+12 pts"
    assert fmt.interval(-0.23, -0.001, "points") == "-23 to 0"
    assert fmt.usd(0.00381) == "$0.0038" and fmt.usd(12.5) == "$12.50" and fmt.usd(None) == "–"
    assert fmt.p_value(0.0001) == "p<0.001" and fmt.p_value(0.0432) == "p=0.043"
