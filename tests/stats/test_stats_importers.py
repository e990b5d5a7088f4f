"""Importing τ-bench results and CSV files into run directories."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from relgap.errors import ConfigError, StoreError
from relgap.stats import summarize_dict as summarize
from relgap.store import RunDir, load
from relgap.store.importers import import_csv, import_tau_bench


def tau_results(tasks: int = 4, trials: int = 3) -> list[dict]:
    out = []
    for trial in range(trials):
        for task in range(tasks):
            reward = 1.0 if (task + trial) % 2 == 0 else 0.0
            info = {"reward_info": {"reward": reward, "info": {"r_actions": reward}}}
            out.append(
                {
                    "task_id": task,
                    "trial": trial,
                    "reward": reward if task != 3 else 1.0 - 1e-9,  # within tau-bench's 1e-6
                    "info": info,
                    "traj": [
                        {"role": "user", "content": "hi"},
                        {"role": "assistant", "content": "ok"},
                    ],
                }
            )
    out[-1]["info"] = {
        "error": "RateLimitError: 429 Too Many Requests\nTraceback ...",
        "traceback": "...",
    }
    out[-1]["reward"] = 0.0
    return out


def write_json(path: Path, data: object) -> Path:
    path.write_text(json.dumps(data))
    return path


def test_tau_bench_import_round_trips_through_the_store(tmp_path: Path):
    src = write_json(tmp_path / "results.json", tau_results())
    result = import_tau_bench(src, tmp_path / "run", model="gpt-x", suite="tau-retail")
    assert (result.n_trials, result.n_tasks, result.n_error_trials) == (12, 4, 1)
    frame = load(tmp_path / "run")
    assert len(frame) == 12
    assert set(frame["model"]) == {"gpt-x"} and set(frame["family"]) == {"gpt-x"}
    assert not frame["simulated"].any()
    assert frame.loc[frame["task_id"] == "3", "passed"].sum() == 2  # reward 1 - 1e-9 passes
    error = frame[frame["outcome"] == "error"]
    assert len(error) == 1 and error["stop_reason"].item() == "infra_error"
    assert error["error"].item() == "RateLimitError: 429 Too Many Requests"
    failed = frame[frame["outcome"] == "fail"]
    assert all(list(c) == ["final_state"] for c in failed["failed_checks"])
    record = RunDir.open(tmp_path / "run").records()[0]
    assert record.transcript[1]["role"] == "assistant" and record.steps == 1
    manifest = RunDir.open(tmp_path / "run").manifest()
    assert manifest["imported_from"]["format"] == "tau-bench"
    g = summarize(frame, bootstrap=100)["groups"][0]
    assert g["n_error_trials"] == 1 and g["suite"] == "tau-retail"


def test_tau_bench_errors_can_count_as_failures(tmp_path: Path):
    src = write_json(tmp_path / "results.json", tau_results())
    result = import_tau_bench(src, tmp_path / "run", errors_as_failures=True)
    assert result.n_error_trials == 0
    assert set(load(tmp_path / "run")["outcome"]) == {"pass", "fail"}


@pytest.mark.parametrize(
    ("mutate", "message"),
    [
        (lambda d: d[2].pop("reward"), "record 2: missing key 'reward'"),
        (lambda d: d[1].update(trial="x"), "record 1: key 'trial': expected int"),
        (lambda d: d[0].update(traj="oops"), "record 0: key 'traj'"),
        (lambda d: d[3].update(trial=-1), "record 3: key 'trial'"),
        (lambda d: d.append(dict(d[0])), "duplicate trial"),
        (lambda d: d.__setitem__(0, 5), "record 0: expected an object"),
    ],
)
def test_malformed_tau_bench_input_names_file_record_and_key(tmp_path: Path, mutate, message):
    data = tau_results()
    mutate(data)
    src = write_json(tmp_path / "bad.json", data)
    with pytest.raises(ConfigError, match=message) as info:
        import_tau_bench(src, tmp_path / "run")
    assert str(src) in str(info.value) and "\n" not in str(info.value)
    assert not (tmp_path / "run").exists()  # nothing half-written


def test_tau_bench_unreadable_or_not_a_list(tmp_path: Path):
    with pytest.raises(ConfigError, match="cannot read"):
        import_tau_bench(tmp_path / "missing.json", tmp_path / "run")
    bad = tmp_path / "bad.json"
    bad.write_text('[{"task_id": 1,\n "trial": }]')
    with pytest.raises(ConfigError, match="line 2: invalid JSON"):
        import_tau_bench(bad, tmp_path / "run")
    with pytest.raises(ConfigError, match="expected a JSON list"):
        import_tau_bench(write_json(tmp_path / "d.json", {"a": 1}), tmp_path / "run")


def test_import_refuses_an_existing_run(tmp_path: Path):
    src = write_json(tmp_path / "results.json", tau_results())
    import_tau_bench(src, tmp_path / "run")
    with pytest.raises(StoreError):
        import_tau_bench(src, tmp_path / "run")


CSV = """task_id,trial,passed,model,variant,score,suite,tier
a,0,true,m1,low,1.0,s,1
a,1,false,m1,low,0.5,s,1
b,0,1,m1,low,,s,2
b,1,0,m1,low,,s,2
a,0,yes,m2,,,s,1
a,1,no,m2,,,s,1
"""


def test_csv_import(tmp_path: Path):
    src = tmp_path / "trials.csv"
    src.write_text("\ufeff" + CSV)  # a BOM is fine
    result = import_csv(src, tmp_path / "run")
    assert result.models == ("m1", "m2") and result.n_trials == 6
    frame = load(tmp_path / "run")
    m1 = frame[frame["model"] == "m1"]
    assert set(m1["variant"]) == {"low"}
    assert set(frame.loc[frame["model"] == "m2", "variant"]) == {"default"}
    assert m1["score"].tolist() == [1.0, 0.5, 1.0, 0.0]
    assert m1["tier"].tolist() == [1, 1, 2, 2]
    assert frame["passed"].sum() == 3
    groups = summarize(frame, bootstrap=50)["groups"]
    assert [(g["model"], g["variant"]) for g in groups] == [("m1", "low"), ("m2", "default")]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("task_id,trial\na,0\n", "line 1: missing column"),
        ("task_id,trial,passed,pased\na,0,1,1\n", "unknown column"),
        ("task_id,trial,passed\na,0,maybe\n", "line 2: column 'passed'"),
        ("task_id,trial,passed\na,0,1\na,x,1\n", "line 3: column 'trial'"),
        ("task_id,trial,passed,score\na,0,1,1.5\n", "line 2: key 'score'"),
        ("task_id,trial,passed\na,0,1\na,0,0\n", "duplicate trial"),
        ("task_id,trial,passed,outcome\na,0,1,fail\n", "line 2: column 'outcome'"),
        ("task_id,trial,passed\n,0,1\n", "line 2: column 'task_id' is empty"),
    ],
)
def test_malformed_csv_names_file_line_and_column(tmp_path: Path, text: str, message: str):
    src = tmp_path / "bad.csv"
    src.write_text(text)
    with pytest.raises(ConfigError, match=message) as info:
        import_csv(src, tmp_path / "run")
    assert str(src) in str(info.value)


def test_csv_error_rows_become_error_trials(tmp_path: Path):
    src = tmp_path / "t.csv"
    src.write_text("task_id,trial,passed,outcome\na,0,1,pass\na,1,0,error\n")
    assert import_csv(src, tmp_path / "run").n_error_trials == 1
