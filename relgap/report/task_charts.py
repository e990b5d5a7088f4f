"""Charts of per-task and per-trial outcomes: heatmap, rate histograms, failures, stop reasons.

Each function takes :class:`~relgap.report.data.ReportData` and returns one ``<svg>``
element as a string.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from relgap.report import text
from relgap.report.data import GroupView, ReportData
from relgap.report.layout import LINE, text_width, wrap
from relgap.report.svg import (
    MUTED,
    Box,
    Scale,
    Svg,
    color,
    legend,
    nice_ticks,
    rate_color,
    x_axis,
    y_axis,
)

WIDTH = 760
HEAD_FONT, TICK_FONT = 11.0, 10.0  # px: the label and tick classes of the HTML's CSS
BANDS = ("always pass", "flaky", "model-dependent", "always fail")
STOP_COLORS = {
    "completed": "#0072B2",
    "user_done": "#0072B2",
    "user_gave_up": "#009E73",
    "max_turns": "#F0E442",
    "transferred": "#56B4E9",
    "max_steps": "#E69F00",
    "max_tokens": "#D55E00",
    "model_error": "#CC79A7",
    "infra_error": "#7f7f7f",
    "timeout": "#a6a6a6",
    "cancelled": "#cfcfcf",
}


@dataclass(frozen=True)
class TaskRow:
    """One task across the groups: its (passes, valid trials) per group, or None."""

    task_id: str
    tier: object
    cells: tuple[tuple[int, int] | None, ...]  # (c, n) per group, None: not run

    @property
    def rates(self) -> list[float]:
        """The task's success rate in each group that ran it."""
        return [c / n for cell in self.cells if cell for c, n in [cell] if n > 0]

    @property
    def band(self) -> str:
        """Which band the task falls in: always pass, always fail or flaky."""
        rates = self.rates
        if rates and all(r == 1 for r in rates):
            return "always pass"
        if not rates or all(r == 0 for r in rates):
            return "always fail"
        return "flaky" if any(0 < r < 1 for r in rates) else "model-dependent"


def task_rows(groups: tuple[GroupView, ...]) -> list[TaskRow]:
    """One row per task, grouped into :data:`BANDS`, higher mean rates first in a band."""
    cells: dict[str, list[tuple[int, int] | None]] = {}
    tiers: dict[str, object] = {}
    for i, g in enumerate(groups):
        for t in g.tasks:
            tid = t.task_id
            cells.setdefault(tid, [None] * len(groups))[i] = (t.c, t.n)
            tiers.setdefault(tid, t.tier)
    rows = [TaskRow(tid, tiers[tid], tuple(c)) for tid, c in cells.items()]

    def key(r: TaskRow) -> tuple[int, float, str]:
        rates = r.rates
        return (BANDS.index(r.band), -sum(rates) / max(1, len(rates)), r.task_id)

    return sorted(rows, key=key)


def _fit(label: str, width: float, size: float = HEAD_FONT) -> str:
    """``label``, cut with an ellipsis where it is wider than ``width`` px.

    Row labels only: the full text is the element's tooltip.
    """
    if text_width(label, size) <= width:
        return label
    return wrap(label, width - text_width("…", size), size)[0] + "…"


LABELLED_ROWS = 150  # up to this many tasks, every row carries its task id


def _header(svg: Svg, groups: tuple[GroupView, ...], left: float, col_w: float) -> float:
    """Column headers wrapped onto as many lines as they need; returns where the rows start.

    Headers are never cut.
    """
    wrapped = [wrap(g.label, col_w - 6, HEAD_FONT) for g in groups]
    lines = max((len(w) for w in wrapped), default=1)
    line_h = HEAD_FONT * LINE + 1
    for j, (g, label_lines) in enumerate(zip(groups, wrapped, strict=True)):
        x = left + j * col_w + col_w / 2
        y0 = 14 + (lines - len(label_lines)) * line_h  # bottom-aligned, next to the cells
        for n, line in enumerate(label_lines):
            svg.add("text", text=line, x=x, y=y0 + n * line_h, text_anchor="middle",
                    class_="label", title=text.name(g))  # fmt: skip
        if g.simulated:
            svg.text(x, 14 + lines * line_h, "SIMULATED", text_anchor="middle", class_="sim")
    return 14 + lines * line_h + 10


