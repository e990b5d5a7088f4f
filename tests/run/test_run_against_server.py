"""The runner under load and faults, through the real OpenAI SDK against `relgap serve`."""

from __future__ import annotations

import asyncio
from collections import Counter

import httpx
import pytest

from relgap.records import Outcome
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.server import serve_in_subprocess, serve_in_thread
from relgap.store import RunDir, load

TASKS = [
    "fo-t1-001",
    "fo-t1-002",
    "fo-t2-001",
    "fo-t2-002",
    "fo-t3-001",
    "fo-t3-002",
    "fo-t4-001",
    "fo-t4-002",
]


def run(config: RunConfig, out):
    return asyncio.run(Runner(config, str(out)).run_async())


def test_thirty_percent_faults_change_no_outcome(tmp_path):
    """429s, 500s and timeouts on 30% of calls: every trial is recorded once, none is an
    error, and each trial's outcome equals the fault-free run's (same trial seeds)."""
    common = dict(suite="food_order", models=["openai/sim-fast"], trials=3, task_ids=TASKS, concurrency=8,
                  retry_base_delay_s=0.01, max_retries=30, call_timeout_s=1.0)  # fmt: skip
    with serve_in_thread(
        fault_rate=0.3, faults="429,500,timeout", slow_seconds=3.0, retry_after_s=0.05
    ) as server:
        faulty = run(RunConfig(base_url=server.openai_base_url, **common), tmp_path / "faulty")
        faults = Counter(r["fault"] for r in server.requests())
    with serve_in_thread() as server:
        clean = run(RunConfig(base_url=server.openai_base_url, **common), tmp_path / "clean")
    assert faults["429"] and faults["500"] and faults["timeout"]
    assert faulty.retries >= sum(faults[f] for f in ("429", "500", "timeout"))
    assert faulty.errors == 0 and faulty.done == clean.done == 3 * len(TASKS)
    records = RunDir.open(tmp_path / "faulty").records()
    assert len({r.key for r in records}) == len(records) == 3 * len(TASKS)
    a = load(tmp_path / "faulty").sort_values(["task_id", "trial"])
    b = load(tmp_path / "clean").sort_values(["task_id", "trial"])
    assert a["passed"].tolist() == b["passed"].tolist()
    assert 0 < a["passed"].mean() < 1
    assert not (a["outcome"] == Outcome.ERROR.value).any()


@pytest.mark.parametrize("client_rpm", [None, 360])
def test_client_pacing_keeps_under_the_server_rate_limit(tmp_path, client_rpm):
    """The server allows 360 requests per minute, counted over a 12 s sliding window (72 per
    12 s: a minute scaled down so the test takes seconds). Unpaced, the burst runs into 429s;
    paced by --rpm 360, not one 429 is seen."""
    with serve_in_subprocess("--rpm", "360", "--rate-window", "12", "--retry-after", "0.2") as url:
        config = RunConfig(suite="food_order", models=["openai/sim-oracle"], trials=1, task_ids=TASKS,
                           base_url=f"{url}/v1", concurrency=16, rpm=client_rpm,
                           retry_base_delay_s=0.05, max_retries=50)  # fmt: skip
        progress = run(config, tmp_path / "run")
        entries = httpx.get(f"{url}/_relgap/requests").json()
    statuses = Counter(r.get("status") for r in entries)
    calls = sum(statuses.values())
    errors = [(r.task_id, r.error) for r in RunDir.open(tmp_path / "run").records() if r.error]
    assert progress.passed == len(TASKS) and not errors, errors
    assert calls > 72, "the workload must exceed one window's allowance"
    if client_rpm is None:
        assert statuses[429] > 0
    else:
        assert statuses[429] == 0
