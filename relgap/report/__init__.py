"""Reliability reports: terminal (rich), Markdown and one self-contained HTML file.

All formats render one :class:`ReportData`, built once by :func:`build_report` from the
statistics module's summary, so their numbers never disagree.

Importing the package is cheap: each name is imported from its module on first use, so
a light module (``relgap.report.defaults``) is reachable without pandas or the statistics.
"""

import typing as _typing

from relgap import _lazy

if _typing.TYPE_CHECKING:  # what type checkers see; at run time `__getattr__` imports
    from relgap.report.data import ReportData, build_report
    from relgap.report.html import render_html
    from relgap.report.markdown import render_markdown
    from relgap.report.terminal import render_terminal
    from relgap.report.write import summary_json, write_report_files, write_reports

# Public name -> its module, imported on first use (see relgap._lazy).
_EXPORTS: dict[str, str] = {
    "render_html": "relgap.report.html",
    "render_markdown": "relgap.report.markdown",
    "ReportData": "relgap.report.data",
    "build_report": "relgap.report.data",
    "render_terminal": "relgap.report.terminal",
    "summary_json": "relgap.report.write",
    "write_report_files": "relgap.report.write",
    "write_reports": "relgap.report.write",
}


def __getattr__(name: str) -> object:
    return _lazy.attribute(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return _lazy.names(__name__, _EXPORTS)


__all__ = [
    "ReportData",
    "build_report",
    "render_html",
    "render_markdown",
    "render_terminal",
    "summary_json",
    "write_report_files",
    "write_reports",
]
