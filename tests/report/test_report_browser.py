"""The HTML report in a real browser: no request leaves the page, every chart draws, script
in a transcript never runs, and no two text labels of a chart overlap at 1400 or 800 px
(headless Chromium over the DevTools protocol)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from report_browser import PageReport, find_chromium, inspect_page, text_layout
from report_helpers import budget_sweep_records, crowded_records, write_run

from relgap.report import build_report, render_html

CHROMIUM = find_chromium()

# CI (.ci/run sets up Chromium and runs with CI=true) must never skip these silently.
if CHROMIUM is None and os.environ.get("CI"):
    raise RuntimeError("CI=true but no headless Chromium was found: .ci/run installs it")

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        CHROMIUM is None,
        reason="headless Chromium not installed (apt-get install chromium); CI installs it",
    ),
]


@pytest.fixture(scope="module")
def loaded(run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PageReport]:
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "report.html"
    page.write_text(render_html(build_report([run_dir], bootstrap=200)), encoding="utf-8")
    assert CHROMIUM is not None
    report = inspect_page(page, CHROMIUM, tmp / "profile")
    (tmp / "report.png").write_bytes(report.screenshot)
    return page, report


def test_no_network_request(loaded: tuple[Path, PageReport]) -> None:
    page, report = loaded
    assert report.requests == [page.resolve().as_uri()]


def test_no_console_errors(loaded: tuple[Path, PageReport]) -> None:
    _, report = loaded
    assert report.console_errors == []


def test_every_chart_rendered(loaded: tuple[Path, PageReport]) -> None:
    _, report = loaded
    charts = report.probe["charts"]
    assert [c["id"] for c in charts] == [
        "chart-curves", "chart-sweep", "chart-heatmap", "chart-histogram", "chart-checks",
        "chart-cost", "chart-failures",
    ]  # fmt: skip
    for c in charts:
        assert c["width"] > 300 and c["height"] > 100, c
        assert c["elements"] >= 10, c


def test_transcript_script_does_not_run(loaded: tuple[Path, PageReport]) -> None:
    _, report = loaded
    for probe in (report.probe, report.probe_opened):
        assert probe["pwned"] == "undefined"
        assert "PWNED" not in probe["title"]
        assert probe["scripts"] == 0 and probe["images"] == 0
    assert report.probe_opened["trials"] > 0


def test_screenshot_saved(loaded: tuple[Path, PageReport], tmp_path_factory) -> None:
    page, report = loaded
    assert report.screenshot.startswith(b"\x89PNG\r\n\x1a\n")
    assert (page.parent / "report.png").stat().st_size > 10_000


@pytest.fixture(scope="module")
def pages(run_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("layout")
    crowded = write_run(tmp / "crowded", crowded_records())
    budgets = write_run(tmp / "budgets", budget_sweep_records())
    out = {}
    for name, run in (("three-models", run_dir), ("crowded", crowded), ("budgets", budgets)):
        out[name] = tmp / f"{name}.html"
        out[name].write_text(render_html(build_report([run], bootstrap=100)), encoding="utf-8")
    return out


@pytest.mark.parametrize("width", [1400, 800])
@pytest.mark.parametrize("name", ["three-models", "crowded", "budgets"])
def test_chart_labels_do_not_overlap(pages: dict[str, Path], name: str, width: int) -> None:
    assert CHROMIUM is not None
    page = pages[name]
    overlaps, shot = text_layout(page, CHROMIUM, page.parent / f"profile-{name}-{width}", width)
    (page.parent / f"{name}-{width}.png").write_bytes(shot)  # to look at when this fails
    assert shot.startswith(b"\x89PNG")
    assert overlaps == [], f"{len(overlaps)} overlapping labels, e.g. {overlaps[:6]}"
