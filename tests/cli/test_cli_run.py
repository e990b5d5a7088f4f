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


def test_the_run_summary_uses_the_config_k(capsys, tmp_path, monkeypatch):
    """The table `relgap run` prints ends on the same k as `relgap report` and `gate` (issue 11,
    item 6): the config's k when it sets one, else the largest k every task supports."""
    monkeypatch.chdir(tmp_path)
    args = ("run", "food_order", "-m", "sim/fast", "-n", "3", "--tasks", "fo-t1-001,fo-t1-002")
    code, out, _ = run_cli(capsys, *args, "-o", "plain")
    assert code == 0 and "pass^3" in out and "pass^2" not in out
    (tmp_path / "relgap.toml").write_text("k = 2\n")
    code, out, _ = run_cli(capsys, *args, "-o", "configured")
    assert code == 0 and "pass^2" in out and "pass^3" not in out


def test_a_run_whose_every_trial_errored_says_why(capsys, tmp_path):
    """An unreachable agent makes every trial an infrastructure error: the trials are recorded
    (a resume re-runs them) and the run ends with one line naming the first error."""
    out = tmp_path / "run"
    code, _, err = run_cli(
        capsys, "run", "food_order", "-m", "my-app", "--agent", "http://127.0.0.1:1/agent",
        "-n", "1", "--tasks", "fo-t1-001,fo-t1-002", "-o", str(out),
    )  # fmt: skip
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in err
    assert "all 2 trials ended in an infrastructure error" in lines[0]
    assert "unreachable" in lines[0]
    assert len((out / "trials.jsonl").read_text().splitlines()) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["-m", "nope/x"], "unknown model 'nope/x'"),
        (["-m", "sim/fast", "--variant", "effort=low,high"], "differ only by seed noise"),
    ],
)
def test_a_refused_run_prints_only_its_error(capsys, tmp_path, args, message):
    out = tmp_path / "run"
    code, stdout, stderr = run_cli(capsys, "run", "food_order", *args, "-n", "1", "-o", str(out))
    assert code == 2 and stdout == ""  # no empty progress bar above the error
    assert stderr.count("\n") == 1 and message in stderr
    assert not out.exists()
