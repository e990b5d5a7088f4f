"""`relgap run`: run a suite against one or more models, or resume a run directory."""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console

from relgap.cli import app
from relgap.cli.progress import RunDisplay
from relgap.errors import ConfigError
from relgap.run.config import RunConfig
from relgap.run.runner import RunProgress, Runner


def parse_ids(values: list[str]) -> list[str]:
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def execute(config: RunConfig, out: Path, console: Console, *, quiet: bool = False) -> RunProgress:
    """Run with a progress bar; prints where the run directory is."""
    from relgap.providers.pricing import price_usage

    overrides = config.prices
    runner = Runner(config, str(out), price=lambda model, usage: price_usage(model, usage, overrides))
    display = RunDisplay(console, f"{config.suite}")
    display.attach(runner.progress)
    runner.on_record = None if quiet else display.on_record
    if quiet:
        return asyncio.run(runner.run_async())
    with display:
        progress = asyncio.run(runner.run_async())
    return progress


@app.command("run")
def run_command(
    suite: Annotated[str, typer.Argument(help="Suite name (see `relgap suites`).")],
    model: Annotated[list[str], typer.Option("--model", "-m", help="Model name; repeatable.")],
    out: Annotated[Path, typer.Option("--out", "-o", help="Run directory (resumed if it exists).")],
    trials: Annotated[int, typer.Option("--trials", "-n", help="Trials per task and model.")] = 8,
    tasks: Annotated[list[str] | None, typer.Option("--tasks", help="Task ids, comma-separated.")] = None,
    tier: Annotated[list[int] | None, typer.Option("--tier", help="Only these tiers.")] = None,
    variant: Annotated[
        list[str] | None,
        typer.Option("--variant", help="Settings sweep, e.g. effort=low,medium,high; repeatable."),
    ] = None,
    concurrency: Annotated[int, typer.Option("--concurrency", "-c", help="Trials at once.")] = 8,
    seed: Annotated[int, typer.Option("--seed", help="Run seed.")] = 0,
    base_url: Annotated[
        str | None, typer.Option("--base-url", help="OpenAI-compatible server (or Anthropic base URL).")
    ] = None,
    max_steps: Annotated[int | None, typer.Option("--max-steps", help="Model calls per trial.")] = None,
    timeout: Annotated[float, typer.Option("--timeout", help="Seconds per trial.")] = 600.0,
    retries: Annotated[int, typer.Option("--retries", help="Retries per model call.")] = 6,
    budget: Annotated[float | None, typer.Option("--budget", help="Stop at this spend (USD).")] = None,
    rpm: Annotated[float | None, typer.Option("--rpm", help="Requests per minute per model.")] = None,
    tpm: Annotated[float | None, typer.Option("--tpm", help="Tokens per minute per model.")] = None,
    cache: Annotated[Path | None, typer.Option("--cache", help="Response cache directory.")] = None,
) -> None:
    """Run SUITE against each --model, --trials times per task, into --out."""
    if trials < 1:
        raise ConfigError(f"--trials must be at least 1 (got {trials})")
    if concurrency < 1:
        raise ConfigError(f"--concurrency must be at least 1 (got {concurrency})")
    config = RunConfig(
        suite=suite,
        models=list(dict.fromkeys(model)),
        variants=variant or [],
        trials=trials,
        task_ids=parse_ids(tasks or []),
        tiers=tier or [],
        concurrency=concurrency,
        seed=seed,
        base_url=base_url,
        max_steps=max_steps,
        trial_timeout_s=timeout,
        max_retries=retries,
        budget_usd=budget,
        rpm=rpm,
        tpm=tpm,
        cache_dir=str(cache) if cache else None,
    )
    console = Console()
    progress = execute(config, out, console)
    console.print(
        f"{progress.done} trials run ({progress.already_done} already recorded): "
        f"{progress.passed} passed, {progress.failed} failed, {progress.errors} infrastructure errors."
    )
    if progress.stopped:
        console.print(f"[yellow]Run stopped: {progress.stopped}. Run the same command again to resume.")
    console.print(f"Run directory: {out}")
