"""`relgap demo`: the main job, offline, no key: the food-order suite on the simulated family."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.cli.run import execute
from relgap.providers.simulated import DEMO_MODELS
from relgap.report import build_report, render_terminal, write_report_files
from relgap.run.config import RunConfig

DEMO_TRIALS = 8


@app.command("demo")
def demo_command(
    out: Annotated[Path, typer.Option("--out", "-o", help="Run directory.")] = Path(
        "relgap-runs/demo"
    ),
    trials: Annotated[
        int, typer.Option("--trials", "-n", help="Trials per task and model.")
    ] = DEMO_TRIALS,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c")] = 16,
    seed: Annotated[int, typer.Option("--seed")] = 0,
) -> None:
    """Run the food-order suite on the SIMULATED model family, report the gap."""
    console = Console()
    console.print(
        "[bold]relgap demo[/]: the food_order suite x "
        f"{', '.join(DEMO_MODELS)} x {trials} trials per task.\n"
        "[yellow]These are SIMULATED models (offline, no key): the numbers show how relgap "
        "measures the capability-reliability gap, not how any real model behaves.[/]"
    )
    config = RunConfig(
        suite="food_order", models=DEMO_MODELS, trials=trials, concurrency=concurrency, seed=seed
    )
    execute(config, out, console)
    data = build_report([out], k=trials)
    result_console().print(render_terminal(data))
    html, md = write_report_files(data, html=out / "report.html", md=out / "report.md")
    console.print(f"\nRun directory: {out}\nHTML report:   {html}\nMarkdown:      {md}")
