"""A run whose process died (kill -9) reads as "interrupted", not "running"."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

from relgap.store import RunDir


def _run_dir(tmp_path, status: str) -> RunDir:
    return RunDir.create(tmp_path / "run", {"run_id": "r1", "status": status})


def test_running_without_a_live_writer_is_interrupted(tmp_path):
    rd = _run_dir(tmp_path, "running")
    assert rd.status() == "interrupted"
    assert rd.manifest()["status"] == "running"  # reading never rewrites the manifest


def test_running_with_a_live_writer_is_running(tmp_path):
    rd = _run_dir(tmp_path, "running")
    lock = rd.lock()
    try:
        assert rd.status() == "running"
    finally:
        lock.close()
    assert rd.status() == "interrupted"


def test_other_statuses_are_kept(tmp_path):
    for status in ("complete", "stopped: budget", "interrupted"):
        rd = RunDir(tmp_path / status.replace(":", "").replace(" ", "-"))
        RunDir.create(rd.path, {"run_id": status, "status": status})
        assert rd.status() == status


def test_kill_9_then_stats_report_and_the_next_run_say_interrupted(tmp_path):
    out = tmp_path / "run"
    cmd = [sys.executable, "-m", "relgap", "run", "food_order", "-m", "sim/fast", "-n", "20",
           "-c", "4", "-o", str(out)]  # fmt: skip
    proc = subprocess.Popen(
        cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True
    )
    log = out / "trials.jsonl"
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and not (log.exists() and log.stat().st_size > 100_000):
        time.sleep(0.01)
    os.killpg(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    assert json.loads((out / "manifest.json").read_text())["status"] == "running"

    def relgap(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([sys.executable, "-m", "relgap", *args], capture_output=True,
                              text=True, timeout=300)  # fmt: skip

    stats = relgap("stats", str(out), "--bootstrap", "50")
    assert stats.returncode == 0
    assert "interrupted" in stats.stderr and "running" not in stats.stdout + stats.stderr
    report = relgap("report", str(out), "--md", str(tmp_path / "r.md"))
    assert report.returncode == 0
    md = (tmp_path / "r.md").read_text()
    assert "interrupted" in md and "running" not in md
    again = relgap("run", "food_order", "-m", "sim/fast", "-n", "1", "-o", str(out))  # resumes
    assert again.returncode == 0
    assert "was interrupted" in again.stdout + again.stderr
