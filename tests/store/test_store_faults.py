"""The store never duplicates or drops a trial: missing manifests, torn and untorn tails,
malformed manifests, unwritable paths and a full disk (injected, and a real small tmpfs)."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import subprocess
import uuid
from collections import Counter
from pathlib import Path

import pytest

from relgap.cli import main
from relgap.store import RunDir

RUN = ["run", "food_order", "-m", "sim/fast", "-n", "2", "--tier", "1"]


def cli(capsys, *args: str) -> tuple[int, str]:
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0), capsys.readouterr().err
    return 0, capsys.readouterr().err


def one_line(err: str) -> None:
    assert err.startswith("relgap: error: "), err
    assert err.count("\n") == 1 and "Traceback" not in err, err


def lines(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "trials.jsonl").read_text().splitlines()]


def keys(out: Path) -> Counter:
    return Counter((r["model"], r["variant"], r["task_id"], r["trial"]) for r in lines(out))


@pytest.fixture
def done(tmp_path, capsys):
    out = tmp_path / "run"
    assert cli(capsys, *RUN, "-o", str(out))[0] == 0
    return out


def test_trials_without_a_manifest_are_refused_not_re_run(done, capsys):
    before = (done / "trials.jsonl").read_bytes()
    (done / "manifest.json").unlink()
    code, err = cli(capsys, *RUN, "-o", str(done))
    assert code == 2 and "no manifest.json" in err
    one_line(err)
    assert (done / "trials.jsonl").read_bytes() == before


def test_a_last_record_missing_only_its_newline_is_kept(done, capsys):
    log = done / "trials.jsonl"
    count = len(lines(done))
    os.truncate(log, log.stat().st_size - 1)
    assert len(RunDir.open(done).records()) == count  # readers count it
    code, _ = cli(capsys, *RUN, "-o", str(done))
    assert code == 0
    assert log.read_bytes().endswith(b"}\n")
    assert len(lines(done)) == count and max(keys(done).values()) == 1  # nothing re-run


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"config": "oops"}, "key 'config' must be an object"),
        ({"run_id": None}, "key 'run_id'"),
        ({"task_ids": 5}, "key 'task_ids' must be a list"),
        ({"task_ids": [1, 2]}, "key 'task_ids'"),
    ],
)
def test_malformed_manifest_fields_are_one_line(done, capsys, change, message):
    path = done / "manifest.json"
    manifest = json.loads(path.read_text())
    manifest.update(change)
    if change.get("run_id", "") is None:
        del manifest["run_id"]
    path.write_text(json.dumps(manifest))
    before = (done / "trials.jsonl").read_bytes()
    for args in ([*RUN, "-o", str(done)], ["report", str(done)], ["stats", str(done)]):
        code, err = cli(capsys, *args)
        assert code == 2 and message in err, (args, err)
        one_line(err)
    assert (done / "trials.jsonl").read_bytes() == before
    assert json.loads(path.read_text()) == manifest  # a bad input corrupts nothing


def test_a_trial_log_that_is_a_directory_fails_before_any_trial(tmp_path, capsys):
    out = tmp_path / "run"
    (out / "trials.jsonl").mkdir(parents=True)
    code, err = cli(capsys, *RUN, "-o", str(out))
    assert code == 2 and "is a directory" in err
    one_line(err)


class _FullDisk:
    """A file handle whose disk fills up after ``room`` bytes: part of a write lands, then
    ENOSPC, as a real full disk does."""

    def __init__(self, fh, room: int) -> None:
        self.fh, self.room = fh, room

    def write(self, data: bytes) -> int:
        if len(data) > self.room:
            self.fh.write(data[: self.room])
            self.fh.flush()
            self.room = 0
            raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))
        self.room -= len(data)
        return self.fh.write(data)

    def __getattr__(self, name: str):
        return getattr(self.fh, name)


def test_disk_full_mid_run_is_one_line_and_loses_nothing(tmp_path, capsys, monkeypatch):
    out = tmp_path / "run"
    real_open_log = RunDir.open_log

    def open_log(self):
        fresh = self._fh is None
        real_open_log(self)
        if fresh:
            self._fh = _FullDisk(self._fh, room=20_000)

    monkeypatch.setattr(RunDir, "open_log", open_log)
    code, err = cli(capsys, *RUN, "-o", str(out))
    assert code == 2 and "disk full" in err
    one_line(err)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"].startswith("failed") and "disk full" in manifest["status"]
    written = lines(out)  # every line parses: the torn record was cut back
    assert len(written) > 0 and not list(out.glob("*.tmp"))
    monkeypatch.undo()
    assert cli(capsys, *RUN, "-o", str(out))[0] == 0
    assert set(keys(out).values()) == {1}
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


# -- a real small tmpfs (needs mount rights: root in a container) ------------------------------
@contextlib.contextmanager
def tmpfs(path: Path, size: str):
    path.mkdir(parents=True, exist_ok=True)
    proc = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size}", "tmpfs", str(path)],
        capture_output=True,
        check=False,
    )
    if proc.returncode:
        pytest.skip("cannot mount a tmpfs here")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], check=False)


def _fill(root: Path) -> None:
    with contextlib.suppress(OSError), (root / f"filler-{uuid.uuid4().hex}").open("wb") as fh:
        while True:
            fh.write(b"x" * 4096)
            fh.flush()


def test_a_real_full_disk(tmp_path, capsys, monkeypatch):
    with tmpfs(tmp_path / "small", "400k") as root:
        out = root / "run"
        code, err = cli(capsys, *RUN, "-n", "8", "-o", str(out))
        if code == 0:
            pytest.skip("the run fitted on the tmpfs")
        assert code == 2 and "disk full" in err
        one_line(err)
        assert "disk full" in json.loads((out / "manifest.json").read_text())["status"]
        assert not list(out.glob("*.tmp"))
        count = len(lines(out))
        _fill(root)
        code, err = cli(capsys, *RUN, "-n", "8", "-o", str(out))  # resume while still full
        assert code == 2 and "disk full" in err
        one_line(err)
        assert len(lines(out)) == count and set(keys(out).values()) == {1}
        assert not list(out.glob("*.tmp"))
        # a new run, an import and a baseline on the full disk: one line, nothing left behind
        code, err = cli(capsys, *RUN, "-o", str(root / "new"))
        assert code == 2 and "disk full" in err
        one_line(err)
        csv = tmp_path / "t.csv"
        csv.write_text("task_id,trial,passed\n" + "".join(f"t{i},0,1\n" for i in range(2000)))
        code, err = cli(capsys, "import", "csv", str(csv), "--out", str(root / "imp"))
        assert code == 2 and "disk full" in err
        one_line(err)
        assert not (root / "imp" / "manifest.json").exists()
        monkeypatch.setenv("RELGAP_BASELINES", str(root / "baselines"))
        code, err = cli(capsys, "baseline", "save", str(out), "nightly")
        assert code == 2 and "disk full" in err
        one_line(err)
        assert cli(capsys, "baseline", "list")[0] == 0
        assert "nightly" not in capsys.readouterr().out


def test_a_read_only_run_directory_fails_before_any_trial(tmp_path, capsys):
    with tmpfs(tmp_path / "ro", "4m") as root:
        out = root / "run"
        assert cli(capsys, *RUN, "-n", "1", "-o", str(out))[0] == 0
        before = (out / "trials.jsonl").read_bytes()
        subprocess.run(["mount", "-o", "remount,ro", str(root)], check=True)
        code, err = cli(capsys, *RUN, "-o", str(out))
        assert code == 2 and "Read-only file system" in err
        one_line(err)
        assert (out / "trials.jsonl").read_bytes() == before
        code, err = cli(capsys, *RUN, "-o", str(root / "new"))
        assert code == 2 and "Read-only file system" in err
        one_line(err)


def test_a_paid_trial_is_synced_to_disk_a_simulated_one_only_flushed(tmp_path, monkeypatch):
    from relgap.records import TrialRecord

    synced: list[int] = []
    real_fsync = os.fsync
    monkeypatch.setattr(os, "fsync", lambda fd: (synced.append(fd), real_fsync(fd))[1])
    rd = RunDir.create(tmp_path / "run", {"run_id": "r", "config": {}, "status": "running"})
    assert len(synced) == 1  # the manifest, before its rename
    base = {"run_id": "r", "suite": "s", "task_id": "t", "tier": 1, "model": "m", "family": "m",
            "trial": 0, "seed": 0, "outcome": "pass", "passed": True, "score": 1.0,
            "stop_reason": "completed", "started_at": "a", "finished_at": "b"}  # fmt: skip
    rd.append(TrialRecord.model_validate(base | {"simulated": True}))
    assert len(synced) == 1
    rd.append(TrialRecord.model_validate(base | {"simulated": False, "trial": 1}))
    assert len(synced) == 2
    rd.close()
    assert len(RunDir.open(tmp_path / "run").records()) == 2
