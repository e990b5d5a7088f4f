"""The "Test-time compute" section of the report, in HTML, Markdown and terminal lines.

Shown when some family ran at two or more reasoning settings (there is a slope to show).
Everything comes from ``summary["compute"]`` (:func:`relgap.stats.compute.compute_curve`).
"""

from __future__ import annotations

from html import escape
from typing import Any

from relgap.report import compute_charts, fmt
from relgap.report.compute_text import LIMITS, SIM_NOTE, best_jumps, compute_lines, label

TITLE = "Test-time compute"
CAPTION = (
    "x: mean reasoning tokens per trial (log scale, one tick per doubling); y: pass@1, "
    "pass^{k} and the mean partial score, one line per suite and model family, a point per "
    "reasoning setting with its 95% interval (task-clustered). Cost per reliable success = "
    "cost per trial / pass^{k}."
)
METRIC_CAPTION = (
    "The same trials by tier (on exact_answer, the number of reasoning steps), scored three "
    "ways: partial credit (the grader's score: the share of quantities stated right on "
    "exact_answer, of named checks passed on food_order), pass@1 (the trial passed) and "
    "pass^{k} (all k trials passed). All-or-nothing scoring turns a smooth decline into a cliff (Schaeffer et "
    "al. 2023, 'Are Emergent Abilities of Large Language Models a Mirage?')."
)
COLUMNS = ["suite", "model", "setting", "reasoning tok/trial", "tokens/trial", "$/trial",
           "pass@1", "pass^{k}", "partial", "$/reliable success"]  # fmt: skip


def shown(compute: dict[str, Any] | None) -> bool:
    """Some family has a slope (two or more settings, with tokens that differ)."""
    return bool(compute and any("note" not in f for f in compute.get("fits") or []))


def _est(e: dict[str, Any] | None, style: str = "rate") -> tuple[str, str]:
    e = e or {}
    value = e.get("estimate")
    if style == "tokens":
        ci = fmt.interval(e.get("ci_low"), e.get("ci_high"))
        lo, hi = e.get("ci_low"), e.get("ci_high")
        ci = f"{lo:.0f}–{hi:.0f}" if fmt.is_num(lo) and fmt.is_num(hi) else ""
        return (f"{value:.0f}" if fmt.is_num(value) else fmt.DASH), ci
    if style == "usd":
        lo, hi = e.get("ci_low"), e.get("ci_high")
        ci = f"{fmt.usd(lo)}–{fmt.usd(hi)}" if fmt.is_num(lo) and fmt.is_num(hi) else ""
        return fmt.usd(value), ci
    return fmt.rate(value), fmt.interval(e.get("ci_low"), e.get("ci_high"))


def table_rows(compute: dict[str, Any]) -> list[list[tuple[str, str]]]:
    """Cells (value, 95% interval) of the points table, one row per group."""
    rows = []
    for p in compute["points"]:
        rows.append([
            (str(p["suite"]), ""), (label(p), ""), (str(p.get("setting") or fmt.DASH), ""),
            _est(p["reasoning_tokens"], "tokens"), _est(p["total_tokens"], "tokens"),
            (fmt.usd(p.get("cost_per_trial_usd")), ""),
            _est(p["pass_at_1"]), _est(p["pass_hat_k"]), _est(p["partial"]),
            _est(p["cost_per_reliable_success_usd"], "usd"),
        ])  # fmt: skip
    return rows


def notes(compute: dict[str, Any]) -> list[str]:
    """The section's caveats: the method's limits, and SIMULATED first when it applies."""
    out = [LIMITS]
    if any(p.get("simulated") for p in compute["points"]):
        out.insert(0, SIM_NOTE)
    return out


def render_html(compute: dict[str, Any] | None) -> str:
    """The HTML section (charts, table, sentences), or ``""`` when there is nothing to show."""
    if not shown(compute):
        return ""
    assert compute is not None
    k = compute["k"]
    cols = "".join(
        f"<th{' class=left' if i < 3 else ''}>{escape(c.format(k=k))}</th>"
        for i, c in enumerate(COLUMNS)
    )
    body = "".join(
        "<tr>" + "".join(
            f"<td class='left'>{escape(v)}</td>" if i < 3 else
            f"<td>{escape(v)}" + (f"<span class='ci'>{escape(ci)}</span>" if ci else "") + "</td>"
            for i, (v, ci) in enumerate(row)
        ) + "</tr>"
        for row in table_rows(compute)
    )  # fmt: skip
    sentences = "".join(f"<p class='verdict'>{escape(s)}</p>" for s in compute_lines(compute))
    jumps = "".join(f"<li>{escape(s)}</li>" for s in best_jumps(compute))
    note = "".join(f"<p class='note'>{escape(n)}</p>" for n in notes(compute))
    return (
        f'<section class="chart" id="chart-compute"><h2>{TITLE}</h2>'
        f'<p class="caption">{escape(CAPTION.format(k=k))}</p>'
        f'<div class="figure">{compute_charts.compute_curve(compute)}</div>{sentences}'
        f"<table><thead><tr>{cols}</tr></thead><tbody>{body}</tbody></table>"
        f'<h3 id="metric-choice">Metric choice</h3><p class="caption">{escape(METRIC_CAPTION.format(k=k))}</p>'
        f'<div class="figure">{compute_charts.metric_choice(compute)}</div>'
        f"<ul>{jumps}</ul>{note}</section>"
    )


def render_markdown(compute: dict[str, Any] | None, escape_md: Any) -> list[str]:
    """The Markdown section's lines (``escape_md`` escapes cell text), or none."""
    if not shown(compute):
        return []
    assert compute is not None
    k = compute["k"]
    out = ["", f"## {TITLE}", "", escape_md(CAPTION.format(k=k)), ""]
    out += [f"- {escape_md(s)}" for s in compute_lines(compute)]
    out += ["", "| " + " | ".join(c.format(k=k) for c in COLUMNS) + " |"]
    out += ["|" + "---|" * 3 + "---:|" * (len(COLUMNS) - 3)]
    for row in table_rows(compute):
        cells = [escape_md(v + (f" ({ci})" if ci else "")) for v, ci in row]
        out.append("| " + " | ".join(cells) + " |")
    out += ["", "### Metric choice", "", escape_md(METRIC_CAPTION.format(k=k)), ""]
    out += [f"- {escape_md(s)}" for s in best_jumps(compute)]
    out += ["", *(f"> {escape_md(n)}" for n in notes(compute))]
    return out


def terminal_lines(compute: dict[str, Any] | None) -> list[str]:
    """Plain sentences for the terminal report."""
    if not shown(compute):
        return []
    assert compute is not None
    return [*compute_lines(compute), *best_jumps(compute), *notes(compute)]
