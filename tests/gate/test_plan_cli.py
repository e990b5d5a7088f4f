"""`relgap plan` on the command line: both drop shapes, omega^2 given or from a pilot pair."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np
import pytest

from relgap.cli import main
from relgap.store.importers import import_csv


def run(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def _pilot(tmp_path: Path, name: str, rates: np.ndarray, n: int, seed: int) -> Path:
    rng = np.random.default_rng(seed)
    path = tmp_path / f"{name}.csv"
    with path.open("w", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["task_id", "trial", "passed", "model"])
        for t, p in enumerate(rates):
            for i in range(n):
                writer.writerow([f"t{t:03d}", i, int(rng.random() < p), name])
    out = tmp_path / f"run-{name}"
    import_csv(path, out)
    return out


def test_plan_prints_both_shapes_and_says_when_trials_cannot_help(capsys) -> None:
    assert run("plan", "--tasks", "64", "--trials", "26", "--k", "4", "--drop", "0.05") == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "spread over all tasks" in out and "concentrated on tasks that break" in out
    assert "none up to 1000 reaches it: add tasks" in out
    assert "No number of trials brings it below 0.063 with 64 tasks" in out
    assert "fewest trials in all" in out


def test_plan_with_omega2_from_a_pilot_pair(tmp_path: Path, capsys) -> None:
    rates = np.random.default_rng(1).beta(1.2, 0.6, 40)
    base = _pilot(tmp_path, "base", rates, 8, 2)
    broken = np.where(np.arange(40) % 4 == 0, 0.0, rates)
    cand = _pilot(tmp_path, "cand", broken, 8, 3)
    code = run("plan", "--tasks", "64", "--trials", "8", "--k", "2", "--omega2-from", str(base),
               "--omega2-from", str(cand))  # fmt: skip
    assert code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "with the given between-task variance of the change" in out
    assert "estimated from" in out and "over 40 tasks" in out
    assert (
        run("plan", "--tasks", "64", "--trials", "8", "--k", "2", "--omega2-from", str(base)) == 2
    )
    assert "exactly two groups" in capsys.readouterr().err


@pytest.mark.parametrize("bad", [["--omega2", "1.5"], ["--omega2", "0.1", "--omega2-from", "x"]])
def test_plan_refuses_bad_omega2(bad: list[str], capsys) -> None:
    assert run("plan", "--tasks", "64", "--trials", "8", "--k", "2", *bad) == 2
    assert "omega2" in capsys.readouterr().err
