"""`relgap import ...`: results of other harnesses as run directories.

τ-bench, τ²-bench, Inspect AI logs and a CSV become run directories that every other
command reads.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console

from relgap.cli import app

if TYPE_CHECKING:
    from relgap.store.importers import ImportResult

import_app = typer.Typer(
    help="Import results from other harnesses into a relgap run directory.",
    no_args_is_help=True,
    rich_markup_mode=None,
)
app.add_typer(import_app, name="import")


def _report_import(result: ImportResult, source: str) -> None:
    errors = f", {result.n_error_trials} error trials" if result.n_error_trials else ""
    Console().print(
        f"Imported {result.n_trials} trials ({result.n_tasks} tasks{errors}) from {source} "
        f"into {result.out_dir}. Next: relgap stats {result.out_dir}"
    )


OutOption = Annotated[Path, typer.Option("--out", help="Run directory to create.")]


@import_app.command("tau-bench")
def import_tau_bench_command(
    file: Annotated[Path, typer.Argument(help="τ-bench results JSON (a list of results).")],
    out: OutOption,
    model: Annotated[str, typer.Option("--model", help="Model name to record.")] = "tau-bench",
    suite: Annotated[str, typer.Option("--suite", help="Suite name to record.")] = "tau-bench",
    errors_as_failures: Annotated[
        bool,
        typer.Option(
            "--errors-as-failures",
            help="Count τ-bench exceptions as failures (as τ-bench does), not as error trials.",
        ),
    ] = False,
) -> None:
    """Import a τ-bench results file (pass = reward 1)."""
    from relgap.store.importers import import_tau_bench

    result = import_tau_bench(file, out, model, suite, errors_as_failures=errors_as_failures)
    _report_import(result, file.name)


@import_app.command("csv")
def import_csv_command(
    file: Annotated[Path, typer.Argument(help="CSV: task_id, trial, passed [, model, ...].")],
    out: OutOption,
    model: Annotated[
        str, typer.Option("--model", help="Model name where the file has none.")
    ] = "imported",
    suite: Annotated[
        str, typer.Option("--suite", help="Suite name where the file has none.")
    ] = "imported",
) -> None:
    """Import a CSV with one row per trial."""
    from relgap.store.importers import import_csv

    result = import_csv(file, out, model=model, suite=suite)
    _report_import(result, file.name)


@import_app.command("tau2")
def import_tau2_command(
    file: Annotated[Path, typer.Argument(help="τ²-bench results JSON (or results directory).")],
    out: OutOption,
    model: Annotated[
        str | None, typer.Option("--model", help="Model name (default: the run's agent LLM).")
    ] = None,
    suite: Annotated[
        str | None, typer.Option("--suite", help="Suite name (default: tau2-<domain>).")
    ] = None,
) -> None:
    """Import a τ²-bench run (pass = reward 1; infrastructure errors are error trials)."""
    from relgap.store.import_tau2 import import_tau2

    result = import_tau2(file, out, model=model, suite=suite)
    _report_import(result, file.name)


@import_app.command("inspect")
def import_inspect_command(
    logs: Annotated[list[Path], typer.Argument(help="Inspect eval logs (.eval or .json).")],
    out: OutOption,
    scorer: Annotated[
        str | None, typer.Option("--scorer", help="Scorer that decides (default: the only one).")
    ] = None,
    pass_value: Annotated[
        str, typer.Option("--pass-value", help="Score value that counts as a pass.")
    ] = "C",
    threshold: Annotated[
        float | None,
        typer.Option("--threshold", help="Read scores as numbers; pass at or above this."),
    ] = None,
    model: Annotated[str | None, typer.Option("--model", help="Model name to record.")] = None,
    suite: Annotated[str | None, typer.Option("--suite", help="Suite name to record.")] = None,
) -> None:
    """Import Inspect AI eval logs: samples x epochs as trials (needs relgap[inspect])."""
    from relgap.store.import_inspect import import_inspect

    result = import_inspect(logs, out, scorer=scorer, pass_value=pass_value,
                            threshold=threshold, model=model, suite=suite)  # fmt: skip
    _report_import(result, ", ".join(p.name for p in logs))
