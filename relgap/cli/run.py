"""`relgap run`: run a suite against one or more models, or resume a run directory."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import sys
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, NoReturn

import typer
from rich.console import Console

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.cli.progress import RunDisplay
from relgap.config import FileConfig, find_config
from relgap.errors import ConfigError, RelgapError
from relgap.providers.base import is_served_simulation
from relgap.run.config import RunConfig, resolve_run_config

if TYPE_CHECKING:
    from relgap.run.runner import Runner, RunProgress
    from relgap.store import RunDir


def execute(config: RunConfig, out: Path, console: Console) -> Runner:
    """Run (or resume) ``config`` into ``out`` behind a progress bar; the finished runner."""
    from relgap.providers import pricing
    from relgap.providers.pricing import price_usage
    from relgap.run.runner import Runner  # loads the store (pandas): only when a run starts

    pricing.load_price_map()  # now, not inside the first priced trial
    overrides = config.prices
    runner = Runner(config, out, price=lambda model, usage: price_usage(model, usage, overrides))
    simulated = all(m.startswith("sim/") or is_served_simulation(m) for m in config.models)
    display = RunDisplay(console, config.suite, simulated=simulated)
    display.attach(runner.progress)
    runner.on_record = display.on_record
    runner.on_start = display.start
    with display, sigterm_as_sigint():
        asyncio.run(runner.run_async())
    return runner


@contextlib.contextmanager
def sigterm_as_sigint() -> Iterator[None]:
    """End a run on SIGTERM (a CI cancel, ``docker stop``) as on Ctrl-C.

    In-flight trials are cancelled and the manifest says "interrupted", instead of dying
    with it at "running".
    """
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGTERM, lambda *_: signal.raise_signal(signal.SIGINT))
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _was(status: str) -> str:
    if status == "interrupted":
        return "was interrupted (its process ended before closing the run)"
    return f"had status '{status}'"


def _summary(out_dir: str, k: int | None) -> Any:
    """The run's report at the config's k, as `relgap report` and `gate` use it.

    The largest k every model supports when the config sets none or a stop left tasks
    short of it.
    """
    from relgap.report import build_report

    if k is not None:
        with contextlib.suppress(ConfigError):
            return build_report([out_dir], k=k)
    return build_report([out_dir])


def _all_errors(rundir: RunDir, count: int) -> NoReturn:
    """Every trial failed for infrastructure reasons: say why, instead of an empty summary."""
    first = next((r.error for r in rundir.records() if r.error), "no message")
    raise RelgapError(
        f"all {count} trials ended in an infrastructure error, nothing to summarise "
        f"(first: {first}); fix the cause and run the same command: it re-runs error trials"
    )


def stop_banner(progress: RunProgress, budget: float | None) -> None:
    """One line on stderr that a CI log shows (a GitHub Actions warning annotation there)."""
    recorded = progress.done + progress.already_done
    if progress.stopped == "budget":
        title = "relgap run stopped by its budget"
        text = (
            f"stopped by its budget of ${budget:g}: {recorded} of {progress.total} trials "
            "recorded, so its numbers cover part of the plan; run the same command with a "
            "larger --budget to finish it"
        )
    else:
        title, text = (
            "relgap run stopped",
            f"stopped ({progress.stopped}): {recorded} of {progress.total} trials recorded",
        )
    if os.environ.get("GITHUB_ACTIONS") == "true":
        print(f"::warning title={title}::run {text}", file=sys.stderr)
    else:
        print(f"relgap: warning: run {text}", file=sys.stderr)


def _default(field: str) -> str:
    """RunConfig's default for ``field``, as help strings show it: ``[1800]``."""
    return f"[{RunConfig.model_fields[field].default:g}]"


