"""`relgap run` says in the CI log what happened to the run, not only in a table cell."""

from __future__ import annotations

import pytest

from relgap.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    code = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = int(exc.code or 0)
    out, err = capsys.readouterr()
    return code, out, err


@pytest.mark.parametrize("github", [False, True])
def test_a_budget_stop_prints_a_banner_on_stderr(capsys, tmp_path, monkeypatch, github):
    if github:
        monkeypatch.setenv("GITHUB_ACTIONS", "true")
    else:
        monkeypatch.delenv("GITHUB_ACTIONS", raising=False)
    out = str(tmp_path / "run")
    code, _, err = run_cli(
        capsys, "run", "food_order", "-m", "sim/fast", "-n", "2", "--tier", "1",
        "--budget", "0.01", "-o", out,
    )  # fmt: skip
    assert code == 0
    line = next(x for x in err.splitlines() if "budget" in x)
    assert "stopped by its budget of $0.01" in line and "of 36 trials recorded" in line
    assert "run the same command with a larger --budget" in line
    assert line.startswith("::warning title=relgap run stopped by its budget::") == github


def test_a_complete_run_prints_no_banner(capsys, tmp_path):
    out = str(tmp_path / "run")
    code, _, err = run_cli(
        capsys, "run", "food_order", "-m", "sim/fast", "-n", "1", "--tier", "1",
        "--budget", "100", "-o", out,
    )  # fmt: skip
    assert code == 0 and "budget" not in err
