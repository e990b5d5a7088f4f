"""The terminal report: rich renderables built from :class:`~relgap.report.data.ReportData`.

Nothing here prints; the CLI prints what :func:`render_terminal` returns.
"""

from __future__ import annotations

from collections.abc import Iterator

from rich import box
from rich.console import Console, ConsoleOptions, Group, RenderableType
from rich.measure import Measurement
from rich.panel import Panel
from rich.table import Table
from rich.text import Text

from relgap.report import compute as compute_section
from relgap.report import fmt, text
from relgap.report.data import EstimateCell, GroupView, ReportData


def _cell(e: EstimateCell, style: str = "rate") -> Text:
    """Value over its 95% interval, e.g. ``0.71`` / ``0.62–0.80``."""
    value, ci = fmt.estimate_texts(e, style)
    out = Text(value)
    if ci:
        out.append(f"\n{ci}", style="dim")
    return out


def _name(g: GroupView) -> Text:
    out = Text(g.model)
    if g.variant != "default":
        out.append(f"\n[{g.variant}]", style="cyan")
    if g.simulated:
        out.append("\nSIMULATED", style="bold yellow")
    return out


WIDE = 130  # below this many columns the main table splits in two


def _columns(data: ReportData, g: GroupView) -> dict[str, RenderableType]:
    k = data.k
    return {
        "tasks": g.tasks_text(k),
        "trials": str(g.group.n_trials),
        "errors\nexcluded": str(g.group.n_error_trials),
        "pass@1": _cell(g.at("pass_at_k", 1)),
        f"pass@{k}": _cell(g.at("pass_at_k", k)),
        f"pass^{k}": _cell(g.at("pass_hat_k", k)),
        f"gap@{k}": _cell(g.at("gap", k)),
        "retention": _cell(g.at("retention", k), "pct"),
        "$/trial": fmt.usd(g.per_trial_usd),
        "$/success": fmt.usd(g.per_success_usd),
    }


def _table(data: ReportData, title: str, names: list[str] | None) -> Table:
    table = Table(title=title, show_lines=True, box=box.SIMPLE_HEAD, pad_edge=False)
    longest = max((len(g.label) for g in data.groups), default=12)
    table.add_column("model", justify="left", overflow="fold", min_width=min(28, longest))
    for i, g in enumerate(data.groups):
        cols = _columns(data, g)
        if i == 0:
            for name in names or cols:
                table.add_column(name, justify="right")
        table.add_row(_name(g), *(cols[n] for n in names or cols))
    return table


class MainTable:
    """Per model x variant: counts, pass@1, pass@k, pass^k, gap, retention, cost.

    One table on a wide terminal; on a narrow one, the rates and the counts and costs as
    two tables, so no column is cut to an ellipsis.
    """

    def __init__(self, data: ReportData) -> None:
        """Render ``data``."""
        self.data = data

    def __rich_console__(
        self, console: Console, options: ConsoleOptions
    ) -> Iterator[RenderableType]:
        """The report's parts in order; the main table splits in two on a narrow console."""
        k = self.data.k
        title = f"Capability vs reliability at k={k} (95% CI, task-clustered bootstrap)"
        if options.max_width >= WIDE:
            yield _table(self.data, title, None)
            return
        rates = ["pass@1", f"pass@{k}", f"pass^{k}", f"gap@{k}", "retention"]
        yield _table(self.data, title, rates)
        counts = ["tasks", "trials", "errors\nexcluded", "$/trial", "$/success"]
        yield _table(self.data, "Trials and cost", counts)

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        """The width of the one wide table, so a console without a terminal widens to it."""
        # The one wide table's width: a console without a terminal widens itself to it.
        whole = _table(self.data, "", None)
        return Measurement.get(console, options, whole)


def flaky_table(data: ReportData) -> Table | None:
    """The flakiest tasks of each group: success rate closest to one half."""
    rows = [(g, t) for g in data.groups for t in g.flakiest()]
    if not rows:
        return None
    table = Table(title="Flakiest tasks (passed some trials, failed others)")
    for col in ("model", "task", "tier", "passed", "rate (95% Wilson)"):
        table.add_column(col, justify="left" if col in ("model", "task") else "right")
    for g, t in rows:
        ci = fmt.interval(t.wilson_low, t.wilson_high, "pct")
        rate = Text(fmt.pct(t.rate)).append(f" ({ci})", style="dim")
        cells = (text.name(g), t.task_id, str(t.tier), f"{t.c}/{t.n}")
        table.add_row(*(Text(c) for c in cells), rate)
    return table


def render_terminal(data: ReportData) -> RenderableType:
    """The whole terminal report as one rich renderable."""
    parts: list[RenderableType] = [
        Text(f"relgap report · {text.runs_line(data)}", style="bold"),
    ]
    if data.gates is not None:  # the verdict comes first: it is what a CI log is read for
        style = "bold green" if data.gates.status == "PASS" else "bold red"
        parts.insert(0, Text(data.gates.line, style=style))
    if data.any_simulated:
        parts.append(Panel(Text(text.SIM_BANNER), border_style="yellow", title="SIMULATED"))
    parts.append(MainTable(data))
    for g in data.groups:
        line = text.headline(g, data.k)
        if line:
            parts.append(Text(f"• {line}"))
    parts += [Text(note, style="dim") for note in text.group_notes(data)]
    errors = sum(g.group.n_error_trials for g in data.groups)
    if errors:
        parts.append(
            Text(f"{errors} infrastructure-error trials excluded (see 'errors').", style="yellow")
        )
    parts.append(Text("\nDoes reasoning narrow the gap?", style="bold"))
    for s in data.sweeps:
        v = text.verdict(s, data.k)
        parts.append(Text("• ").append(v.lead, style="bold").append(" " + " ".join(v.details)))
    note = text.needs_sweep(data)
    if note:
        parts.append(Text(note, style="dim"))
    if lines := compute_section.terminal_lines(data.compute):
        parts.append(Text("\nTest-time compute", style="bold"))
        parts += [Text(f"• {line}") for line in lines]
    table = flaky_table(data)
    if table is not None:
        parts.append(table)
    parts.append(Text(text.method_note(data), style="dim"))
    return Group(*parts)