def _row_labels(rows: list[TaskRow], label_w: float) -> list[str]:
    return [_fit(r.task_id, label_w - 10, TICK_FONT) for r in rows]


def heatmap(data: ReportData) -> str:
    """Task x model success rates; rows banded so reliable and flaky tasks stand apart.

    Up to :data:`LABELLED_ROWS` tasks every row is labelled with its task id; past that,
    rows are grouped by tier within each band and each tier run is labelled instead.
    """
    groups, rows = data.groups, task_rows(data.groups)
    labelled = len(rows) <= LABELLED_ROWS
    if labelled:
        row_h = TICK_FONT * LINE + 1.5
        longest = max((text_width(r.task_id, TICK_FONT) for r in rows), default=40)
        label_w = min(190.0, longest + 12)
    else:
        rows.sort(key=lambda r: (BANDS.index(r.band), str(r.tier).zfill(9), r.task_id))
        row_h, label_w = max(2.0, 1400 / len(rows)), 70.0
    col_w = min(140.0, (WIDTH - label_w - 150) / max(1, len(groups)))
    svg = Svg(WIDTH, 100, "per-task success rate for each task and model")
    y = _header(svg, groups, label_w, col_w)
    labels = _row_labels(rows, label_w) if labelled else []
    gap = 6.0
    for band in BANDS:
        members = [(i, r) for i, r in enumerate(rows) if r.band == band]
        if not members:
            continue
        y0 = y
        for i, r in members:
            if labelled:
                svg.add("text", text=labels[i], x=label_w - 6, y=y + row_h - 3,
                        text_anchor="end", class_="tick", title=f"{r.task_id} (tier {r.tier})")  # fmt: skip
            _cells(svg, r, groups, label_w, col_w, y, row_h)
            y += row_h
        if not labelled:
            _tier_labels(svg, [r for _, r in members], y0, row_h, label_w)
        xb = label_w + len(groups) * col_w + 8
        svg.line(xb, y0, xb, y - 1, stroke=MUTED, stroke_width=2)
        svg.text(xb + 6, (y0 + y) / 2 + 4, f"{band} ({len(members)})", class_="legend")
        y = max(y, y0 + 14) + gap  # room for the band's label, however few its rows
    _rate_legend(svg, 20, y + 14)
    svg.height = y + 48
    return svg.render()


def _cells(
    svg: Svg, r: TaskRow, groups: tuple[GroupView, ...], left: float, col_w: float, y: float,
    row_h: float,
) -> None:  # fmt: skip
    for j, cell in enumerate(r.cells):
        fill = rate_color(cell[0] / cell[1]) if cell and cell[1] > 0 else "#dddddd"
        tip = f"task {r.task_id} (tier {r.tier}) · {text.name(groups[j])}: " + (
            f"{cell[0]}/{cell[1]} passed" if cell else "not run"
        )
        height = max(1.0, row_h - (1 if row_h >= 6 else 0))
        svg.add("rect", x=left + j * col_w, y=y, width=col_w - 1, height=height, fill=fill,
                title=tip)  # fmt: skip


def _tier_labels(svg: Svg, members: list[TaskRow], y0: float, row_h: float, label_w: float) -> None:
    """A bracket and a "tier N" label for each run of rows of one tier (when it fits)."""
    start = 0
    for i in range(1, len(members) + 1):
        if i < len(members) and members[i].tier == members[start].tier:
            continue
        top, bottom = y0 + start * row_h, y0 + i * row_h
        svg.line(label_w - 4, top, label_w - 4, bottom - 1, stroke=MUTED)
        if bottom - top >= 12:
            svg.text(label_w - 8, (top + bottom) / 2 + 4, f"tier {members[start].tier}",
                     text_anchor="end", class_="tick")  # fmt: skip
        start = i


