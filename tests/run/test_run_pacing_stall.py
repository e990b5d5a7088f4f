"""--rpm holds in every sliding window as the server counts, even when the server stalls."""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import subprocess
import sys
import threading
from collections import Counter

import httpx

from relgap.run import limits
from relgap.run.config import RunConfig
from relgap.run.limits import SlidingWindow
from relgap.run.runner import Runner
from relgap.server.threaded import free_port, wait_healthy


class FakeClock:
    def __init__(self) -> None:
        self.now = 0.0

    def __call__(self) -> float:
        return self.now

    async def sleep(self, seconds: float) -> None:
        self.now += seconds


def test_a_request_holds_its_slot_until_a_window_after_it_ends():
    clock = FakeClock()
    window = SlidingWindow(3, 10.0, clock=clock, sleep=clock.sleep)

    async def scenario() -> float:
        async with contextlib.AsyncExitStack() as stack:
            for _ in range(3):  # three requests sent at t=0 ...
                await stack.enter_async_context(window.hold())
            clock.now = 5.0  # ... stalled at the server for 5 s
        async with window.hold():  # a 4th must wait until 10 s after they ended
            return clock.now

    assert asyncio.run(scenario()) >= 15.0


def _max_in_window(times: list[float], window: float) -> int:
    times = sorted(times)
    return max(sum(1 for u in times if t - window < u <= t) for t in times)


def test_rpm_holds_when_the_server_stalls(tmp_path, monkeypatch):
    """The server allows 120 requests a minute over a 3 s sliding window (6 per 3 s: a minute
    scaled down). Mid-run it is frozen (SIGSTOP) for 3 s, so requests queue in the kernel and
    the client's call timeout fires and retries. The server must still never count more than
    6 requests in any 3 s, nor answer one 429."""
    monkeypatch.setattr(limits, "RPM_WINDOW_S", 3.0)
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    cmd = [sys.executable, "-m", "relgap", "serve", "--port", str(port), "--rpm", "120",
           "--rate-window", "3", "--retry-after", "0.2"]  # fmt: skip
    server = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_healthy(url, timeout_s=60)

        def stall() -> None:
            threading.Event().wait(2.0)
            os.kill(server.pid, signal.SIGSTOP)
            threading.Event().wait(3.0)
            os.kill(server.pid, signal.SIGCONT)

        staller = threading.Thread(target=stall)
        config = RunConfig(suite="food_order", models=["openai/sim-oracle"], trials=1,
                           task_ids=["fo-t1-001", "fo-t1-002", "fo-t2-001", "fo-t2-002"],
                           base_url=f"{url}/v1", concurrency=8, rpm=120, call_timeout_s=1.0,
                           retry_base_delay_s=0.05, max_retries=50)  # fmt: skip
        staller.start()
        progress = asyncio.run(Runner(config, str(tmp_path / "run")).run_async())
        staller.join()
        entries = httpx.get(f"{url}/_relgap/requests").json()
    finally:
        server.kill()
        server.wait(timeout=10)
    statuses = Counter(e.get("status") for e in entries)
    assert progress.errors == 0 and progress.retries > 0  # the stall did bite
    assert statuses[429] == 0, statuses
    assert len(entries) > 12  # longer than two windows' allowance
    assert _max_in_window([e["time"] for e in entries], 3.0) <= 6
