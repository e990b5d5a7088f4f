"""Charts of the "Test-time compute" section.

Scores against reasoning tokens (log axis), and the metric-choice chart (the same trials
by tier, scored three ways).

Each function takes ``summary["compute"]`` and returns one ``<svg>`` element as a string.
"""

from __future__ import annotations

import math
from typing import Any

from relgap.records import group_label
from relgap.report import fmt
from relgap.report.compute_text import label, score_name
from relgap.report.svg import (
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
SCORES = ("pass_at_1", "pass_hat_k", "partial")
DASHES = {"pass_at_1": None, "pass_hat_k": "6 4", "partial": "2 3"}


def _pct(x: float) -> str:
    return f"{100 * x:.0f}%"


def _tokens(x: float) -> str:
    """Powers of two as people say them: 512, 1k, 2k, ... (k = 1,024)."""
    return f"{x / 1024:g}k" if x >= 1024 else f"{x:g}"


def _log_ticks(lo: float, hi: float) -> list[float]:
    """Powers of two from below ``lo`` to above ``hi`` (one doubling per tick)."""
    a, b = math.floor(math.log2(lo)), math.ceil(math.log2(hi))
    step = max(1, math.ceil((b - a) / 5))
    return [2.0**e for e in range(a, b + 1, step)]


def _lines(compute: dict[str, Any]) -> list[tuple[str, list[dict[str, Any]]]]:
    """One line per suite and family: its points with reasoning tokens, by tokens."""
    lines: dict[str, list[dict[str, Any]]] = {}
    for p in compute["points"]:
        tokens = p.get("x_tokens")
        if fmt.is_num(tokens) and tokens > 0:
            sim = " (SIMULATED)" if p.get("simulated") else ""
            measure = " (x: output tokens)" if p.get("x_measure") == "output" else ""
            lines.setdefault(f"{p['suite']} · {p['family']}{sim}{measure}", []).append(p)
    return [(name, sorted(pts, key=lambda p: p["x_tokens"])) for name, pts in sorted(lines.items())]


def compute_curve(compute: dict[str, Any]) -> str:
    """Three panels (pass@1, pass^k, partial) against reasoning tokens per trial, log2 x."""
    k = compute["k"]
    lines = _lines(compute)
    svg = Svg(WIDTH, 300, f"pass@1, pass^{k} and partial score against reasoning tokens per trial")
    if not lines:
        svg.text(
            20,
            30,
            "No group reported reasoning tokens: nothing to place on a log axis.",
            class_="note",
        )
        svg.height = 50
        return svg.render()
    xs_all = [p["x_tokens"] for _, pts in lines for p in pts]
    ticks = _log_ticks(min(xs_all), max(xs_all))
    panel_w = (WIDTH - 60) / 3
    for j, score in enumerate(SCORES):
        box = Box(60 + j * panel_w, 26, panel_w - 40, 190)
        xs = Scale(ticks[0], ticks[-1], box.left + 8, box.right - 8, log=True)
        ys = Scale(0, 1, box.bottom, box.top)
        y_axis(svg, box, ys, nice_ticks(0, 1), _pct, "share of tasks" if j == 0 else "")
        x_axis(svg, box, xs, ticks, _tokens, "reasoning tokens / trial (log)")
        svg.text(box.left, 14, score_name(score, k), class_="panel")
        for i, (name, pts) in enumerate(lines):
            c = color(i)
            xy = [(xs(p["x_tokens"]), p[score]) for p in pts]
            svg.polyline(
                [(x, ys(e["estimate"])) for x, e in xy if fmt.is_num(e["estimate"])],
                stroke=c,
                stroke_width=2,
            )
            for (x, e), p in zip(xy, pts, strict=True):
                if not fmt.is_num(e["estimate"]):
                    continue
                if fmt.is_num(e.get("ci_low")) and fmt.is_num(e.get("ci_high")):
                    error_bar(svg, x, ys(e["ci_low"]), ys(e["ci_high"]), c, opacity="0.6")
                _token_bar(svg, xs, ys(e["estimate"]), p, c)
                ci = fmt.interval(e.get("ci_low"), e.get("ci_high"))
                cost = fmt.usd((p.get("cost_per_reliable_success_usd") or {}).get("estimate"))
                tip = (f"{name} · {label(p)} · {p['x_tokens']:.0f} {p['x_measure']} "
                       f"tokens/trial · {score_name(score, k)} = {fmt.rate(e['estimate'])} "
                       f"(95% CI {ci}) · cost per reliable success {cost}")  # fmt: skip
                svg.add("circle", cx=x, cy=ys(e["estimate"]), r=3, fill=c, title=tip)
    y = legend(svg, 60, 272, [(name, color(i)) for i, (name, _) in enumerate(lines)], WIDTH - 80)
    svg.height = y + 6
    return svg.render()


def _token_bar(svg: Svg, xs: Scale, y: float, p: dict[str, Any], stroke: str) -> None:
    """The 95% interval of the point's tokens per trial, as a thin horizontal bar."""
    e = p.get(f"{p.get('x_measure')}_tokens") or {}
    lo, hi = e.get("ci_low"), e.get("ci_high")
    if fmt.is_num(lo) and fmt.is_num(hi) and lo > 0:
        svg.line(xs(lo), y, xs(hi), y, stroke=stroke, stroke_width=1, stroke_opacity="0.5")


def _fit(text: str, width: float) -> str:
    """``text`` cut to what fits ``width`` pixels at the panel font size."""
    chars = max(8, int(width / 7.2))
    return text if len(text) <= chars else text[: chars - 1] + "…"


def metric_choice(compute: dict[str, Any]) -> str:
    """Small multiples, one per group: by tier, partial score, pass@1 and pass^k."""
    k = compute["k"]
    rows = [r for r in compute.get("metric_choice") or [] if len(r["tiers"]) >= 2]
    svg = Svg(WIDTH, 200, f"partial score, pass@1 and pass^{k} by tier for each group")
    if not rows:
        svg.text(20, 30, "No group has tasks in two or more tiers.", class_="note")
        svg.height = 50
        return svg.render()
    cols = min(4, len(rows))
    cell_w, cell_h = (WIDTH - 20) / cols, 200
    for n, row in enumerate(rows):
        ox, oy = 10 + (n % cols) * cell_w, (n // cols) * cell_h
        box = Box(ox + 44, oy + 44, cell_w - 60, 110)
        tiers = [t["tier"] for t in row["tiers"]]
        xs = Scale(min(tiers) - 0.3, max(tiers) + 0.3, box.left, box.right)
        ys = Scale(0, 1, box.bottom, box.top)
        y_axis(svg, box, ys, [0, 0.5, 1], _pct)
        x_axis(svg, box, xs, tiers, lambda v: f"{v:.0f}", "tier")
        model = group_label(row["model"], row["variant"])
        svg.text(box.left - 40, oy + 14, _fit(row["suite"], cell_w), class_="note")
        svg.text(box.left - 40, oy + 28, _fit(model, cell_w), class_="panel", title=label(row))
        if row.get("simulated"):
            svg.text(box.right, oy + 14, "SIMULATED", text_anchor="end", class_="sim")
        for i, score in enumerate(SCORES):
            c = color(i)
            pts = [(xs(t["tier"]) + (i - 1) * 3, t[score]) for t in row["tiers"]]
            svg.polyline(
                [(x, ys(e["estimate"])) for x, e in pts if fmt.is_num(e["estimate"])],
                stroke=c,
                stroke_width=2,
                stroke_dasharray=DASHES[score],
            )
            for x, e in pts:
                if fmt.is_num(e["estimate"]):
                    if fmt.is_num(e.get("ci_low")) and fmt.is_num(e.get("ci_high")):
                        error_bar(
                            svg, x, ys(e["ci_low"]), ys(e["ci_high"]), c, cap=2, opacity="0.6"
                        )
                    svg.add("circle", cx=x, cy=ys(e["estimate"]), r=2.4, fill=c,
                            title=f"{label(row)} · {score_name(score, k)} = {fmt.rate(e['estimate'])}")  # fmt: skip
    bottom = math.ceil(len(rows) / cols) * cell_h
    y = legend(
        svg,
        20,
        bottom + 10,
        [(score_name(s, k), color(i)) for i, s in enumerate(SCORES)],
        WIDTH - 40,
    )
    svg.text(
        20,
        y + 4,
        "Same trials, three scores: the all-or-nothing ones fall off a cliff where the partial score slopes.",
        class_="note",
        fill=MUTED,
    )
    svg.height = y + 14
    return svg.render()
