"""`relgap import tau2` and `relgap import inspect`: more harnesses' results as run dirs."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relgap.cli.stats import OutOption, _report_import, import_app


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
    from relgap.importers_tau2 import import_tau2

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
    from relgap.importers_inspect import import_inspect

    result = import_inspect(logs, out, scorer=scorer, pass_value=pass_value,
                            threshold=threshold, model=model, suite=suite)  # fmt: skip
    _report_import(result, ", ".join(p.name for p in logs))
