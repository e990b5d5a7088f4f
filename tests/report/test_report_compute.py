"""The "Test-time compute" section, from real simulated runs of both suites."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgap.report import build_report, render_html, render_markdown
from relgap.report.compute import terminal_lines
from relgap.report.write import summary_json
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.simulation import DEMO_MODELS
from relgap.suite.registry import get_suite


async def _run(path: Path, suite: str, tasks: list[str], models: list[str]) -> Path:
    config = RunConfig(suite=suite, models=models, trials=4, task_ids=tasks, concurrency=8)
    await Runner(config, str(path)).run_async()
    return path


@pytest.fixture(scope="module")
async def two_suites(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    root = tmp_path_factory.mktemp("compute")
    ea = [t.id for t in get_suite("exact_answer").tasks()[::4]]
    fo = [t.id for t in get_suite("food_order").tasks()[::2]]
    return [
        await _run(root / "ea", "exact_answer", ea, DEMO_MODELS),
        await _run(root / "fo", "food_order", fo, DEMO_MODELS),
    ]


async def test_section_compares_the_slopes_of_two_suites(two_suites: list[Path]) -> None:
    data = build_report(two_suites, bootstrap=200)
    compute = data.summary["compute"]
    assert {f["suite"] for f in compute["fits"]} == {"exact_answer", "food_order"}
    (diff,) = compute["differences"]
    assert diff["family"] == "sim/reasoner"
    for fit in compute["fits"]:
        tokens = [lvl["reasoning_tokens"] for lvl in fit["levels"]]
        assert [lvl["setting"] for lvl in fit["levels"]] == ["low", "medium", "high"]
        assert tokens == sorted(tokens) and tokens[0] > 0
    html = render_html(data)
    assert 'id="chart-compute"' in html and 'id="metric-choice"' in html
    assert "reasoning tokens / trial (log)" in html  # the log-x chart
    sentence = next(s for s in terminal_lines(compute) if "(difference" in s)
    assert "pts of pass^4 on exact_answer and" in sentence and "on food_order" in sentence
    assert "95% CI" in sentence and "(SIMULATED)" in sentence
    # Whether pass^k follows pass@1 up the curve, paired over the same tasks.
    assert any("climb" in s and "than pass@1" in s for s in terminal_lines(compute))
    assert all("pass_hat_k_minus_pass_at_1" in f for f in compute["fits"])
    md = render_markdown(data)
    # With two suites, each sweep verdict and chart line names its suite.
    assert "(exact_answer · sim/reasoner, reasoning effort low → high" in md
    assert "(food_order · sim/reasoner, reasoning effort low → high" in md
    assert "exact_answer · sim/reasoner (SIMULATED)" in html
    assert "## Test-time compute" in md and "### Metric choice" in md
    assert "built in" in md  # the narrowing-by-construction note for simulated models
    assert "accounts for" in md  # how much of the jump the partial score explains
    assert "$/reliable success" in md
    # `relgap report --json` carries the section's numbers under "compute".
    assert json.loads(summary_json(data))["compute"]["differences"][0]["family"] == "sim/reasoner"


async def test_no_sweep_no_section(two_suites: list[Path], tmp_path: Path) -> None:
    fast = await _run(tmp_path / "fast", "exact_answer", ["ea-arit-s1-01"], ["sim/fast"])
    data = build_report([fast], bootstrap=0)
    assert data.summary["compute"]["fits"] == []
    assert "chart-compute" not in render_html(data)
    assert "Test-time compute" not in render_markdown(data)


def test_section_draws_in_a_browser(two_suites: list[Path], tmp_path: Path) -> None:
    """Both charts of the section render (headless Chromium), with no request leaving."""
    from report_browser import find_chromium, inspect_page

    chromium = find_chromium()
    if chromium is None:
        pytest.skip("headless Chromium not installed (apt-get install chromium)")
    page = tmp_path / "report.html"
    page.write_text(render_html(build_report(two_suites, bootstrap=0)), encoding="utf-8")
    report = inspect_page(page, chromium, tmp_path / "profile")
    assert report.requests == [page.resolve().as_uri()] and report.console_errors == []
    (chart,) = [c for c in report.probe["charts"] if c["id"] == "chart-compute"]
    assert chart["width"] > 300 and chart["height"] > 150 and chart["elements"] > 50
