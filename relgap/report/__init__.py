"""Reliability reports: terminal (rich), Markdown and one self-contained HTML file.

All formats render one :class:`ReportData`, built once by :func:`build_report` from the
statistics module's summary, so their numbers never disagree.
"""

from relgap.report.html import render_html
from relgap.report.markdown import render_markdown
from relgap.report.model import ReportData, build_report
from relgap.report.terminal import render_terminal
from relgap.report.write import summary_json, write_report_files, write_reports

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
