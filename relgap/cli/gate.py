"""`relgap gate` and `relgap baseline`: reliability gates for nightly CI (`plan` in cli.plan)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.config import FileConfig, find_config
from relgap.errors import ConfigError
from relgap.options import GateOptions, validate_options

baseline_app = typer.Typer(
    help="Save and list baselines to gate runs against.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(baseline_app, name="baseline")


def _write(path: Path, text: str) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {path}: {exc.strerror or exc}") from exc


def run_note(run_dir: Path, recorded: int) -> str | None:
    """A line naming a run that did not complete (budget stop, kill), or None."""
    from relgap.run.plan import parse_variants
    from relgap.store import RunDir

    rd = RunDir(run_dir)
    status = rd.status()
    if status in (None, "complete"):
        return None
    config = rd.manifest().get("config") or {}
    planned = (
        int(config.get("trials") or 0)
        * len(rd.manifest().get("task_ids") or [])
        * len(config.get("models") or [])
        * len(parse_variants(config.get("variants") or []))
    )
    of = f" of {planned} planned trials" if planned else " trials"
    return f"The run is {status}: {recorded}{of} recorded; the gates judge those."


@app.command("gate")
def gate_command(
    run_dir: Annotated[Path, typer.Argument(help="The run to judge.")],
    baseline: Annotated[
        str | None, typer.Option("--baseline", "-b", help="Baseline run dir or saved name.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Config file with [[gates]].")
    ] = None,
    k: Annotated[int | None, typer.Option("--k", help="k for gates that do not name one.")] = None,
    junit: Annotated[Path | None, typer.Option("--junit", help="Write JUnit XML here.")] = None,
    junit_tasks: Annotated[
        bool, typer.Option("--junit-tasks", help="One JUnit case per task too.")
    ] = False,
    md: Annotated[Path | None, typer.Option("--md", help="Write a Markdown summary here.")] = None,
    alpha: Annotated[
        float, typer.Option("--alpha", help="Level of the default regression gate.")
    ] = 0.05,
) -> None:
    """Check RUN_DIR against its gates (and a baseline). Exit 0 pass, 1 gate failed, 2 usage."""
    # The statistics (scipy, pandas) load here, not when the CLI starts.
    from relgap.gate import evaluate_gates, resolve_baseline, to_junit
    from relgap.report.gate_text import gate_markdown, gate_table, task_change_lines
    from relgap.store import load
    from relgap.store.frame import check_distinct_runs

    validate_options(GateOptions, {"k": k, "alpha": alpha})
    file = find_config(config) or FileConfig()
    base_dir = resolve_baseline(baseline) if baseline else None
    check_distinct_runs([run_dir] + ([base_dir] if base_dir else []))
    current = load(run_dir)
    base_frame = load(base_dir) if base_dir else None
    report = evaluate_gates(current, file.gates, baseline=base_frame, k=k or file.k, alpha=alpha)
    console = result_console()
    note = run_note(run_dir, len(current))
    if note:
        console.print(f"[yellow]{note}[/]")
    title = f"relgap gates: {run_dir}" + (f" vs {baseline}" if baseline else "")
    console.print(gate_table(report, title))
    for line in task_change_lines(report):
        console.print(line)
    if junit:
        _write(junit, to_junit(report, per_task=junit_tasks))
    if md:
        _write(md, gate_markdown(report) + (f"\n> **Note:** {note}\n" if note else ""))
    failed = [r for r in report.results if not r.passed]
    skipped = sum(r.skipped for r in report.results)
    judged = len(report.results) - skipped
    note = f" ({skipped} skipped)" if skipped else ""
    console.print(f"{judged - len(failed)} of {judged} gates passed{note}.")
    if failed:
        raise typer.Exit(1)


@baseline_app.command("save")
def baseline_save(
    run_dir: Annotated[Path, typer.Argument(help="The run to keep as a baseline.")],
    name: Annotated[str, typer.Argument(help="Baseline name.")],
) -> None:
    """Save RUN_DIR as the baseline NAME (in .relgap/baselines, or $RELGAP_BASELINES)."""
    from relgap.gate import save_baseline

    path = save_baseline(run_dir, name)
    Console().print(f"Saved baseline '{name}' at {path}")


@baseline_app.command("list")
def baseline_list() -> None:
    """List saved baselines."""
    from relgap.gate import list_baselines

    for name in list_baselines():
        print(name)
