"""`relgap stats`: the statistics of run directories, as tables or as JSON.

``relgap stats RUN_DIR...`` prints, per suite × model × variant, pass@1, pass@k and pass^k
with 95% intervals, the gap and the retention, the ICC and the share of flaky tasks (the
tables come from :mod:`relgap.report.stats_tables`); or the ``relgap.stats/1`` JSON with
``--json``. This module parses the flags, calls :func:`relgap.stats.summarize` and prints.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.config import FileConfig, find_config
from relgap.errors import ConfigError, RelgapError, StoreError
from relgap.report.stats_tables import stats_renderables

if TYPE_CHECKING:
    import pandas as pd


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
    if summary.sweeps:
        from relgap.report.sweep_text import describe_sweep

        summary.sweeps = [describe_sweep(s) for s in summary.sweeps]
    if as_json:
        sys.stdout.write(json.dumps(summary.to_dict(), indent=2, allow_nan=False) + "\n")
        return
    console = result_console()
    for renderable in stats_renderables(summary, k):
        console.print(renderable)
