"""SIGKILL in the middle of a run, then the same command again: every trial exactly once."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections import Counter

import pytest

from relgap.store import RunDir


def test_run_killed_with_sigkill_resumes_without_loss_or_duplicates(tmp_path):
    out = tmp_path / "run"
    cmd = [
        sys.executable, "-m", "relgap", "run", "food_order", "-m", "sim/fast", "-m", "sim/reasoner-high",
        "-n", "12", "-c", "8", "-o", str(out),
    ]  # fmt: skip
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    log = out / "trials.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if log.exists() and log.stat().st_size > 200_000:
            break
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    killed_at = len(log.read_bytes().split(b"\n")) - 1
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "running"  # killed: no chance to say otherwise
    total = manifest["config"]["trials"] * 2 * len(manifest["task_ids"])
    assert 0 < killed_at < total, "the kill must land mid-run"

    subprocess.run(
        cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300
    )
    lines = log.read_text().splitlines()
    assert all(json.loads(line) for line in lines)  # no torn line left behind
    keys = Counter((r["model"], r["task_id"], r["trial"]) for r in map(json.loads, lines))
    assert len(keys) == total and max(keys.values()) == 1
    assert len(RunDir.open(out).records()) == total
    assert json.loads((out / "manifest.json").read_text())["status"] == "complete"


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["SIGINT", "SIGTERM"])
def test_sigint_or_sigterm_stops_cleanly_and_the_run_resumes(tmp_path, sig):
    out = tmp_path / "run"
    cmd = [
        sys.executable,
        "-m",
        "relgap",
        "run",
        "food_order",
        "-m",
        "sim/fast",
        "-n",
        "12",
        "-c",
        "4",
        "-o",
        str(out),
    ]
    proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    log = out / "trials.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (log.exists() and log.stat().st_size > 100_000):
        time.sleep(0.01)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130 and "interrupted" in err and "Traceback" not in err
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["status"] == "interrupted"
    done = len(RunDir.open(out).records())
    total = 12 * len(manifest["task_ids"])
    assert 0 < done < total
    subprocess.run(
        cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=300
    )
    keys = Counter((r.task_id, r.trial) for r in RunDir.open(out).records())
    assert len(keys) == total and max(keys.values()) == 1
