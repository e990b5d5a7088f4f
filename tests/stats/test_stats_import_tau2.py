"""`relgap import tau2`: a published τ²-bench leaderboard row, reproduced from trajectories.

The row: GPT-5 on airline (web/leaderboard/public/submissions/gpt-5_sierra_2025-08-09 in
sierra-research/tau2-bench): pass^1..4 = 62.5, 55.33, 51, 48 % over 50 tasks x 4 trials,
mean agent cost $0.13399991125. The fixture is a results file in τ²-bench's own format
(``Results``: ``info``, ``tasks``, ``simulations`` of ``SimulationRun``), built here with
per-task pass counts that give exactly that row: 24 tasks pass 4 of 4, 6 pass 3, 4 pass 2,
3 pass 1 and 13 never. Two extra simulations ended in ``infrastructure_error``; τ²-bench
leaves those out, and so does relgap (as error trials).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgap.cli import main
from relgap.errors import ConfigError
from relgap.stats import summarize_dict as summarize
from relgap.store import load
from relgap.store.import_tau2 import import_tau2

ROW = {1: 62.5, 2: 55.33333333333332, 3: 51.0, 4: 48.0}
COST = 0.13399991125
PASSES = [4] * 24 + [3] * 6 + [2] * 4 + [1] * 3 + [0] * 13


def _sim(task: int, trial: int, passed: bool | None, cost: float) -> dict:
    reason = "infrastructure_error" if passed is None else ("user_stop" if passed else "max_steps")
    sim = {
        "id": f"sim-{task}-{trial}",
        "task_id": str(task),
        "timestamp": "2025-08-09T10:00:00",
        "start_time": "2025-08-09T10:00:00",
        "end_time": "2025-08-09T10:01:00",
        "duration": 60.0 + trial,
        "termination_reason": reason,
        "agent_cost": cost,
        "user_cost": 0.01,
        "trial": trial,
        "seed": 1000 + trial,
        "mode": "half_duplex",
        "messages": [
            {"role": "assistant", "content": "Hi! How can I help you today?", "turn_idx": 0},
            {"role": "user", "content": "I want to change my flight.", "turn_idx": 1},
            {
                "role": "assistant",
                "content": None,
                "tool_calls": [
                    {
                        "id": "c1",
                        "name": "get_reservation_details",
                        "arguments": {"reservation_id": "ABC123"},
                        "requestor": "assistant",
                    }
                ],
                "turn_idx": 2,
            },
            {"role": "tool", "id": "c1", "content": "{...}", "turn_idx": 3},
        ],
    }
    if passed is not None:
        sim["reward_info"] = {
            "reward": 1.0 if passed else 0.0,
            "db_check": {"db_match": passed, "db_reward": 1.0 if passed else 0.0},
            "action_checks": [],
            "reward_basis": ["DB", "COMMUNICATE"],
            "reward_breakdown": {"DB": 1.0 if passed else 0.0, "COMMUNICATE": 1.0},
        }
    return sim


def tau2_results(path: Path) -> Path:
    sims = []
    for task, passes in enumerate(PASSES):
        for trial in range(4):
            offset = 0.01 if (task + trial) % 2 else -0.01  # costs vary, the mean is COST
            sims.append(_sim(task, trial, trial < passes, COST + offset))
    sims += [_sim(7, 4, None, 0.0), _sim(31, 4, None, 0.0)]
    results = {
        "timestamp": "2025-08-09T09:00:00",
        "info": {
            "git_commit": "0000000",
            "num_trials": 4,
            "max_steps": 200,
            "max_errors": 10,
            "user_info": {
                "implementation": "user_simulator",
                "llm": "gpt-4.1-2025-04-14",
                "llm_args": {"temperature": 0.0},
            },
            "agent_info": {
                "implementation": "llm_agent",
                "llm": "gpt-5",
                "llm_args": {"reasoning_effort": "high"},
            },
            "environment_info": {"domain_name": "airline", "policy": "# Airline policy"},
            "seed": 300,
        },
        "tasks": [{"id": str(t), "user_scenario": {"instructions": "..."}} for t in range(50)],
        "simulations": sims,
    }
    path.write_text(json.dumps(results), encoding="utf-8")
    return path


def test_import_reproduces_the_published_leaderboard_row(tmp_path: Path) -> None:
    result = import_tau2(tau2_results(tmp_path / "results.json"), tmp_path / "run")
    assert (result.n_trials, result.n_tasks, result.n_error_trials) == (202, 50, 2)
    assert result.models == ("gpt-5",)
    frame = load(tmp_path / "run")
    assert set(frame["suite"]) == {"tau2-airline"}
    g = summarize(frame, bootstrap=200)["groups"][0]
    assert g["k_max"] == 4 and g["n_error_trials"] == 2
    for k, published in ROW.items():
        assert 100 * g["pass_hat_k"][str(k)]["estimate"] == pytest.approx(published, abs=1e-9)
        assert g["pass_hat_k"][str(k)]["n_tasks_used"] == 50
    valid = frame[frame["outcome"] != "error"]
    assert valid["cost_usd"].mean() == pytest.approx(COST, abs=1e-12)
    assert set(valid.loc[~valid["passed"], "stop_reason"]) == {"max_steps"}
    # Beside it, errors counted as failures (a k=4 window then includes the error trial).
    assert g["errors_as_failures"]["pass_hat_k"]["1"] < g["pass_hat_k"]["1"]["estimate"]


def test_directory_format_and_the_cli(tmp_path: Path, capsys) -> None:
    data = json.loads(tau2_results(tmp_path / "mono.json").read_text())
    run = tmp_path / "voice-run"
    (run / "simulations").mkdir(parents=True)
    for sim in data.pop("simulations"):
        (run / "simulations" / f"{sim['id']}.json").write_text(json.dumps(sim))
    (run / "results.json").write_text(json.dumps(data))
    main(["import", "tau2", str(run), "--out", str(tmp_path / "out"), "--model", "gpt-5-high"])
    assert "Imported 202 trials (50 tasks, 2 error trials)" in capsys.readouterr().out
    assert set(load(tmp_path / "out")["model"]) == {"gpt-5-high"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d.pop("info"), "not a τ²-bench results file"),
        (lambda d: d["simulations"][3].pop("reward_info"), r"simulations\[3\]: key 'reward_info'"),
        (lambda d: d["simulations"][5]["reward_info"].update(reward="high"), "reward"),
        (lambda d: d["simulations"].append(dict(d["simulations"][0])), "duplicate trial"),
    ],
)
def test_malformed_results_name_the_simulation_and_key(tmp_path: Path, mutate, message) -> None:
    path = tau2_results(tmp_path / "r.json")
    data = json.loads(path.read_text())
    mutate(data)
    path.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match=message):
        import_tau2(path, tmp_path / "run")
    assert not (tmp_path / "run" / "trials.jsonl").exists()
