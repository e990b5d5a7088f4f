"""Terminal, Markdown and JSON render the same numbers: those of the one summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from rich.console import Console

from relgap.report import build_report, render_markdown, render_terminal, summary_json
from relgap.report.fmt import pct, rate
from relgap.report.text import headline


@pytest.fixture(scope="module")
def data(run_dir: Path):
    return build_report([run_dir], bootstrap=200)


@pytest.fixture(scope="module")
def terminal(data) -> str:
    console = Console(width=160, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render_terminal(data))
    return console.export_text()


def test_markdown_headline_numbers_equal_summary(data) -> None:
    md = render_markdown(data)
    k = data.k
    for g in data.groups:
        at = g.raw["pass_at_k"][str(k)]["estimate"]
        hat = g.raw["pass_hat_k"][str(k)]["estimate"]
        line = next(x for x in md.splitlines() if x.startswith(f"- At k={k}, {g.label} "))
        nums = re.findall(r"(\d+)%(?: \(95% CI [^)]*\))? (?:of|every)", line)
        assert nums == [f"{100 * at:.0f}", f"{100 * hat:.0f}"], line
        assert "(SIMULATED)" in line


def test_markdown_table_has_cis_and_sim_labels(data) -> None:
    md = render_markdown(data)
    k = data.k
    g = data.groups[-1]
    e = g.raw["pass_hat_k"][str(k)]
    row = next(x for x in md.splitlines() if x.startswith(f"| {g.label} **SIMULATED**"))
    # 12 tasks: below where coverage is shown to hold, so every interval carries the mark.
    assert e["few_tasks"] is True
    assert f"{rate(e['estimate'])} ({rate(e['ci_low'])}–{rate(e['ci_high'])}*)" in row
    assert "fewer than 30 tasks" in md
    assert f"| {g.raw['n_error_trials']} |" in row
    assert md.count("**SIMULATED**") >= len(data.groups)
    assert "SIMULATED MODELS" in md
    assert "## Does reasoning narrow the gap?" in md
    assert "bootstrap" in md and "2107.03374" in md


def test_terminal_shows_every_model_and_the_numbers(data, terminal: str) -> None:
    k = data.k
    for g in data.groups:
        assert g.model in terminal
        hat = g.raw["pass_hat_k"][str(k)]
        assert rate(hat["estimate"]) in terminal
        assert f"{rate(hat['ci_low'])}–{rate(hat['ci_high'])}" in terminal
    assert "SIMULATED" in terminal
    assert f"pass^{k}" in terminal
    assert "Flakiest tasks" in terminal
    assert "Does reasoning narrow the gap?" in terminal


def test_terminal_and_markdown_agree_on_headlines(data, terminal: str) -> None:
    md = render_markdown(data)
    for g in data.groups:
        sentence = headline(g, data.k)
        at = pct(g.raw["pass_at_k"][str(data.k)]["estimate"])
        assert sentence and f"{g.label} (SIMULATED) succeeds on {at}" in sentence
        assert sentence in md
        assert sentence in " ".join(terminal.split())


def test_json_is_the_summary(data) -> None:
    loaded = json.loads(summary_json(data))
    assert loaded["schema"] == "relgap.stats/1"
    assert loaded["report_k"] == data.k
    assert loaded["groups"] == json.loads(json.dumps(data.summary["groups"]))
    assert len(loaded["comparisons"]) == len(data.sweeps)


def test_markdown_escapes_table_breakers(tmp_path: Path) -> None:
    from relgap.report.markdown import md_escape

    assert md_escape("a|b<script>\n</b> p<0.05") == "a\\|b&lt;script> &lt;/b> p<0.05"
