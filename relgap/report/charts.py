"""Charts of suite-level numbers: pass@k / pass^k curves, the reasoning sweep, cost.

Each function takes :class:`~relgap.report.data.ReportData` and returns one ``<svg>``
element as a string. Numbers come from the summary; nothing is re-estimated here.
"""

from __future__ import annotations

import math

from relgap.report import fmt, text
from relgap.report.data import EstimateCell, GroupView, ReportData
from relgap.report.layout import Rect, place_labels, text_width, wrap
from relgap.report.svg import (
    GRID,
    INK,
    MUTED,
    Box,
    Scale,
    Svg,
    color,
    error_bar,
    legend,
    nice_ticks,
    x_axis,
    y_axis,
)

WIDTH = 760
LABEL_FONT = 11.0  # px: the label class of the HTML's CSS


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _tip(g: GroupView, what: str, e: EstimateCell) -> str:
    ci = fmt.interval(e.ci_low, e.ci_high)
    return f"{text.name(g)} · {what} = {fmt.rate(e.estimate)}" + (f" (95% CI {ci})" if ci else "")


def _bars(svg: Svg, x: float, ys: Scale, e: EstimateCell, stroke: str, opacity: str = "1") -> None:
    if e.ci_low is not None and e.ci_high is not None:
        error_bar(svg, x, ys(e.ci_low), ys(e.ci_high), stroke, opacity=opacity)


def _curve_axes(svg: Svg, box: Box, k_top: int, k: int, ticks: int) -> tuple[Scale, Scale]:
    """Axes of one pass@k / pass^k panel, with the k of the tables marked."""
    if k_top > 1:
        xs = Scale(1, k_top, box.left + 12, box.right - 12)
    else:
        xs = Scale(0, 2, box.left, box.right)
    ys = Scale(0, 1, box.bottom, box.top)
    y_axis(svg, box, ys, nice_ticks(0, 1), _pct, "share of tasks")
    step = max(1, math.ceil(k_top / ticks))
    x_axis(
        svg, box, xs, list(range(1, k_top + 1, step)), lambda v: f"{v:.0f}", "k (tries per task)"
    )
    svg.line(xs(k), box.top, xs(k), box.bottom, stroke=MUTED, stroke_dasharray="2 3")
    right = xs(k) > box.left + box.width * 0.7
    svg.text(xs(k) + (-6 if right else 6), box.bottom - 6, f"k={k} (tables)",
             text_anchor="end" if right else "start", class_="note")  # fmt: skip
    return xs, ys


def _curve(svg: Svg, xs: Scale, ys: Scale, i: int, g: GroupView, dx: float) -> None:
    """One group's pass@k (solid) and pass^k (dashed), the band between, and 95% CIs."""
    c = color(i)
    ks = range(1, g.k_max + 1)
    at = [(k, g.at("pass_at_k", k)) for k in ks]
    hat = [(k, g.at("pass_hat_k", k)) for k in ks]
    top = [(xs(k), ys(e.estimate)) for k, e in at if e.estimate is not None]
    low = [(xs(k), ys(e.estimate)) for k, e in hat if e.estimate is not None]
    svg.polygon(top + low[::-1], fill=c, fill_opacity="0.12", stroke="none")
    svg.polyline(top, stroke=c, stroke_width=2)
    svg.polyline(low, stroke=c, stroke_width=2, stroke_dasharray="6 4")
    for (k, e), what in [*((p, "pass@k") for p in at), *((p, "pass^k") for p in hat)]:
        if e.estimate is None:
            continue
        _bars(svg, xs(k) + dx, ys, e, c, opacity="0.55")
        svg.add("circle", cx=xs(k) + dx, cy=ys(e.estimate), r=2.6, fill=c,
                title=_tip(g, what.replace("k", str(k)), e))  # fmt: skip


OVERLAID = 2  # past this many groups the curves get one small panel each


def curves(data: ReportData) -> str:
    """pass@k (solid) and pass^k (dashed) over k; the band between is the gap.

    Up to two groups share one chart; past that, one small chart per group with shared axes
    (the bands of several groups would overlap into one another).
    """
    groups = [(i, g) for i, g in enumerate(data.groups) if g.k_max >= 1]
    k_top = max((g.k_max for _, g in groups), default=1)
    svg = Svg(WIDTH, 330, f"pass@k and pass^k over k = 1..{k_top} for each model")
    if len(groups) > OVERLAID:
        y = _small_multiples(svg, groups, k_top, data.k)
    else:
        box = Box(70, 14, WIDTH - 100, 236)
        xs, ys = _curve_axes(svg, box, k_top, data.k, 16)
        for n, (i, g) in enumerate(groups):
            _curve(svg, xs, ys, i, g, (n - (len(groups) - 1) / 2) * 3.0)
        items = [(text.name(g), color(i)) for i, g in groups]
        y = legend(svg, box.left, box.bottom + 58, items, box.width)
    _style_key(svg, 70, y)
    svg.height = y + 12
    return svg.render()


