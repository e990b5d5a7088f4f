"""Write the report files: HTML, Markdown and the summary JSON."""

from __future__ import annotations

import json as jsonlib
import os
from pathlib import Path

from relgap.errors import ConfigError
from relgap.report.data import MAX_TRANSCRIPTS, ReportData, build_report
from relgap.report.html import render_html
from relgap.report.markdown import render_markdown

PathLike = str | os.PathLike[str]


def summary_json(data: ReportData) -> str:
    """The statistics summary (``relgap.stats/1``, with the report's k and comparisons)."""
    return jsonlib.dumps(data.summary, indent=2, allow_nan=False, ensure_ascii=False) + "\n"


def _write(path: PathLike, content: str) -> Path:
    target = Path(path)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot write {target}: {exc.strerror or exc}") from exc
    return target


def write_report_files(
    data: ReportData,
    *,
    html: PathLike | None = None,
    md: PathLike | None = None,
    json: PathLike | None = None,
) -> list[Path]:
    """Write the requested formats of an already built report; returns the paths written."""
    renderers = ((html, render_html), (md, render_markdown), (json, summary_json))
    return [_write(path, render(data)) for path, render in renderers if path is not None]


def write_reports(
    run_dirs: PathLike | list[PathLike],
    *,
    html: PathLike | None = None,
    md: PathLike | None = None,
    json: PathLike | None = None,
    k: int | None = None,
    bootstrap: int = 2000,
    seed: int = 0,
    max_transcripts: int = MAX_TRANSCRIPTS,
) -> list[Path]:
    """Build the report of one or more run directories and write the requested files.

    Args:
        run_dirs: a run directory or a list of them (one suite or several).
        html: where to write the self-contained HTML report.
        md: where to write the Markdown report (fits a GitHub job summary).
        json: where to write the statistics summary JSON.
        k: the k of the tables; default the largest k every group supports.
        bootstrap: bootstrap resamples over tasks for the 95% intervals.
        seed: seed of the bootstrap.
        max_transcripts: failed trials whose transcripts the HTML shows.

    Returns:
        The paths written, in the order html, md, json.

    Raises:
        ConfigError: no trials, a bad ``k``, or an unwritable path.
        StoreError: a path is not a readable run directory.
    """
    dirs = [run_dirs] if isinstance(run_dirs, str | os.PathLike) else list(run_dirs)
    data = build_report(dirs, k=k, bootstrap=bootstrap, seed=seed, max_transcripts=max_transcripts)
    return write_report_files(data, html=html, md=md, json=json)
