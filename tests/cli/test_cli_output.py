"""Without a terminal (a CI log, a pipe) tables print whole: no cell cut to "re" or "sim/reas…".

pytest's captured stdout is not a TTY, so rich would assume 80 columns here, as in CI.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from relgap.cli import main

# Long enough that an 80- or 160-column table must cut it (or a column next to it).
LONG = "anthropic/claude-sonnet-4-5-20250929-with-an-unusually-long-fine-tune-suffix-v2"
VARIANT = "effort=high,thinking_budget=16000"


@pytest.fixture(autouse=True)
def no_terminal_width(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("COLUMNS", raising=False)  # CI runners set none


@pytest.fixture(scope="module")
def long_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("long-names")
    rng = random.Random(3)
    rows = ["task_id,trial,passed,model,variant"]
    for model, variant in ((LONG, VARIANT), (LONG + "-b", "default")):
        for t in range(8):
            for trial in range(3):
                rows.append(f't{t},{trial},{int(rng.random() < 0.6)},{model},"{variant}"')
    (root / "trials.csv").write_text("\n".join(rows) + "\n")
    main(["import", "csv", str(root / "trials.csv"), "--out", str(root / "run")])
    return root / "run"


def _assert_whole(out: str, *words: str) -> None:
    assert "…" not in out, out
    for word in words:
        assert word in out, (word, out)


def test_models_table_is_whole(capsys: pytest.CaptureFixture[str]) -> None:
    main(["models"])
    _assert_whole(capsys.readouterr().out, "sim/reasoner-medium", "from --variant effort=...")


def test_stats_table_is_whole(long_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    main(["stats", str(long_run), "--bootstrap", "50"])
    out = capsys.readouterr().out
    _assert_whole(out, LONG, f"[{VARIANT}]", "retention", "flaky")
    assert max(len(line) for line in out.splitlines()) > 160  # it did need the room


def test_report_tables_are_whole(long_run: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    main(["report", str(long_run), "--bootstrap", "50"])
    out = capsys.readouterr().out
    _assert_whole(out, LONG, "retention", "$/success")
