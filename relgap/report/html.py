"""The HTML report: one self-contained file.

No external resource of any kind (no CDN, web font, image or script): the styles are inline,
the charts are inline SVG drawn in Python, transcripts fold with ``<details>``. A
Content-Security-Policy forbids scripts and every fetch, so even text that escaped
escaping could not run or call home. All data passes through :func:`html.escape`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import escape

from relgap.report import charts, fmt, task_charts, text
from relgap.report import compute as compute_section
from relgap.report.data import EstimateCell, GroupView, ReportData
from relgap.report.transcripts import transcripts_html

CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; img-src data:; base-uri 'none'; "
    "form-action 'none'"
)

CSS = """
:root { color-scheme: light; --ink: #222; --muted: #666; --line: #e3e3e3; --warn: #8a5a00; }
* { box-sizing: border-box; }
body { margin: 0; background: #fafafa; color: var(--ink);
  font: 14px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
main { max-width: 1000px; margin: 0 auto; padding: 24px 20px 60px; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 0 0 4px; }
.meta, .muted, .note { color: var(--muted); }
.note { font-size: 13px; }
.banner { background: #fff4d6; border: 2px solid #e0a800; color: #5a3b00; padding: 10px 14px;
  border-radius: 6px; margin: 14px 0; font-weight: 600; }
.badge { background: #e0a800; color: #fff; font-size: 11px; font-weight: 700; padding: 1px 6px;
  border-radius: 3px; letter-spacing: .03em; }
section { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 16px 18px;
  margin: 18px 0; }
.caption { margin: 0 0 10px; color: #444; }
svg { max-width: 100%; height: auto; display: block; }
.figure svg { width: 100%; }
svg text { font-family: inherit; }
svg .tick { font-size: 10px; fill: #555; } svg .axis { font-size: 11px; fill: #444; }
svg .legend, svg .label { font-size: 11px; } svg .panel { font-size: 12px; font-weight: 600; }
svg .note { font-size: 11px; fill: #666; } svg .sim { font-size: 9px; font-weight: 700; fill: #b07d00; }
svg .onbar { font-size: 10px; fill: #fff; }
svg .halo { paint-order: stroke; stroke: #fff; stroke-width: 3px; stroke-linejoin: round; }
table { border-collapse: collapse; width: 100%; font-size: 13px; }
th, td { padding: 5px 8px; border-bottom: 1px solid var(--line); text-align: right;
  vertical-align: top; }
th:first-child, td:first-child, td.left { text-align: left; }
td .ci { display: block; color: var(--muted); font-size: 11px; white-space: nowrap; }
th.left { text-align: left; }
ul.headline li { font-size: 15px; margin: 4px 0; }
.verdict { margin: 10px 0 0; padding: 8px 12px; border-left: 4px solid #0072B2; background: #f3f8fc; }
.gates { padding: 8px 12px; border-radius: 6px; margin: 0 0 12px; border: 2px solid; }
.gates.pass { border-color: #009E73; background: #eefaf5; }
.gates.fail { border-color: #D55E00; background: #fdf0e8; }
.verdict.yes { border-color: #009E73; } .verdict.no { border-color: #D55E00; }
details { margin: 6px 0; } summary { cursor: pointer; }
details.group > summary { font-weight: 600; }
details.trial { margin-left: 14px; border-left: 2px solid var(--line); padding-left: 10px; }
.msg { margin: 6px 0; } .msg .role { font-size: 12px; font-weight: 700; color: #555; }
.role-user .role { color: #0072B2; } .role-assistant .role { color: #009E73; }
.role-tool .role { color: #b07d00; }
pre { margin: 2px 0; padding: 6px 8px; background: #f5f5f5; border-radius: 4px;
  white-space: pre-wrap; word-break: break-word; font-size: 12px; }
pre.reasoning { color: #666; font-style: italic; }
.call .tool { font-family: ui-monospace, "DejaVu Sans Mono", monospace; font-size: 12px; }
.error { color: #a00; }
@media (max-width: 900px) {
  main { padding: 16px 8px 40px; } section { padding: 12px 10px; }
  table { font-size: 12px; } th, td { padding: 4px 3px; }
}
"""


@dataclass(frozen=True)
class ChartSection:
    """One chart of the HTML report: its anchor, title, caption and how to draw it."""

    slug: str
    title: str
    caption: str
    draw: Callable[[ReportData], str]


def _sections(k: int) -> list[ChartSection]:
    return [
        ChartSection(
            "curves",
            "1. Capability and reliability as k grows",
            f"Solid lines are pass@k (at least one of k tries succeeds), dashed lines "
            f"pass^k (all k succeed); the shaded band between them is the gap, "
            f"bars are 95% CIs. Tables use k={k}.",
            charts.curves,
        ),
        ChartSection(
            "sweep",
            "2. Does reasoning narrow the gap?",
            f"For each model family, the gap at k={k} against its reasoning setting, "
            "as points lost (left, lower is better) and share of pass@1 kept (right, "
            "higher is better), with 95% CIs.",
            charts.sweep,
        ),
        ChartSection(
            "heatmap",
            "3. Which tasks pass, fail or flake",
            "Each row is a task, each column a model; colour is the share of its trials "
            "that passed. Rows are grouped: always pass everywhere, flaky somewhere, "
            "passes for some models only, always fails.",
            task_charts.heatmap,
        ),
        ChartSection(
            "histogram",
            "4. Per-task success rates",
            "How many tasks sit at each success rate: mass at the two ends means a "
            "reliable model (tasks always pass or always fail); mass in the middle "
            "means flaky tasks, where pass@k and pass^k drift apart.",
            task_charts.histograms,
        ),
        ChartSection(
            "checks",
            "5. Why trials fail",
            "Per named check, how many trials of each model failed it (one trial can "
            "fail several checks; error trials are not counted).",
            task_charts.failed_checks,
        ),
        ChartSection(
            "cost",
            "6. Cost against reliability",
            f"Each point is a model: left is cheaper per trial, up is more reliable "
            f"(pass^{k}, 95% CI). The dashed line joins the models no other model "
            "beats on both; anything below it pays more for less.",
            charts.cost_frontier,
        ),
        ChartSection(
            "failures",
            "7. Failed trials and their transcripts",
            "How each model's non-passing trials ended (completed = the agent finished "
            "but a check failed; infra_error, timeout and cancelled are infrastructure "
            "errors, left out of the statistics). Open a trial to read its transcript.",
            task_charts.stop_reasons,
        ),
    ]


def _head(cols: list[str], left: int = 1) -> str:
    """A table head; the first ``left`` columns are left-aligned like their cells."""
    cells = "".join(
        ('<th class="left">' if i < left else "<th>") + f"{escape(c)}</th>"
        for i, c in enumerate(cols)
    )
    return f"<thead><tr>{cells}</tr></thead>"


def _cell(e: EstimateCell, style: str = "rate") -> str:
    value, ci = fmt.estimate_texts(e, style)
    span = f'<span class="ci">{escape(ci)}</span>' if ci else ""
    return f"<td>{escape(value)}{span}</td>"


def _name(g: GroupView) -> str:
    badge = ' <span class="badge">SIMULATED</span>' if g.simulated else ""
    return f'<td class="left">{escape(g.label)}{badge}</td>'


def main_table(data: ReportData) -> str:
    """The per-model table at the report's k, as an HTML table."""
    k = data.k
    head = text.main_columns(k)
    rows = []
    for g in data.groups:
        counts = f"<td>{escape(g.tasks_text(k))}</td>" + "".join(
            f"<td>{escape(str(n))}</td>" for n in (g.group.n_trials, g.group.n_error_trials)
        )
        cells = (
            _cell(g.at("pass_at_k", 1))
            + _cell(g.at("pass_at_k", k))
            + _cell(g.at("pass_hat_k", k))
            + _cell(g.at("gap", k))
            + _cell(g.at("retention", k), "pct")
        )
        money = "".join(
            f"<td>{escape(fmt.usd(usd))}</td>" for usd in (g.per_trial_usd, g.per_success_usd)
        )
        rows.append(f"<tr>{_name(g)}{counts}{cells}{money}</tr>")
    return f"<table>{_head(head)}<tbody>{''.join(rows)}</tbody></table>"


def flaky_table(data: ReportData) -> str:
    """The flakiest tasks of each group, as an HTML table (or a note when there are none)."""
    rows = []
    for g in data.groups:
        for t in g.flakiest():
            ci = fmt.interval(t.wilson_low, t.wilson_high, "pct")
            rows.append(
                f"<tr>{_name(g)}<td class='left'>{escape(t.task_id)}</td>"
                f"<td>{escape(str(t.tier))}</td><td>{t.c}/{t.n}</td>"
                f"<td>{escape(fmt.pct(t.rate))}<span class='ci'>{escape(ci)}</span></td></tr>"
            )
    if not rows:
        return '<p class="note">No flaky task: every task always passed or always failed.</p>'
    head = _head(["model", "task", "tier", "passed", "rate (95% Wilson)"], left=2)
    return f"<table>{head}<tbody>{''.join(rows)}</tbody></table>"


def _runs(data: ReportData) -> str:
    rows = "".join(
        f"<tr><td class='left'>{escape(r.run_id)}</td><td class='left'>{escape(r.path)}</td>"
        f"<td class='left'>{escape(r.suite)}</td><td>{escape(text.date(r.started_at))}</td>"
        f"<td>{escape(text.date(r.finished_at))}</td><td>{escape(r.status or '?')}</td>"
        f"<td>{r.n_trials}</td></tr>"
        for r in data.runs
    )
    head = _head(["run id", "directory", "suite", "started", "finished", "status", "trials"], 3)
    users = text.user_line(data)
    note = f'<p class="meta" id="user-simulator">{escape(users)}</p>' if users else ""
    return f"<table>{head}<tbody>{rows}</tbody></table>{note}"


def _verdicts(data: ReportData) -> str:
    out = []
    for s in data.sweeps:
        v = text.verdict(s, data.k)
        out.append(
            f'<p class="verdict {escape(v.answer)}"><strong>{escape(v.lead)}</strong> '
            f"{escape(' '.join(v.details))}</p>"
        )
    if (note := text.needs_sweep(data)) is not None:
        out.append(f'<p class="verdict">{escape(note)}</p>')
    return "".join(out)


def _section(s: ChartSection, data: ReportData, extra: str = "") -> str:
    return (
        f'<section class="chart" id="chart-{s.slug}"><h2>{escape(s.title)}</h2>'
        f'<p class="caption">{escape(s.caption)}</p><div class="figure">{s.draw(data)}</div>'
        f"{extra}</section>"
    )


def _header(data: ReportData) -> str:
    suites = ", ".join(data.suites)
    parts = [
        "<header>" + _gates(data),
        f"<h1>relgap report · {escape(suites)}</h1>",
        f'<p class="meta">relgap {escape(data.version)} · generated {escape(data.generated_at)}'
        f" · k={data.k}</p>",
    ]
    if data.any_simulated:
        parts.append(f'<div class="banner" id="simulated-banner">{escape(text.SIM_BANNER)}</div>')
    parts.append(_runs(data) + "</header>")
    return "".join(parts)


def _gates(data: ReportData) -> str:
    """The configured gates' verdict, first on the page."""
    if data.gates is None:
        return ""
    status = data.gates.status
    css = "pass" if status == "PASS" else "fail"
    bars = "; ".join(
        escape(b.sentence.removesuffix(b.status)) + f"<strong>{escape(b.status)}</strong>"
        for b in data.gates.bars
    )
    return (
        f'<p id="gate-verdict" class="gates {css}"><strong>{escape(data.gates.head)}</strong> '
        f"{bars}.</p>"
    )


def _summary(data: ReportData) -> str:
    lines = "".join(f"<li>{escape(h)}</li>" for g in data.groups if (h := text.headline(g, data.k)))
    notes = "".join(f"<li>{escape(n)}</li>" for n in text.group_notes(data))
    errors = sum(g.group.n_error_trials for g in data.groups)
    err = (
        f"<p class='note'>{errors} infrastructure-error trials are excluded from every estimate "
        "(column “errors excluded”).</p>"
        if errors
        else ""
    )
    return (
        f'<section id="summary"><h2>Capability vs reliability at k={data.k}</h2>'
        f'<ul class="headline">{lines}</ul>{main_table(data)}{err}'
        + (f'<ul class="note">{notes}</ul>' if notes else "")
        + "</section>"
    )


def render_html(data: ReportData) -> str:
    """The whole report as one HTML document (no external resources, no scripts)."""
    sections = _sections(data.k)
    body = [_header(data), _summary(data)]
    for s in sections:
        if s.slug == "sweep":
            body.append(_section(s, data, _verdicts(data)))
        elif s.slug == "failures":
            body.append(_section(s, data, transcripts_html(data)))
        elif s.slug == "heatmap":
            body.append(_section(s, data))
            body.append(f'<section id="flaky"><h2>Flakiest tasks</h2>{flaky_table(data)}</section>')
        else:
            body.append(_section(s, data))
        if s.slug == "sweep":
            body.append(compute_section.render_html(data.compute))
    body.append(
        f'<section id="method"><h2>Method</h2><p>{escape(text.method_note(data))}</p></section>'
    )
    title = f"relgap report · {', '.join(data.suites)} · k={data.k}"
    if data.gates is not None:
        title = f"{data.gates.head} {title}"
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        f'<meta http-equiv="Content-Security-Policy" content="{escape(CSP)}">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title><style>{CSS}</style></head>"
        f"<body><main>{''.join(body)}</main></body></html>\n"
    )
