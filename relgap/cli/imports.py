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