@app.command("run")
def run_command(
    suite: Annotated[
        str | None, typer.Argument(help="Suite name (see `relgap suites`) or suite folder path.")
    ] = None,
    models: Annotated[
        list[str] | None, typer.Option("--model", "-m", help="Model name; repeatable.")
    ] = None,
    out: Annotated[
        str | None, typer.Option("--out", "-o", help="Run directory (resumed if it exists).")
    ] = None,
    trials: Annotated[
        int | None,
        typer.Option("--trials", "-n", help=f"Trials per task and model {_default('trials')}."),
    ] = None,
    task_ids: Annotated[
        list[str] | None, typer.Option("--tasks", help="Task ids, comma-separated.")
    ] = None,
    tiers: Annotated[list[int] | None, typer.Option("--tier", help="Only these tiers.")] = None,
    variants: Annotated[
        list[str] | None,
        typer.Option("--variant", help="Settings sweep, e.g. effort=low,medium,high; repeatable."),
    ] = None,
    concurrency: Annotated[
        int | None,
        typer.Option("--concurrency", "-c", help=f"Trials at once {_default('concurrency')}."),
    ] = None,
    seed: Annotated[
        int | None, typer.Option("--seed", help=f"Run seed {_default('seed')}.")
    ] = None,
    base_url: Annotated[
        str | None,
        typer.Option("--base-url", help="OpenAI-compatible server (or Anthropic base URL)."),
    ] = None,
    max_steps: Annotated[
        int | None, typer.Option("--max-steps", help="Model calls per trial.")
    ] = None,
    user_model: Annotated[
        str | None,
        typer.Option("--user-model", help="Model that plays the user (default: scripted user)."),
    ] = None,
    user_base_url: Annotated[
        str | None, typer.Option("--user-base-url", help="Base URL for --user-model [--base-url].")
    ] = None,
    agent: Annotated[
        str | None,
        typer.Option(
            "--agent",
            help="Your own agent under test: MODULE:ATTR, FILE.py:ATTR or http://HOST:PORT/PATH "
            "(-m then only labels the group).",
        ),
    ] = None,
    max_turns: Annotated[
        int | None,
        typer.Option(
            "--max-turns", help=f"User messages per conversation {_default('max_turns')}."
        ),
    ] = None,
    trial_timeout_s: Annotated[
        float | None,
        typer.Option("--timeout", help=f"Seconds per trial {_default('trial_timeout_s')}."),
    ] = None,
    call_timeout_s: Annotated[
        float | None,
        typer.Option(
            "--call-timeout", help=f"Seconds per model call {_default('call_timeout_s')}."
        ),
    ] = None,
    max_retries: Annotated[
        int | None,
        typer.Option("--retries", help=f"Retries per model call {_default('max_retries')}."),
    ] = None,
    budget_usd: Annotated[
        float | None, typer.Option("--budget", help="Stop at this spend (USD).")
    ] = None,
    rpm: Annotated[
        float | None, typer.Option("--rpm", help="Requests per minute per model.")
    ] = None,
    tpm: Annotated[float | None, typer.Option("--tpm", help="Tokens per minute per model.")] = None,
    cache_dir: Annotated[
        Path | None, typer.Option("--cache", help="Response cache directory.")
    ] = None,
    config: Annotated[
        Path | None, typer.Option("--config", help="Config file [./relgap.toml or [tool.relgap]].")
    ] = None,
) -> None:
    """Run SUITE against each --model, --trials times per task, into --out."""
    # Every parameter but --out and --config is named after the RunConfig field it sets.
    flags = {name: value for name, value in locals().items() if name not in ("out", "config")}
    if out is not None and not out.strip():
        raise ConfigError("--out is empty: give a run directory")
    file = find_config(config) or FileConfig()
    run_config = resolve_run_config(file, flags)
    out_dir = out or file.out
    if not out_dir:
        raise ConfigError("give a run directory with --out (or 'out' in the config file)")
    console = Console()
    runner = execute(run_config, Path(out_dir), console)
    progress = runner.progress
    if progress.resumed_from:
        console.print(
            f"Resumed {out_dir}, which {_was(progress.resumed_from)}.", soft_wrap=True, markup=False
        )
    console.print(
        f"{progress.done} trials run ({progress.already_done} already recorded): "
        f"{progress.passed} passed, {progress.failed} failed, {progress.errors} infrastructure errors."
    )
    if progress.stopped:
        console.print(
            f"[yellow]Run stopped: {progress.stopped}. Run the same command again to resume."
        )
    if progress.errors and not (progress.passed + progress.failed + progress.already_done):
        console.print(f"Run directory: {out_dir}", soft_wrap=True, markup=False)
        _all_errors(runner.rundir, progress.errors)
    if progress.done + progress.already_done:
        from relgap.report import render_terminal

        result_console().print(render_terminal(_summary(out_dir, file.k)))
    console.print(f"Run directory: {out_dir}", soft_wrap=True, markup=False)
    if progress.stopped:  # last, where a CI log's reader looks
        stop_banner(progress, run_config.budget_usd)
