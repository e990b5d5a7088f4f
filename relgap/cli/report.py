"""`relgap report`: the reliability report of one or more runs, in the terminal and as files."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.config import FileConfig, find_config
from relgap.errors import ConfigError
from relgap.options import ReportOptions, validate_options
from relgap.report.defaults import MAX_TRANSCRIPTS


@app.command("report")
def report_command(
    run_dirs: Annotated[
        list[Path],
        typer.Argument(help="Run directories; several are combined (suites side by side)."),
    ],
    k: Annotated[
        int | None,
        typer.Option("--k", "-k", help="k of the tables [the largest k every model supports]."),
    ] = None,
    html: Annotated[
        Path | None, typer.Option("--html", help="Write a self-contained HTML report here.")
    ] = None,
    md: Annotated[
        Path | None, typer.Option("--md", help="Write a Markdown report (e.g. a job summary).")
    ] = None,
    json_out: Annotated[
        Path | None, typer.Option("--json", help="Write the statistics summary JSON here.")
    ] = None,
    bootstrap: Annotated[
        int, typer.Option("--bootstrap", help="Bootstrap resamples for the 95% CIs.")
    ] = 2000,
    seed: Annotated[int, typer.Option("--seed", help="Bootstrap seed.")] = 0,
    transcripts: Annotated[
        int, typer.Option("--transcripts", help="Failed-trial transcripts kept in the HTML.")
    ] = MAX_TRANSCRIPTS,
    config: Annotated[
        Path | None,
        typer.Option(
            "--config",
            help="Config file (default: ./relgap.toml if present): its k and its gates, "
            "judged as relgap gate judges them, head the report.",
        ),
    ] = None,
    baseline: Annotated[
        str | None,
        typer.Option("--baseline", "-b", help="Baseline run dir or saved name (regression gates)."),
    ] = None,
) -> None:
    """Capability (pass@k) vs reliability (pass^k) per model, with 95% CIs, and files."""
    validate_options(ReportOptions, {"k": k, "bootstrap": bootstrap, "transcripts": transcripts})
    from relgap.gate import resolve_baseline
    from relgap.report import build_report, render_terminal, write_report_files
    from relgap.store import load

    file = find_config(config) or FileConfig()
    base_frame = load(resolve_baseline(baseline)) if baseline else None
    try:
        data = build_report(
            list(run_dirs),
            k=file.k if k is None else k,
            bootstrap=bootstrap,
            seed=seed,
            max_transcripts=transcripts,
            gates=file.gates,
            baseline=base_frame,
        )
    except ConfigError as exc:
        if k is None and file.k is not None and str(exc).startswith(f"--k {file.k} "):
            raise ConfigError(f"{exc} (k = {file.k} comes from the config file)") from exc
        raise
    console = result_console()
    console.print(render_terminal(data))
    for path in write_report_files(data, html=html, md=md, json=json_out):
        console.print(f"Wrote {path}", soft_wrap=True, markup=False)  # paths stay whole
