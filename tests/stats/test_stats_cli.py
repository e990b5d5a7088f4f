"""`relgap stats` and `relgap import` through relgap.cli.main."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgap.cli import main
from relgap.cli import stats as _stats  # noqa: F401  (registers the commands)
from relgap.records import Outcome, StopReason, TrialRecord
from relgap.stats import StatsSummary
from relgap.store import RunDir


def make_run(path: Path, model: str, rates: dict[str, int], trials: int = 4) -> Path:
    """A run directory where task ``t`` passes its first ``rates[t]`` trials."""
    rd = RunDir.create(path, {"run_id": path.name, "config": {"suite": "demo"}})
    with rd:
        for task, passes in rates.items():
            for trial in range(trials):
                passed = trial < passes
                error = task == "t3" and trial == trials - 1
                rd.append(
                    TrialRecord(
                        run_id=path.name, suite="demo", task_id=task, tier=1, model=model,
                        family=model, simulated=model.startswith("sim/"), trial=trial, seed=0,
                        outcome=Outcome.ERROR if error else (Outcome.PASS if passed else Outcome.FAIL),
                        passed=passed and not error, score=float(passed), stop_reason=
                        StopReason.INFRA_ERROR if error else StopReason.COMPLETED,
                        cost_usd=0.01, started_at="2026-01-01T00:00:00",
                        finished_at="2026-01-01T00:00:01",
                    )
                )  # fmt: skip
    return path


@pytest.fixture
def runs(tmp_path: Path) -> tuple[Path, Path]:
    a = make_run(tmp_path / "a", "sim/fast", {"t0": 4, "t1": 2, "t2": 0, "t3": 3})
    b = make_run(tmp_path / "b", "other", {"t0": 4, "t1": 4, "t2": 1, "t3": 1})
    return a, b


def test_stats_table(runs, capsys):
    main(["stats", str(runs[0]), str(runs[1]), "--bootstrap", "200"])
    out = capsys.readouterr().out
    assert "capability vs reliability" in out
    assert "sim/fast" in out and "SIMULATED" in out and "other" in out
    assert "pass^k" in out and "retention" in out and "ICC" in out
    assert "1 err" in out


def test_stats_json_pools_run_dirs_and_follows_the_contract(runs, capsys):
    main(["stats", str(runs[0]), str(runs[1]), "--json", "--k", "3", "--bootstrap", "100",
          "--seed", "4", "--compare"])  # fmt: skip
    result = json.loads(capsys.readouterr().out)
    StatsSummary.model_validate(result)
    assert result["seed"] == 4 and result["bootstrap"] == 100
    assert [g["model"] for g in result["groups"]] == ["other", "sim/fast"]
    fast = result["groups"][1]
    assert fast["n_error_trials"] == 1  # the last trial of t3
    assert fast["k_max"] == 3
    assert fast["pass_hat_k"]["3"]["n_tasks_used"] == 4
    assert len(result["comparisons"]) == 1


def test_stats_on_an_unreadable_run_dir_exits_2_with_one_line(tmp_path, capsys):
    (tmp_path / "broken").mkdir()
    (tmp_path / "broken" / "manifest.json").write_text("{nope")
    for target in (tmp_path / "missing", tmp_path / "broken"):
        with pytest.raises(SystemExit) as info:
            main(["stats", str(target)])
        assert info.value.code == 2
        err = capsys.readouterr().err
        assert err.startswith("relgap: error:") and err.count("\n") == 1


def test_import_commands(tmp_path, capsys):
    src = tmp_path / "results.json"
    src.write_text(json.dumps([
        {"task_id": t, "trial": i, "reward": float((t + i) % 2), "info": {}, "traj": []}
        for t in range(3) for i in range(2)
    ]))  # fmt: skip
    main(["import", "tau-bench", str(src), "--out", str(tmp_path / "tau"), "--model", "m"])
    assert "Imported 6 trials" in capsys.readouterr().out
    csv = tmp_path / "t.csv"
    csv.write_text("task_id,trial,passed\na,0,1\na,1,0\n")
    main(["import", "csv", str(csv), "--out", str(tmp_path / "csv")])
    main(["stats", str(tmp_path / "tau"), str(tmp_path / "csv"), "--json", "--bootstrap", "50"])
    out = capsys.readouterr().out
    result = json.loads(out[out.index("{") :])
    assert {g["suite"] for g in result["groups"]} == {"tau-bench", "imported"}
    with pytest.raises(SystemExit) as info:
        main(["import", "csv", str(csv), "--out", str(tmp_path / "csv")])
    assert info.value.code == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("task_id,passed\na,1\n")
    with pytest.raises(SystemExit) as info:
        main(["import", "csv", str(bad), "--out", str(tmp_path / "x")])
    assert info.value.code == 2
    assert "missing column" in capsys.readouterr().err
