"""`relgap report` and `write_reports`: files written, usage errors exit with code 2."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from report_helpers import make_records, write_run

import relgap.cli.report  # noqa: F401  (registers the command, as relgap.cli.commands will)
from relgap.cli import main
from relgap.report import write_reports


def test_write_reports_api(run_dir: Path, tmp_path: Path) -> None:
    paths = write_reports(
        run_dir, html=tmp_path / "r.html", md=tmp_path / "sub" / "r.md", k=2, bootstrap=100
    )
    assert paths == [tmp_path / "r.html", tmp_path / "sub" / "r.md"]
    assert "pass^2" in paths[1].read_text()
    assert paths[0].read_text().startswith("<!DOCTYPE html>")


def test_cli_prints_and_writes(run_dir: Path, tmp_path: Path, capsys) -> None:
    out = tmp_path / "out"
    main(["report", str(run_dir), "--k", "3", "--bootstrap", "100",
          "--html", str(out / "r.html"), "--md", str(out / "r.md"),
          "--json", str(out / "s.json")])  # fmt: skip
    printed = capsys.readouterr().out
    assert "sim/reasoner-high" in printed and "pass^3" in printed and "SIMULATED" in printed
    assert f"Wrote {out / 'r.html'}" in printed
    summary = json.loads((out / "s.json").read_text())
    assert summary["report_k"] == 3
    assert "At k=3," in (out / "r.md").read_text()


def test_cli_combines_runs(tmp_path: Path, capsys) -> None:
    a = write_run(tmp_path / "a", make_records("run-a", models=("sim/fast",), seed=1))
    b = write_run(tmp_path / "b", make_records("run-b", models=("sim/fast",), seed=2))
    main(["report", str(a), str(b), "--bootstrap", "0", "--json", str(tmp_path / "s.json")])
    summary = json.loads((tmp_path / "s.json").read_text())
    assert summary["groups"][0]["n_trials"] == 96
    assert "run-a" in capsys.readouterr().out


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--k", "9"], "--k 9 is more than"),
        (["--k", "0"], "at least 1"),
    ],
)
def test_cli_bad_k_exits_2(run_dir: Path, capsys, args: list[str], message: str) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", str(run_dir), "--bootstrap", "0", *args])
    assert exc.value.code == 2
    assert message in capsys.readouterr().err


def test_cli_reports_different_suites_side_by_side(tmp_path: Path, capsys) -> None:
    a = write_run(tmp_path / "a", make_records("run-a", models=("sim/fast",)))
    b = write_run(
        tmp_path / "b", make_records("run-b", suite="other", models=("sim/fast",)), suite="other"
    )
    main(["report", str(a), str(b), "--bootstrap", "0", "--html", str(tmp_path / "r.html")])
    html = (tmp_path / "r.html").read_text()
    assert "food_order · sim/fast" in html and "other · sim/fast" in html


def test_cli_missing_run_dir_exits_2(tmp_path: Path, capsys) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["report", str(tmp_path / "missing")])
    assert exc.value.code == 2
    assert "does not exist" in capsys.readouterr().err
