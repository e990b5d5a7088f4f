"""`relgap plan`: how small a pass^k drop the nightly gate detects, and what it needs."""

from __future__ import annotations

import math
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console

from relgap.cli import app
from relgap.errors import ConfigError
from relgap.options import PlanOptions, validate_options

if TYPE_CHECKING:
    from relgap.gate import GatePlan

_SHAPE_WORDS = {
    "spread": "spread over all tasks (each keeps the same share of its pass^k)",
    "concentrated": "concentrated on tasks that break (pass^k to 0)",
    "given": "with the given between-task variance of the change",
}


def _pilot_omega2(run_dirs: list[Path], k: int) -> tuple[float, str]:
    from relgap.gate import omega2_from_pair
    from relgap.stats.counts import split_groups, task_counts
    from relgap.store import load

    groups = split_groups(task_counts(load(*run_dirs)))
    if len(groups) != 2:
        names = ", ".join("/".join(map(str, key)) for key in groups) or "none"
        raise ConfigError(
            f"--omega2-from needs exactly two groups (a baseline and a changed run) to "
            f"estimate omega^2; found {len(groups)}: {names}"
        )
    a, b = groups.values()
    omega2, used = omega2_from_pair(a, b, k)
    return (
        omega2,
        f"estimated from {'/'.join(map(str, a.key))} vs {'/'.join(map(str, b.key))} over {used} tasks",
    )


def _mdd_text(plan: GatePlan) -> str:
    if not math.isfinite(plan.mdd):
        return "no drop at all (not even to pass^k 0)"
    return f"[bold]{plan.mdd:.3f}[/] (omega^2 {plan.omega2:.4f}, sd of task differences {plan.sd_diff:.3f})"


def _floor_text(plan: GatePlan) -> str | None:
    if plan.floor <= 0:
        return None
    floor = f"{plan.floor:.3f}" if math.isfinite(plan.floor) else "any drop"
    return (
        f"  No number of trials brings it below {floor} with {plan.tasks} tasks: the "
        "tasks' true changes differ (omega^2), and only more tasks average that out."
    )


def _drop_lines(drop: float, tasks: int, trials: int, k: int, kw: dict[str, Any]) -> list[str]:
    from relgap.gate import best_split, tasks_needed
    from relgap.gate import trials_needed as trials_needed_for

    n = trials_needed_for(tasks, k, drop, **kw)
    t = tasks_needed(trials, k, drop, **kw)
    split = best_split(k, drop, **kw)
    lines = [
        f"  trials per task at {tasks} tasks: "
        + (f"{n}" if n is not None else "none up to 1000 reaches it: add tasks"),
        f"  tasks at {trials} trials per task: " + (f"{t}" if t is not None else "more than 10^6"),
    ]
    if split is not None:
        lines.append(
            f"  fewest trials in all: {split[0]} tasks x {split[1]} trials = {split[0] * split[1]}"
        )
    return lines


@app.command("plan")
def plan_command(
    tasks: Annotated[int, typer.Option("--tasks", help="Tasks in the suite run.")],
    trials: Annotated[int, typer.Option("--trials", help="Trials per task.")],
    k: Annotated[int, typer.Option("--k", help="The k of the pass^k gate.")],
    alpha: Annotated[float, typer.Option("--alpha")] = 0.05,
    power: Annotated[float, typer.Option("--power")] = 0.8,
    drop: Annotated[
        float | None,
        typer.Option("--drop", help="Also: trials, tasks and the cheapest split to detect it."),
    ] = None,
    pilot: Annotated[
        Path | None, typer.Option("--from", help="Fit task difficulty from this run.")
    ] = None,
    omega2: Annotated[
        float | None,
        typer.Option("--omega2", help="Between-task variance of the true pass^k change."),
    ] = None,
    omega2_from: Annotated[
        list[Path] | None,
        typer.Option("--omega2-from", help="Estimate omega^2 from a pilot pair (two groups)."),
    ] = None,
) -> None:
    """The smallest pass^k drop the gate detects with this budget (and the reverse)."""
    # The power calculations (scipy, pandas) load here, not when the CLI starts.
    from relgap.gate import plan_gate
    from relgap.gate.plan import SHAPES
    from relgap.stats.betabinom import fit_beta_binomial
    from relgap.stats.counts import task_counts
    from relgap.store import load

    validate_options(
        PlanOptions,
        {"tasks": tasks, "trials": trials, "k": k, "alpha": alpha, "power": power, "drop": drop,
         "omega2": omega2},
    )  # fmt: skip
    a = b = None
    source = "a typical agent suite (Beta(1.2, 0.6): mean 0.67, many tasks always pass or fail)"
    if pilot is not None:
        counts = task_counts(load(pilot))
        fit = fit_beta_binomial(counts["n"].to_numpy(), counts["c"].to_numpy())
        a, b = fit.a, fit.b
        source = f"the pilot run {pilot} (Beta({a:.2f}, {b:.2f}), fitted by maximum likelihood)"
    base = {"alpha": alpha, "power": power} | ({"a": a, "b": b} if a is not None else {})
    if omega2 is not None and omega2_from:
        raise ConfigError("give --omega2 or --omega2-from, not both")
    given = None
    if omega2_from:
        omega2, given = _pilot_omega2(omega2_from, k)
    elif omega2 is not None:
        given = "given"
    designs = [{"omega2": omega2}] if omega2 is not None else [{"shape": s} for s in SHAPES]
    console = Console()
    console.print(
        f"With {tasks} tasks x {trials} trials, the gate's one-sided paired t-test at "
        f"alpha={alpha:g} detects, with {power:.0%} power, a mean drop in pass^{k} of"
    )
    for design in designs:
        plan = plan_gate(tasks, trials, k, **base, **design)  # type: ignore[arg-type]
        console.print(f"- {_SHAPE_WORDS[plan.shape]}: {_mdd_text(plan)}")
        floor = _floor_text(plan)
        if floor:
            console.print(floor)
        if drop is not None:
            console.print(f"  To detect a drop of {drop:g}:")
            for line in _drop_lines(drop, tasks, trials, k, base | design):
                console.print(line)
    where = f"; omega^2 {omega2:.4f} {given}" if given else ""
    console.print(
        f"Task difficulty assumed from {source}{where}. Power is for the t-test alone: a gate "
        "with min_effect also needs the drop to exceed it."
    )
