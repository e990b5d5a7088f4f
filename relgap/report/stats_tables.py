"""The tables and lines of ``relgap stats``: a ``relgap.stats/1`` summary as rich markup.

Per suite x model x variant: pass@1, pass@k and pass^k with their bootstrap intervals, the
gap, the retention, the ICC and the flaky share; paired comparisons; consistency across
repeats and extrapolation past the data. ASCII numbers with two digits (``0.62-0.80``), as
the command has always printed; the reports' formats live in :mod:`relgap.report.fmt`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from rich import box
from rich.console import RenderableType
from rich.markup import escape
from rich.table import Table

from relgap.records import group_label

if TYPE_CHECKING:
    from relgap.stats.schema import Comparison, Difference, EstimateEntry, Group, StatsSummary

__all__ = [
    "comparison_table",
    "consistency_line",
    "extrapolation_lines",
    "stats_renderables",
    "stats_table",
]


def _num(value: float | None, digits: int = 2) -> str:
    return "-" if value is None else f"{value:.{digits}f}"


def _marks(entry: EstimateEntry, n_tasks: int | None = None) -> str:
    # After an interval: * few tasks, ° zero width, and the tasks used when not all of them.
    marks = ("*" if entry.few_tasks else "") + ("°" if entry.zero_width else "")
    used = entry.n_tasks_used
    if n_tasks is not None and used != n_tasks:
        marks += f" ({used} tasks)"
    return marks


def _cell(entry: EstimateEntry | None, digits: int = 2, n_tasks: int | None = None) -> str:
    # Estimate on the first line, its bootstrap interval dimmed underneath.
    if entry is None or entry.estimate is None:
        return "-"
    low, high = entry.ci_low, entry.ci_high
    marks = _marks(entry, n_tasks)
    ci = f"\n[dim]{_num(low, digits)}-{_num(high, digits)}{marks}[/]" if low is not None else ""
    return f"{entry.estimate:.{digits}f}{ci}"


def _errors_as_failures(g: Group, key: str) -> str:
    # What tau-bench would publish (errors scored 0), under relgap's pass^k.
    fail = (g.errors_as_failures or {}).get("pass_hat_k") or {}
    value = fail.get(key)
    return "" if value is None else f"\n[yellow]{value:.2f} errors as fails[/]"


def _label(model: object, variant: object) -> str:
    return escape(group_label(model, variant))


def _shown_k(g: Group, k: int | None) -> int:
    return min(k, g.k_max) if k is not None else g.k_max


def _tasks(g: Group, key: str) -> str:
    # "used of all" when tasks with fewer than k valid trials were left out at this k.
    entry = g.pass_hat_k.get(key)
    used = g.n_tasks if entry is None else entry.n_tasks_used
    return str(g.n_tasks) if used == g.n_tasks else f"{used} of {g.n_tasks}"


def _variance_cell(g: Group, name: str) -> str:
    # The variance component with its interval, or the bare number when it has none.
    entry = (g.variance.intervals or {}).get(name)
    return _cell(entry) if entry is not None else _num(getattr(g.variance, name))


def stats_table(summary: StatsSummary, k: int | None = None) -> Table:
    """The groups of a ``relgap.stats/1`` summary as a rich table at ``k`` (or each k_max)."""
    from relgap.stats.intervals import MIN_TASKS_FOR_COVERAGE

    method = "BCa" if summary.ci_method == "bca" else "percentile"
    level = round(100 * summary.level)
    suites = sorted({str(g.suite) for g in summary.groups})
    table = Table(
        box=box.SIMPLE_HEAD,
        title=f"{escape(', '.join(suites))}: capability vs reliability",
        caption=f"{level}% intervals: {method} bootstrap over tasks "
        f"({summary.bootstrap} resamples). gap = pass@k - pass^k; retention = "
        "pass^k / pass@1; ICC = share of outcome variance between tasks; flaky = tasks "
        f"that both passed and failed. * fewer than {MIN_TASKS_FOR_COVERAGE} tasks: interval "
        "coverage not shown to hold; ° zero-width interval (says nothing about uncertainty); "
        "(N tasks): the number uses only the N tasks with k valid trials",
    )
    columns = ["model", "tasks", "trials", "k", "pass@1", "pass@k", "pass^k", "gap",
               "retention", "ICC", "flaky"]  # fmt: skip
    if len(suites) > 1:
        columns.insert(0, "suite")
    for col in columns:
        table.add_column(col, justify="left" if col in ("suite", "model") else "right")
    for g in summary.groups:
        kk = _shown_k(g, k)
        key = str(kk)
        name = _label(g.model, g.variant) + ("\n[yellow]SIMULATED[/]" if g.simulated else "")
        errors = f"\n[red]{g.n_error_trials} err[/]" if g.n_error_trials else ""
        nt = g.n_tasks
        row = [
            name, _tasks(g, key), f"{g.n_trials}{errors}", str(kk) if kk else "-",
            _cell(g.pass_at_k.get("1"), n_tasks=nt), _cell(g.pass_at_k.get(key), n_tasks=nt),
            _cell(g.pass_hat_k.get(key), n_tasks=nt) + _errors_as_failures(g, key),
            _cell(g.gap.get(key), n_tasks=nt), _cell(g.retention.get(key), n_tasks=nt),
            _variance_cell(g, "icc"), _variance_cell(g, "flaky_share"),
        ]  # fmt: skip
        if len(suites) > 1:
            row.insert(0, escape(str(g.suite)))
        table.add_row(*row)
    return table


def _diff(entry: Difference) -> str:
    if entry.difference is None:
        return "-"
    p = entry.p_value
    text = f"{entry.difference:+.3f}"
    if p is None:
        return text
    ptxt = "p<0.001" if p < 0.001 else f"p={p:.3f}"
    holm = entry.p_value_holm
    decides = holm if holm is not None else p
    if holm is not None:
        ptxt += f"\nHolm {'<0.001' if holm < 0.001 else f'{holm:.3f}'}"
    return f"{text}\n[{'bold' if decides < 0.05 else 'dim'}]{ptxt}[/]"


def comparison_table(comparisons: list[Comparison]) -> Table:
    """Paired comparisons as a rich table: differences a - b with paired t-test p-values."""
    table = Table(
        box=box.SIMPLE_HEAD,
        title="Paired comparisons over shared tasks (a - b)",
        caption="p: paired t-test over tasks (over clusters with --cluster); Holm: the same "
        "p adjusted for the number of comparisons (family-wise, per metric), bold when "
        "< 0.05; tasks changed: Fisher exact per task, Benjamini-Hochberg at 5%",
    )
    for col in ("a", "b", "k", "tasks", "Δpass@1", "Δpass@k", "Δpass^k", "Δgap",
                "Δretention", "tasks changed"):  # fmt: skip
        table.add_column(col, justify="left" if col in ("a", "b") else "right")
    for c in comparisons:
        changes = c.task_changes or {}
        table.add_row(
            _pair_label(c.a), _pair_label(c.b), str(c.k), str(c.n_shared_tasks),
            _diff(c.pass_at_1), _diff(c.pass_at_k), _diff(c.pass_hat_k),
            _diff(c.gap), _diff(c.retention),
            f"{changes.get('n_significant', 0)} of {changes.get('n_tested', 0)}",
        )  # fmt: skip
    return table


def _pair_label(side: dict[str, str | None]) -> str:
    return _label(side["model"], side.get("variant"))


def stats_renderables(summary: StatsSummary, k: int | None) -> list[RenderableType]:
    """What ``relgap stats`` prints, in order: tables, then the notes of groups and pairs."""
    if not summary.groups:
        return ["No trials in these run directories."]
    out: list[RenderableType] = [stats_table(summary, k)]
    for g in summary.groups:
        if g.note:
            out.append(f"[dim]{_label(g.model, g.variant)}: {escape(g.note)}[/]")
        out += extrapolation_lines(g)
        consistency = consistency_line(g)
        if consistency:
            out.append(consistency)
    if summary.comparisons:
        out.append(comparison_table(summary.comparisons))
        for c in summary.comparisons:
            if c.note:
                out.append(f"[dim]{_pair_label(c.a)} vs {_pair_label(c.b)}: {escape(c.note)}[/]")
    if summary.sweeps == []:
        out.append("[dim]--sweep: no suite and family has two or more levels of it[/]")
    for sweep in summary.sweeps or []:
        out.append(f"[bold]{escape(str(sweep['family']))}[/], by {escape(sweep['by'])}:")
        for part in ("success", "within_variance", "flaky"):
            sentence = (sweep.get(part) or {}).get("sentence")
            if sentence:
                out.append(f"  {escape(sentence)}")
    return out


def consistency_line(g: Group) -> str | None:
    """Outcome and resource consistency across repeats, in one dim line (or ``None``)."""
    oc, rc = g.outcome_consistency, g.resource_consistency or {}
    parts = []
    if oc and oc.get("estimate") is not None:
        parts.append(f"outcome C_out {_num(oc['estimate'])} ({_num(oc.get('ci_low'))}-"
                     f"{_num(oc.get('ci_high'))})")  # fmt: skip
    for name in ("cost", "tokens", "steps", "latency"):
        e = rc.get(name) or {}
        if e.get("estimate") is not None:
            parts.append(f"CV {name} {_num(e['estimate'])} ({_num(e.get('ci_low'))}-"
                         f"{_num(e.get('ci_high'))})")  # fmt: skip
    if not parts:
        return None
    return (
        f"[dim]{_label(g.model, g.variant)} consistency across repeats: " + ", ".join(parts) + "[/]"
    )


def extrapolation_lines(g: Group) -> list[str]:
    """pass^k past the data: the model-free range, then the two models and their fit."""
    ex = g.extrapolation
    if not ex:
        return []
    bound = ex.get("upper_bound") or {}
    lines = [
        f"{_label(g.model, g.variant)}: pass^k past k={bound.get('k')} (range, then two models):"
    ]
    for k in ex["ks"]:
        plain = ex["beta_binomial"]["pass_hat_k"][str(k)]
        infl = ex["inflated"]["pass_hat_k"][str(k)]
        lines.append(
            f"  k={k}: between 0 and {_num(bound.get('ci_high'))} without a model; "
            f"Beta-binomial {_num(plain['estimate'])} ({_num(plain['ci_low'])}-"
            f"{_num(plain['ci_high'])}), zero/one-inflated {_num(infl['estimate'])} "
            f"({_num(infl['ci_low'])}-{_num(infl['ci_high'])})"
        )
    fit = ex["fit"]
    lines.append(
        f"  fit: Beta-binomial p={_num(fit['gof_p_beta_binomial'], 3)}, inflated "
        f"p={_num(fit['gof_p_inflated'], 3)} (Pearson, n={fit['n']}); inflation LR "
        f"p={_num(fit['lr_p'], 3)}"
        + ("; [yellow]the answer depends on the model[/]" if ex["model_dependent"] else "")
    )
    return lines