def _rate_legend(svg: Svg, x: float, y: float) -> None:
    svg.text(x, y + 9, "tasks' share of trials passed:", class_="legend")
    for i in range(11):
        svg.rect(x + 190 + i * 24, y, 24, 11, fill=rate_color(i / 10))
    for v in (0, 0.5, 1):
        svg.text(
            x + 190 + v * 240 + 12, y + 24, f"{100 * v:.0f}%", text_anchor="middle", class_="tick"
        )
    svg.rect(x + 480, y, 14, 11, fill="#dddddd")
    svg.text(x + 500, y + 9, "not run / only errors", class_="legend")


def _bins(groups: tuple[GroupView, ...]) -> tuple[int, list[str]]:
    """Bins of per-task rates, with always-fail and always-pass tasks alone at the ends.

    One bin per pass count when every task has the same number of valid trials, else
    eleven (0%, 10%, ..., 100%).
    """
    ns = {t.n for g in groups for t in g.tasks if t.n}
    if len(ns) == 1 and (n := ns.pop()) <= 20:
        return n, [f"{c}/{n}" for c in range(n + 1)]
    return 10, [f"{10 * i}%" for i in range(11)]


def _bin_of(c: int, n: int, bins: int) -> int:
    if c == 0 or c == n:
        return 0 if c == 0 else bins
    return min(bins - 1, max(1, round(bins * c / n)))


