from __future__ import annotations

import json
import warnings

import pytest

from relgap.errors import StoreError
from relgap.records import Outcome, StopReason, TrialRecord
from relgap.store import RunDir, TruncatedLogWarning, load


def make_record(
    task: str = "t1", trial: int = 0, outcome: Outcome = Outcome.PASS, **kw
) -> TrialRecord:
    base = dict(
        run_id="r1", suite="s", task_id=task, tier=1, model="sim/fast", family="sim/fast",
        simulated=True, trial=trial, seed=1, outcome=outcome, passed=outcome is Outcome.PASS,
        score=1.0 if outcome is Outcome.PASS else 0.0, stop_reason=StopReason.COMPLETED,
        started_at="2026-01-01T00:00:00Z", finished_at="2026-01-01T00:00:01Z",
    )  # fmt: skip
    base.update(kw)
    return TrialRecord(**base)


def test_append_then_load_round_trips(tmp_path):
    rd = RunDir.create(tmp_path / "run", {"run_id": "r1"})
    with rd:
        rd.append(make_record("t1", 0))
        rd.append(make_record("t1", 1, Outcome.FAIL, failed_checks=["wrong_size"]))
    frame = load(tmp_path / "run")
    assert list(frame["trial"]) == [0, 1]
    assert list(frame["outcome"]) == ["pass", "fail"]
    assert frame.loc[1, "failed_checks"] == ["wrong_size"]
    assert frame["cost_usd"].isna().all()


def test_torn_last_line_is_dropped_with_a_warning_and_appends_continue(tmp_path):
    rd = RunDir.create(tmp_path / "run", {"run_id": "r1"})
    with rd:
        rd.append(make_record("t1", 0))
    log = tmp_path / "run" / "trials.jsonl"
    with log.open("a") as fh:
        fh.write(make_record("t1", 1).model_dump_json()[:57])  # killed mid-write
    with pytest.warns(TruncatedLogWarning):
        assert len(RunDir.open(tmp_path / "run").records()) == 1
    rd = RunDir.open(tmp_path / "run")
    with pytest.warns(TruncatedLogWarning), rd:
        rd.append(make_record("t1", 1))
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        records = RunDir.open(tmp_path / "run").records()
    assert sorted(r.trial for r in records) == [0, 1]
    assert all(json.loads(line) for line in log.read_text().splitlines())


def test_a_rerun_error_trial_is_superseded_by_its_later_record(tmp_path):
    rd = RunDir.create(tmp_path / "run", {"run_id": "r1"})
    with rd:
        rd.append(
            make_record("t1", 0, Outcome.ERROR, error="429", stop_reason=StopReason.INFRA_ERROR)
        )
        rd.append(make_record("t1", 0, Outcome.PASS))
    records = rd.records()
    assert len(records) == 1 and records[0].outcome is Outcome.PASS


def test_open_rejects_missing_and_foreign_directories(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        RunDir.open(tmp_path / "nope")
    (tmp_path / "empty").mkdir()
    with pytest.raises(StoreError, match="not a relgap run directory"):
        RunDir.open(tmp_path / "empty")


def test_corrupt_lines_are_reported_with_file_and_line(tmp_path):
    rd = RunDir.create(tmp_path / "run", {"run_id": "r1"})
    with rd:
        rd.append(make_record())
    log = tmp_path / "run" / "trials.jsonl"
    log.write_text(log.read_text() + "{not json}\n")
    with pytest.raises(StoreError, match=r"trials.jsonl: line 2: invalid JSON"):
        rd.records()
    bad = make_record().model_dump(mode="json")
    bad["score"] = 3
    log.write_text(json.dumps(bad) + "\n")
    with pytest.raises(StoreError, match=r"line 1: key 'score'"):
        rd.records()


def test_create_refuses_to_overwrite_a_run(tmp_path):
    RunDir.create(tmp_path / "run", {"run_id": "r1"})
    with pytest.raises(StoreError, match="already holds a run"):
        RunDir.create(tmp_path / "run", {"run_id": "r2"})


def test_loading_the_same_run_twice_is_refused(tmp_path):
    import shutil

    rd = RunDir.create(tmp_path / "run", {"run_id": "r1"})
    with rd:
        rd.append(make_record())
    shutil.copytree(tmp_path / "run", tmp_path / "copy")
    with pytest.raises(StoreError, match="same run"):
        load(tmp_path / "run", tmp_path / "copy")
    with pytest.raises(StoreError, match="same run"):
        load(tmp_path / "run", tmp_path / "run")
