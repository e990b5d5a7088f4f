"""`relgap demo --compute`: both suites on the simulated family, one report (offline)."""

from __future__ import annotations

from pathlib import Path

import pytest

from relgap.cli import main


@pytest.mark.slow
def test_demo_compute_runs_both_suites_and_reports_compute(tmp_path: Path, capsys) -> None:
    out = tmp_path / "demo"
    main(["demo", "--compute", "--trials", "2", "-o", str(out)])
    assert (out / "exact_answer" / "trials.jsonl").exists()
    assert (out / "food_order" / "trials.jsonl").exists()
    md = (out / "report.md").read_text()
    assert "## Test-time compute" in md and "on exact_answer and" in md
    printed = capsys.readouterr().out
    assert "SIMULATED" in printed and "Test-time compute" in printed
