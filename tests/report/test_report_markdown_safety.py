"""Markdown outputs (report, gate summary) cannot show an external image, make a link or
@mention anyone from a model, task or check name: they end up in CI job summaries."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_helpers import make_records, write_run

from relgap.cli import main
from relgap.report import build_report, render_markdown
from relgap.report.markdown import md_escape

IMAGE = "![t](https://evil.example/p.png)"
LINK = "[click](https://evil.example)"
MENTION = "@octocat"


def _unsafe(md: str) -> list[str]:
    """Link or image syntax with unescaped brackets, and live @mentions."""
    found = re.findall(r"(?<!\\)\[[^\]]*(?<!\\)\]\(", md)
    return found + re.findall(r"@(?:octocat|org/team)", md)


def test_md_escape_defuses_links_images_and_mentions():
    text = md_escape(f"{IMAGE} {LINK} {MENTION} @org/team a|b <img>")
    assert _unsafe(text) == []
    assert "\\|" in text and "&lt;img>" in text
    assert md_escape("sim/fast") == "sim/fast" and md_escape("p<0.001") == "p<0.001"


@pytest.fixture
def hostile_run(tmp_path: Path) -> Path:
    records = make_records("r", models=("sim/fast",), n_tasks=6)
    hostile = [
        r.model_copy(
            update={
                "model": f"{IMAGE} {MENTION}",
                "task_id": f"{LINK}-{r.task_id}",
                "failed_checks": [f"{MENTION} {IMAGE}"] if not r.passed else [],
            }
        )
        for r in records
    ]
    return write_run(tmp_path / "r", hostile)


def test_the_markdown_report_escapes_hostile_names(hostile_run: Path):
    md = render_markdown(build_report([hostile_run], bootstrap=0))
    assert "evil.example" in md  # the names are shown ...
    assert _unsafe(md) == []  # ... but render as text


def test_the_gate_summary_escapes_hostile_names(hostile_run: Path, tmp_path: Path):
    config = tmp_path / "g.toml"
    config.write_text('[[gates]]\nmetric = "pass_at_1"\nmin = 0.0\non = "estimate"\n')
    summary = tmp_path / "gate.md"
    try:
        main(["gate", str(hostile_run), "--config", str(config), "--md", str(summary)])
    except SystemExit as exc:
        assert exc.code in (0, None, 1)
    md = summary.read_text()
    assert "evil.example" in md and _unsafe(md) == []
