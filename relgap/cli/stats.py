"""`relgap stats` and `relgap import`: statistics of run directories, and bringing results in.

``relgap stats RUN_DIR...`` prints, per suite × model × variant, pass@1, pass@k and pass^k
with 95% intervals, the gap and the retention, the ICC and the share of flaky tasks; or
the ``relgap.stats/1`` JSON with ``--json``. ``relgap import tau-bench|csv`` turns other
harnesses' results into a run directory that every relgap command reads.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.config import FileConfig, find_config
from relgap.errors import ConfigError, RelgapError, StoreError
from relgap.report.fmt import group_label

if TYPE_CHECKING:
    import pandas as pd

    from relgap.stats.schema import Comparison, Difference, EstimateEntry, Group, StatsSummary

# -- presentation ---------------------------------------------------------------------


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


def _print_text(console: Console, summary: StatsSummary, k: int | None) -> None:
    if not summary.groups:
        console.print("No trials in these run directories.")
        return
    console.print(stats_table(summary, k))
    for g in summary.groups:
        if g.note:
            console.print(f"[dim]{_label(g.model, g.variant)}: {escape(g.note)}[/]")
        for line in _extrapolation_lines(g):
            console.print(line)
        consistency = _consistency_line(g)
        if consistency:
            console.print(consistency)
    if summary.comparisons:
        console.print(comparison_table(summary.comparisons))
        for c in summary.comparisons:
            if c.note:
                console.print(f"[dim]{_pair_label(c.a)} vs {_pair_label(c.b)}: {escape(c.note)}[/]")
    if summary.sweeps == []:
        console.print("[dim]--sweep: no suite and family has two or more levels of it[/]")
    for sweep in summary.sweeps or []:
        console.print(f"[bold]{escape(str(sweep['family']))}[/], by {escape(sweep['by'])}:")
        for part in ("success", "within_variance", "flaky"):
            sentence = (sweep.get(part) or {}).get("sentence")
            if sentence:
                console.print(f"  {escape(sentence)}")


def _clusters(frame: pd.DataFrame, column: str) -> dict[str, Any]:
    """Task id -> cluster label, from a trial column or a field of the suite's tasks."""
    if column in frame.columns:
        labels = frame.groupby("task_id")[column].nunique(dropna=False)
        if (labels > 1).any():
            task = labels[labels > 1].index[0]
            raise ConfigError(f"--cluster {column}: task {task} has more than one value")
        return {str(t): v for t, v in frame.groupby("task_id")[column].first().items()}
    from relgap.suite.registry import get_suite

    out: dict[str, Any] = {}
    for name in frame["suite"].dropna().unique():
        try:
            tasks = get_suite(str(name)).tasks()
        except RelgapError:
            continue  # an imported suite: its tasks are not known here
        for task in tasks:
            value = getattr(task, column, None)
            out[task.id] = "+".join(sorted(value)) if isinstance(value, list) else value
    if not out or all(v is None for v in out.values()):
        raise ConfigError(
            f"--cluster {column}: neither a column of the trials nor a field of the suite's tasks"
        )
    return out


def _consistency_line(g: Group) -> str | None:
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


def _ks(text: str | None) -> list[int]:
    if not text:
        return []
    try:
        ks = [int(x) for x in text.split(",") if x.strip()]
    except ValueError:
        raise ConfigError(f"--extrapolate takes k values like 16,32,100, not {text!r}") from None
    if any(k < 2 for k in ks):
        raise ConfigError(f"--extrapolate: every k must be 2 or more, got {text!r}")
    return ks


def _extrapolation_lines(g: Group) -> list[str]:
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


# -- commands -------------------------------------------------------------------------


def _load(run_dirs: list[Path]) -> pd.DataFrame:
    from relgap.store import load

    try:
        return load(*run_dirs)
    except OSError as exc:  # e.g. a trials.jsonl that cannot be read
        raise StoreError(f"cannot read {exc.filename or run_dirs[0]}: {exc.strerror}") from exc


def _note_unfinished(run_dirs: list[Path]) -> None:
    """One line on stderr per run that did not complete: its numbers cover part of it."""
    from relgap.store import RunDir

    for path in run_dirs:
        status = RunDir(path).status()
        if status not in (None, "complete"):
            print(f"relgap: note: {path}: the run is {status}; these numbers cover the trials "
                  "recorded so far (run the same `relgap run` again to resume)", file=sys.stderr)  # fmt: skip


@app.command("stats")
def stats_command(
    run_dirs: Annotated[
        list[Path], typer.Argument(help="Run directories; their trials are pooled.")
    ],
    k: Annotated[
        int | None,
        typer.Option("--k", min=1, help="Largest k (default: trials per task of each group)."),
    ] = None,
    as_json: Annotated[
        bool, typer.Option("--json", help="Print the relgap.stats/1 JSON instead of a table.")
    ] = False,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", min=0, help="Bootstrap resamples over tasks.")
    ] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Seed of the bootstrap.")] = 0,
    ci: Annotated[str, typer.Option("--ci", help="Bootstrap interval: bca or percentile.")] = "bca",
    compare: Annotated[
        bool, typer.Option("--compare", help="Compare every pair of groups of a suite.")
    ] = False,
    sweep: Annotated[
        str | None,
        typer.Option("--sweep", help="Model the effect of a setting, e.g. reasoning_effort."),
    ] = None,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config", help="Config file (default: ./relgap.toml if present); its k applies."
        ),
    ] = None,
    extrapolate: Annotated[
        str | None,
        typer.Option("--extrapolate", help="pass^k past the data as a range, e.g. 16,32,100."),
    ] = None,
    cluster: Annotated[
        str | None,
        typer.Option(
            "--cluster", help="Cluster tasks by a trial column or task field (tier, tags, ...)."
        ),
    ] = None,
) -> None:
    """Capability (pass@k) vs reliability (pass^k) per suite x model x variant."""
    from relgap.stats import summarize

    if ci not in ("bca", "percentile"):
        raise ConfigError(f"--ci must be bca or percentile, not {ci!r}")
    k = (find_config(config) or FileConfig()).k if k is None else k
    frame = _load(run_dirs)
    _note_unfinished(run_dirs)
    summary = summarize(
        frame,
        k=k,
        bootstrap=bootstrap,
        seed=seed,
        ci=ci,  # type: ignore[arg-type]
        comparisons="all" if compare else None,
        sweep=sweep,
        extrapolate_to=_ks(extrapolate),
        cluster=_clusters(frame, cluster) if cluster else None,
    )
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2, allow_nan=False) + "\n")
        return
    _print_text(result_console(), summary, k)
