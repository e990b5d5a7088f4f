"""The Markdown report: headline sentences and the tables, sized for a GitHub job summary."""

from __future__ import annotations

import re

from relgap.report import compute as compute_section
from relgap.report import fmt, text
from relgap.report.data import EstimateCell, GroupView, ReportData

MAX_CHECKS = 12
_TAG_START = re.compile(r"<(?=[A-Za-z/!?])")
_MENTION = re.compile(r"@(?=[A-Za-z0-9_-])")


def md_escape(value: object) -> str:
    """Cell text that cannot break a table row, open an HTML tag, link, or @mention anyone.

    Nor make an image (``![t](https://evil.example/p.png)`` in a model or task name) in a
    CI job summary.
    """
    out = str(value).replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ")
    out = out.replace("[", "\\[").replace("]", "\\]")
    out = _MENTION.sub("@&#8203;", out)  # a zero-width space: shown as "@", notifies no one
    return _TAG_START.sub("&lt;", out)  # "p<0.001" stays readable; "<script" cannot open


def _cell(e: EstimateCell, style: str = "rate") -> str:
    value, ci = fmt.estimate_texts(e, style)
    return f"{value} ({ci})" if ci else value


def _row(cells: list[str]) -> str:
    return "| " + " | ".join(cells) + " |"


def _table(header: list[str], rows: list[list[str]], right_from: int = 1) -> list[str]:
    align = [":--" if i < right_from else "--:" for i in range(len(header))]
    return [_row(header), _row(align), *(_row(r) for r in rows)]


def _label(g: GroupView) -> str:
    return md_escape(g.label) + (" **SIMULATED**" if g.simulated else "")


def main_table(data: ReportData) -> list[str]:
    """The per-model table at the report's k, as Markdown lines."""
    k = data.k
    header = text.main_columns(k)
    rows = []
    for g in data.groups:
        rows.append(
            [
                _label(g),
                g.tasks_text(k),
                str(g.group.n_trials),
                str(g.group.n_error_trials),
                _cell(g.at("pass_at_k", 1)),
                _cell(g.at("pass_at_k", k)),
                _cell(g.at("pass_hat_k", k)),
                _cell(g.at("gap", k)),
                _cell(g.at("retention", k), "pct"),
                fmt.usd(g.per_trial_usd),
                fmt.usd(g.per_success_usd),
            ]
        )
    return _table(header, rows)


def flaky_table(data: ReportData) -> list[str]:
    """The flakiest tasks of each group, as Markdown lines (or a note when there are none)."""
    rows = [
        [
            _label(g),
            md_escape(t.task_id),
            str(t.tier),
            f"{t.c}/{t.n}",
            f"{fmt.pct(t.rate)} ({fmt.interval(t.wilson_low, t.wilson_high, 'pct')})",
        ]
        for g in data.groups
        for t in g.flakiest()
    ]
    if not rows:
        return ["No flaky task: every task either always passed or always failed."]
    return _table(["model", "task", "tier", "passed", "rate (95% Wilson)"], rows, right_from=2)


def checks_table(data: ReportData) -> list[str]:
    """The most frequent failed checks, counted per group, as Markdown lines."""
    totals: dict[str, int] = {}
    for g in data.groups:
        for check, count in g.failed_checks.items():
            totals[check] = totals.get(check, 0) + int(count)
    if not totals:
        return ["No failed checks recorded."]
    names = sorted(totals, key=lambda c: (-totals[c], c))[:MAX_CHECKS]
    header = ["failed check", *(_label(g) for g in data.groups)]
    rows = [[md_escape(c), *(str(g.failed_checks.get(c, 0)) for g in data.groups)] for c in names]
    lines = _table(header, rows)
    if len(totals) > MAX_CHECKS:
        lines.append(f"\n{len(totals) - MAX_CHECKS} more checks not shown.")
    return lines


def render_markdown(data: ReportData) -> str:
    """The report as GitHub-flavoured Markdown."""
    k = data.k
    out = [f"# relgap report: {md_escape(', '.join(data.suites))}", ""]
    if data.gates is not None:  # the verdict comes first: a job summary is read for it
        out[:0] = [f"**{md_escape(data.gates.line)}**", ""]
    if data.any_simulated:
        out += [f"> **{md_escape(text.SIM_BANNER)}**", ""]
    out += [md_escape(text.runs_line(data)), "", "## Headline", ""]
    out += [f"- {md_escape(line)}" for g in data.groups if (line := text.headline(g, k))]
    out += ["", f"## Capability vs reliability at k={k}", ""]
    out += main_table(data)
    out += [
        "",
        f"pass@{k}: share of tasks solved at least once in {k} tries (capability); "
        f"pass^{k}: solved in all {k} (reliability); gap = pass@{k} − pass^{k}; retention = "
        f"pass^{k} / pass@1. 95% CIs in parentheses. Error trials (infrastructure) "
        "are excluded from every estimate.",
    ]
    if notes := text.group_notes(data):
        out += ["", *(f"- {md_escape(note)}" for note in notes)]
    out += ["", "## Does reasoning narrow the gap?", ""]
    for v in (text.verdict(s, k) for s in data.sweeps):
        out.append(f"- **{md_escape(v.lead)}** {md_escape(' '.join(v.details))}")
    if (note := text.needs_sweep(data)) is not None:
        out.append(md_escape(note))
    out += compute_section.render_markdown(data.compute, md_escape)
    out += ["", "## Flakiest tasks", "", *flaky_table(data)]
    out += ["", "## Failed checks (trials)", "", *checks_table(data)]
    out += ["", "## Method", "", md_escape(text.method_note(data)), ""]
    return "\n".join(out)
