"""What ``relgap gate`` shows: the verdicts as a rich table, task changes, and Markdown.

The CLI judges (:func:`relgap.gate.evaluate_gates`) and prints or writes what these return;
the Markdown suits a GitHub job summary.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich.table import Table

if TYPE_CHECKING:
    from relgap.gate import GateReport

__all__ = ["gate_markdown", "gate_table", "task_change_lines"]


def gate_table(report: GateReport, title: str) -> Table:
    """One row per gate and model: verdict (pass, FAIL or skipped) and the numbers behind it."""
    table = Table(title=title)
    for col in ("gate", "model", "verdict", "numbers and test"):
        table.add_column(col, overflow="fold")
    for r in report.results:
        verdict = (
            "[yellow]skipped[/]"
            if r.skipped
            else ("[green]pass[/]" if r.passed else "[red bold]FAIL[/]")
        )
        table.add_row(r.name, r.subject, verdict, r.message)
    return table


def task_change_lines(report: GateReport) -> list[str]:
    """Per group, how many tasks became flaky, started failing or got fixed vs the baseline."""
    lines = []
    for group, changes in report.task_changes.items():
        parts = [f"{len(v)} {kind.replace('_', ' ')}" for kind, v in changes.items() if v]
        if parts:
            lines.append(f"{group}: " + ", ".join(parts))
    return lines


def gate_markdown(report: GateReport) -> str:
    """The verdicts as a Markdown table, then the task changes (at most 20 ids a kind)."""
    from relgap.report.markdown import md_escape

    lines = ["## relgap gates", "", "| gate | model | verdict | numbers |", "|---|---|---|---|"]
    for r in report.results:
        verdict = "skipped" if r.skipped else ("pass" if r.passed else "**FAIL**")
        cells = (md_escape(r.name), md_escape(r.subject), verdict, md_escape(r.message))
        lines.append("| " + " | ".join(cells) + " |")
    for group, changes in report.task_changes.items():
        parts = [f"{len(v)} {k.replace('_', ' ')}" for k, v in changes.items() if v]
        if parts:
            lines += ["", f"**{md_escape(group)}** task changes vs baseline: " + ", ".join(parts)]
            for kind in ("newly_failing", "newly_flaky", "fixed"):
                ids = ", ".join(md_escape(i["task_id"]) for i in changes[kind][:20])
                if ids:
                    lines.append(f"- {kind.replace('_', ' ')}: {ids}")
    return "\n".join(lines) + "\n"