def _small_multiples(svg: Svg, groups: list[tuple[int, GroupView]], k_top: int, k: int) -> float:
    """One panel per group, same axes, titled with the group's name; returns the y below."""
    cols = 2 if len(groups) <= 4 else 3
    pw = (WIDTH - 20) / cols
    titles = [wrap(g.label, pw - 70, 12, bold=True) for _, g in groups]
    head = 15 * max(len(t) for t in titles) + 12 * any(g.simulated for _, g in groups) + 8
    ph = head + 140 + 52
    for n, (i, g) in enumerate(groups):
        row_top = (n // cols) * ph
        box = Box(20 + (n % cols) * pw + 56, row_top + head + 6, pw - 80, 140)
        svg.rect(box.left - 18, row_top + 5, 12, 10, fill=color(i), rx=2)
        for m, line in enumerate(titles[n]):
            svg.text(box.left, row_top + 14 + 15 * m, line, class_="panel")
        if g.simulated:
            svg.text(box.left, row_top + 12 + 15 * len(titles[n]), "SIMULATED", class_="sim")
        xs, ys = _curve_axes(svg, box, k_top, k, 8)
        _curve(svg, xs, ys, i, g, 0.0)
    return ph * math.ceil(len(groups) / cols) + 14


def _style_key(svg: Svg, x: float, y: float) -> None:
    keys = [("pass@k: at least one of k tries succeeds", "line"), ("pass^k: all k succeed", "dash"),
            ("shaded: the gap", "band")]  # fmt: skip
    for label, kind in keys:
        if kind == "band":
            svg.rect(x, y - 10, 24, 11, fill=INK, fill_opacity="0.15")
        else:
            dash = "6 4" if kind == "dash" else None
            svg.line(x, y - 4, x + 24, y - 4, stroke=INK, stroke_width=2, stroke_dasharray=dash)
        svg.text(x + 30, y, label, class_="legend")
        x += 30 + text_width(label, LABEL_FONT) + 24


def _setting_axis(groups: list[GroupView]) -> list[str]:
    seen: dict[str, tuple[int, float]] = {}
    for g in groups:
        s = g.setting or "default"
        kind = 0 if g.setting is None else 1 if g.group.reasoning_effort else 2
        seen.setdefault(s, (kind, g.setting_rank))
    return sorted(seen, key=lambda s: seen[s])


def _line(g: GroupView) -> str:
    """One line per family, and per suite when a report shows several."""
    return f"{g.key[0]} · {g.family}" if g.show_suite else g.family


def sweep(data: ReportData) -> str:
    """Gap at k against the reasoning setting per family: points lost and share kept."""
    k = data.k
    groups = [g for g in data.groups if g.k_max >= k]
    cats = _setting_axis(groups)
    families = list(dict.fromkeys(_line(g) for g in groups))
    svg = Svg(WIDTH, 340, f"gap at k={k} against reasoning setting, per model family")
    panels = [
        ("gap", f"Points lost: pass@{k} − pass^{k} (lower is better)", "points"),
        ("retention", f"Share kept: pass^{k} / pass@1 (higher is better)", "pct"),
    ]
    width = (WIDTH - 70 - 30 - 60) / 2
    below = 0.0
    for p, (metric, title, unit) in enumerate(panels):
        box = Box(70 + p * (width + 60), 34, width, 210)
        svg.text(box.left, 18, title, class_="panel")
        n = len(cats)
        xs = Scale(-0.5, n - 0.5, box.left, box.right)
        ys = Scale(0, 1, box.bottom, box.top)
        fmt_y = (lambda v: f"{100 * v:.0f}") if unit == "points" else _pct
        y_axis(svg, box, ys, nice_ticks(0, 1), fmt_y, "pts" if unit == "points" else "")
        below = x_axis(svg, box, xs, list(range(n)), lambda v: cats[int(v)], "reasoning setting")
        for f, family in enumerate(families):
            members = sorted(
                (g for g in groups if _line(g) == family), key=lambda g: g.setting_rank
            )
            c, dx = color(f), (f - (len(families) - 1) / 2) * 6.0
            pts = []
            for g in members:
                e = g.at(metric, k)
                if e.estimate is None:
                    continue
                x = xs(cats.index(g.setting or "default")) + dx
                pts.append((x, ys(e.estimate)))
                _bars(svg, x, ys, e, c)
                svg.add(
                    "circle",
                    cx=x,
                    cy=ys(e.estimate),
                    r=4,
                    fill=c,
                    title=_tip(g, f"{metric} at k={k}", e),
                )
            if len(pts) > 1:
                svg.polyline(pts, stroke=c, stroke_width=1.6)
    items = []
    for f, family in enumerate(families):
        sim = all(g.simulated for g in groups if _line(g) == family)
        items.append((f"{family} (SIMULATED)" if sim else family, color(f)))
    svg.height = legend(svg, 70, max(294, below + 16), items, WIDTH - 100) + 4
    return svg.render()


def _frontier(points: list[tuple[float, float, int]]) -> list[tuple[float, float, int]]:
    """Points no other point beats on both cost (lower) and reliability (higher)."""
    best = -1.0
    out = []
    for cost, rel, i in sorted(points, key=lambda p: (p[0], -p[1])):
        if rel > best:
            out.append((cost, rel, i))
            best = rel
    return out


def _cost_scale(lo: float, hi: float, box: Box) -> tuple[Scale, list[float]]:
    if lo > 0 and hi / lo > 8:
        d0, d1 = 10 ** math.floor(math.log10(lo)), 10 ** math.ceil(math.log10(hi))
        ticks = [
            m * 10**e
            for e in range(round(math.log10(d0)), round(math.log10(d1)) + 1)
            for m in (1, 2, 5)
            if d0 <= m * 10**e <= d1
        ]
        return Scale(d0, d1, box.left + 10, box.right - 10, log=True), ticks
    ticks = nice_ticks(0, hi * 1.15 if hi > 0 else 1)
    return Scale(0, ticks[-1], box.left + 10, box.right - 10), ticks


def cost_frontier(data: ReportData) -> str:
    """Cost per trial against pass^k, with the frontier of groups nobody beats on both."""
    k = data.k
    svg = Svg(WIDTH, 330, f"cost per trial against pass^{k} per model")
    box = Box(70, 14, WIDTH - 100, 236)
    pts = []
    for i, g in enumerate(data.groups):
        cost, e = g.per_trial_usd, g.at("pass_hat_k", k)
        if fmt.is_num(cost) and e.estimate is not None:
            pts.append((float(cost), e.estimate, i))
    ys = Scale(0, 1, box.bottom, box.top)
    y_axis(svg, box, ys, nice_ticks(0, 1), _pct, f"pass^{k} (reliability)")
    if not pts:
        svg.text(
            box.left + 20, box.top + 40, "No trial has a known cost (no prices).", class_="note"
        )
        svg.height = box.bottom + 20
        return svg.render()
    xs, ticks = _cost_scale(min(p[0] for p in pts), max(p[0] for p in pts), box)
    x_axis(
        svg, box, xs, ticks, fmt.usd, "cost per trial (USD)" + (" · log scale" if xs.log else "")
    )
    front = _frontier(pts)
    svg.polyline(
        [(xs(c), ys(r)) for c, r, _ in front],
        stroke=MUTED,
        stroke_width=1.5,
        stroke_dasharray="5 4",
    )
    marks: list[tuple[float, float, str]] = []
    obstacles: list[Rect] = []
    for cost, rel, i in sorted(pts):
        g = data.groups[i]
        e = g.at("pass_hat_k", k)
        x, c = xs(cost), color(i)
        _bars(svg, x, ys, e, c)
        svg.add(
            "circle",
            cx=x,
            cy=ys(rel),
            r=5,
            fill=c,
            stroke="#fff",
            title=_tip(g, f"pass^{k}", e) + f" · {fmt.usd(cost)} per trial",
        )
        marks.append((x, ys(rel), text.name(g)))
        obstacles.append(Rect(x - 6, ys(rel) - 6, x + 6, ys(rel) + 6))
        if e.ci_low is not None and e.ci_high is not None:
            obstacles.append(Rect(x - 4, ys(e.ci_high), x + 4, ys(e.ci_low)))
    area = Rect(box.left + 2, box.top + 2, box.right - 2, box.bottom - 2)
    for (x, y, label), spot in zip(
        marks, place_labels(marks, LABEL_FONT, area, obstacles), strict=True
    ):
        r = spot.rect
        nx, ny = min(max(x, r.x0), r.x1), min(max(y, r.y0), r.y1)  # the label's nearest point
        if math.hypot(nx - x, ny - y) > 12:  # moved away from its point: draw a leader
            svg.line(x, y, nx, ny, stroke=MUTED, stroke_width=0.8)
        svg.text(spot.x, spot.y, label, text_anchor=spot.anchor, class_="label halo")
    svg.rect(box.left, box.top, box.width, box.height, fill="none", stroke=GRID)
    svg.height = box.bottom + 46
    return svg.render()