def histograms(data: ReportData) -> str:
    """Per model, how many tasks sit at each success rate (small multiples, shared axes)."""
    groups = data.groups
    bins, labels = _bins(groups)
    counts = []
    for g in groups:
        row = [0] * (bins + 1)
        for t in g.tasks:
            if t.n:
                row[_bin_of(t.c, t.n, bins)] += 1
        counts.append(row)
    cols = min(len(groups), 4) or 1
    pw = (WIDTH - 20) / cols
    titles = [wrap(g.label, pw - 14, 12, bold=True) for g in groups]
    # Panel titles wrap (never cut); every panel of the grid leaves room for the longest.
    head = 15 * max((len(t) for t in titles), default=1) + 12 * any(g.simulated for g in groups)
    ph = head + 136.0
    svg = Svg(WIDTH, ph * math.ceil(len(groups) / cols) + 10, "histograms of per-task rates")
    ticks = [t for t in nice_ticks(0, max((max(r) for r in counts), default=1) or 1, 3)]
    top = ticks[-1]
    for i, (g, row) in enumerate(zip(groups, counts, strict=True)):
        box = Box(20 + (i % cols) * pw + 34, (i // cols) * ph + head + 24, pw - 52, 82)
        for n, line in enumerate(titles[i]):
            svg.text(box.left - 30, box.top - head - 2 + 15 * n, line, class_="panel")
        if g.simulated:
            svg.text(box.left - 30, box.top - 12, "SIMULATED", class_="sim")
        ys = Scale(0, top, box.bottom, box.top)
        y_axis(svg, box, ys, [t for t in ticks if t == int(t)], lambda v: f"{v:.0f}")
        xs = Scale(0, bins + 1, box.left, box.right)
        bw = box.width / (bins + 1)
        for b, count in enumerate(row):
            svg.add(
                "rect",
                x=xs(b) + 1,
                y=ys(count),
                width=bw - 2,
                height=box.bottom - ys(count),
                fill=rate_color(b / bins),
                title=f"{text.name(g)}: {count} tasks at {labels[b]}",
            )
        x_axis(
            svg,
            box,
            Scale(-0.5, bins + 0.5, box.left, box.right),
            [0, bins],
            lambda v: labels[int(v)],
            "passed trials per task",
        )
    return svg.render()


def failed_checks(data: ReportData, limit: int = 12) -> str:
    """Per named check, how many trials of each model failed it."""
    groups = data.groups
    totals: dict[str, int] = {}
    for g in groups:
        for check, n in g.failed_checks.items():
            totals[check] = totals.get(check, 0) + int(n)
    names = sorted(totals, key=lambda c: (-totals[c], c))[:limit]
    svg = Svg(WIDTH, 80, "failed trials per named check and model")
    if not names:
        svg.text(20, 30, "No failed checks recorded.", class_="note")
        return svg.render()
    bar_h = TICK_FONT * LINE + 1  # each bar as tall as its count label, so labels never touch
    row_h = bar_h * len(groups) + 10
    left = min(260.0, 24 + max(text_width(c, HEAD_FONT) for c in names))
    box = Box(left, 10, WIDTH - left - 60, row_h * len(names))
    top = max(max(g.failed_checks.get(c, 0) for g in groups) for c in names)
    xs = Scale(0, nice_ticks(0, top)[-1] if top else 1, box.left, box.right)
    for r, check in enumerate(names):
        y = box.top + r * row_h
        svg.add(
            "text",
            text=_fit(check, left - 12),
            x=box.left - 8,
            y=y + row_h / 2 + 2,
            text_anchor="end",
            class_="label",
            title=check,
        )
        for j, g in enumerate(groups):
            count = g.failed_checks.get(check, 0)
            yb = y + 4 + j * bar_h
            svg.add(
                "rect",
                x=box.left,
                y=yb,
                width=xs(count) - box.left,
                height=bar_h - 1.5,
                fill=color(j),
                title=f"{text.name(g)}: {count} trials failed {check}",
            )
            svg.text(xs(count) + 4, yb + bar_h - 3, str(count), class_="tick")
    x_axis(
        svg,
        box,
        xs,
        [t for t in nice_ticks(0, xs.d1, 5) if t == int(t)],
        lambda v: f"{v:.0f}",
        "failed trials",
    )
    more = len(totals) - len(names)
    y = box.bottom + 52
    if more > 0:
        svg.text(box.left, y, f"{more} more checks not shown", class_="note")
        y += 18
    svg.height = legend(
        svg, 20, y, [(text.name(g), color(j)) for j, g in enumerate(groups)], WIDTH - 40
    )
    return svg.render()


def stop_reasons(data: ReportData) -> str:
    """How each model's non-passing trials ended, as stacked bars."""
    groups = data.groups
    per = [data.stop_reasons.get(g.key, {}) for g in groups]
    reasons = sorted({r for p in per for r in p}, key=lambda r: (-sum(p.get(r, 0) for p in per), r))
    left = min(300.0, 24 + max((text_width(text.name(g), HEAD_FONT) for g in groups), default=60))
    row_h, box = 26.0, Box(left, 10, WIDTH - left - 40, 26.0 * max(1, len(groups)))
    svg = Svg(WIDTH, 80, "how the failed trials of each model ended")
    top = max((sum(p.values()) for p in per), default=0)
    xs = Scale(0, nice_ticks(0, top)[-1] if top else 1, box.left, box.right)
    for j, (g, p) in enumerate(zip(groups, per, strict=True)):
        y = box.top + j * row_h
        svg.add(
            "text",
            text=_fit(text.name(g), left - 12),
            x=box.left - 8,
            y=y + row_h / 2 + 3,
            text_anchor="end",
            class_="label",
            title=text.name(g),
        )
        x = box.left
        for reason in reasons:
            n = p.get(reason, 0)
            if not n:
                continue
            w = xs(n) - box.left
            svg.add(
                "rect",
                x=x,
                y=y + 4,
                width=w,
                height=row_h - 8,
                fill=STOP_COLORS.get(reason, MUTED),
                title=f"{text.name(g)}: {n} trials ended {reason}",
            )
            if w > text_width(str(n), TICK_FONT) + 6:
                svg.text(x + w / 2, y + row_h / 2 + 3, str(n), text_anchor="middle", class_="onbar")
            x += w
    if not reasons:
        svg.text(box.left, box.top + 14, "Every trial passed.", class_="note")
    x_axis(
        svg,
        box,
        xs,
        [t for t in nice_ticks(0, xs.d1, 5) if t == int(t)],
        lambda v: f"{v:.0f}",
        "trials that did not pass",
    )
    items = [(r, STOP_COLORS.get(r, MUTED)) for r in reasons]
    svg.height = legend(svg, 20, box.bottom + 56, items, WIDTH - 40)
    return svg.render()
