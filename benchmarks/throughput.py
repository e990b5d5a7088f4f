"""Throughput of relgap's runner against `relgap serve`, and of Inspect AI on the same work.

Starts `relgap serve --latency-ms L` in its own process (so its CPU is not counted), then
runs each workload in a fresh worker process and prints what it measured:

- ``bare``: AsyncOpenAI calls under a semaphore: the ceiling any harness can reach;
- ``relgap-1``: relgap trials of one model call each (food-order trials cut at one step
  with ``max_steps=1``: environment, agent loop, grading and the JSONL store all included);
- ``relgap-multi``: complete multi-step food-order trials (sim-oracle, ~9 calls each);
- ``relgap-priced``: ``relgap-1`` with every trial priced from LiteLLM's bundled map (the
  served model priced as ``openai/gpt-4.1-mini``), the map loaded before the run as
  ``relgap run`` does;
- ``relgap-priced-import``: the same, pricing as relgap did before: litellm imported by the
  first priced trial, inside the run;
- ``inspect-1``: Inspect AI, one generate() per sample, same server, same concurrency.

Ideal rate = concurrency / latency. "relgap CPU per call" is the worker's user+system
CPU time divided by its model calls. Peak memory is the worker's maximum RSS.

    python benchmarks/throughput.py [--calls 2000] [--latency-ms 200] [--concurrency 16 64]
    (Inspect AI is optional: pip install inspect-ai)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from relgap.server import serve_in_subprocess


# -- workers (each runs in its own process) -----------------------------------------------
async def bare(url: str, calls: int, concurrency: int) -> dict:
    """The SDK alone: ``calls`` chat completions, ``concurrency`` at a time."""
    from openai import AsyncOpenAI

    client = AsyncOpenAI(base_url=f"{url}/v1", api_key="bench", max_retries=0)
    sem = asyncio.Semaphore(concurrency)

    ends: list[float] = []

    async def one(i: int) -> None:
        async with sem:
            await client.chat.completions.create(
                model="sim-fast", messages=[{"role": "user", "content": f"hello {i}"}]
            )
            ends.append(time.perf_counter())

    t0 = time.perf_counter()
    await asyncio.gather(*(one(i) for i in range(calls)))
    return {"seconds": time.perf_counter() - t0, "calls": calls, "trials": calls,
            "steady": steady_rate(ends, 1.0)}  # fmt: skip


def steady_rate(ends: list[float], calls_per_trial: float) -> float:
    """Calls/s between the 10th and the 90th percentile of completions.

    The rate once running, without start-up (client, imports, first connections) or the
    last wave.
    """
    ends = sorted(ends)
    lo, hi = len(ends) // 10, (9 * len(ends)) // 10
    if hi <= lo or ends[hi] <= ends[lo]:
        return float("nan")
    return (hi - lo) * calls_per_trial / (ends[hi] - ends[lo])


def _pricer(kind: str):  # type: ignore[no-untyped-def]
    """The price function of a priced workload (None for the others)."""
    from relgap.providers import pricing

    if kind == "relgap-priced":
        pricing.load_price_map()  # as `relgap run` does, before its first trial

        def price(model, usage):  # type: ignore[no-untyped-def]
            return pricing.price_usage("openai/gpt-4.1-mini", usage)

        return price
    if kind == "relgap-priced-import":

        def price_old(model, usage):  # type: ignore[no-untyped-def]
            import litellm  # what the first priced trial used to pay, inside the run

            entry = litellm.model_cost["gpt-4.1-mini"]
            return usage.input_tokens * entry["input_cost_per_token"]

        return price_old
    return None


def relgap_trials(url: str, calls: int, concurrency: int, multi: bool, kind: str = "") -> dict:
    """Relgap's runner: trials of one (or several) model calls against the server."""
    from relgap.run.config import RunConfig
    from relgap.run.runner import Runner
    from relgap.suite.registry import get_suite

    suite = get_suite("food_order")
    tasks = [t.id for t in suite.tasks()]
    steps = 9 if multi else 1  # the reference scripts average ~9 calls
    trials_wanted = max(1, calls // steps)
    per_task = max(1, -(-trials_wanted // len(tasks)))
    n_tasks = min(len(tasks), -(-trials_wanted // per_task))
    out = tempfile.mkdtemp(prefix="relgap-bench-")
    config = RunConfig(
        suite="food_order", models=["openai/sim-oracle"], trials=per_task, task_ids=tasks[:n_tasks],
        base_url=f"{url}/v1", concurrency=concurrency, max_steps=None if multi else 1,
    )  # fmt: skip
    os.environ.setdefault("OPENAI_API_KEY", "bench")
    t0 = time.perf_counter()
    ends: list[float] = []
    runner = Runner(
        config, out, price=_pricer(kind), on_record=lambda r: ends.append(time.perf_counter())
    )
    progress = asyncio.run(runner.run_async())  # includes building the SDK client
    seconds = time.perf_counter() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # before reading the log back
    with open(Path(out) / "trials.jsonl") as fh:
        calls = sum(json.loads(line)["usage"]["model_calls"] for line in fh)
    return {"seconds": seconds, "calls": calls, "trials": progress.done, "passed": progress.passed,
            "peak_rss_mib": peak, "steady": steady_rate(ends, calls / max(1, progress.done))}  # fmt: skip


def inspect_single(url: str, calls: int, concurrency: int) -> dict:
    """Inspect AI's eval loop making the same calls, for comparison."""
    from inspect_ai import Task, eval
    from inspect_ai.dataset import Sample
    from inspect_ai.solver import generate

    os.environ.setdefault("OPENAI_API_KEY", "bench")
    task = Task(
        dataset=[Sample(input=f"hello {i}", target="x") for i in range(calls)], solver=generate()
    )
    t0 = time.perf_counter()
    eval(task, model="openai/sim-fast", model_base_url=f"{url}/v1", model_args={"responses_api": False},
         max_connections=concurrency, max_samples=concurrency, display="none",
         log_dir=tempfile.mkdtemp(prefix="inspect-bench-"), max_retries=0)  # fmt: skip
    return {"seconds": time.perf_counter() - t0, "calls": calls, "trials": calls}


def worker(kind: str, url: str, calls: int, concurrency: int) -> None:
    """Run one workload in this process and print its numbers as JSON."""
    cpu0 = time.process_time()  # the workload's CPU only, not the imports before it
    if kind == "bare":
        result = asyncio.run(bare(url, calls, concurrency))
    elif kind == "inspect-1":
        result = inspect_single(url, calls, concurrency)
    else:
        result = relgap_trials(url, calls, concurrency, multi=kind == "relgap-multi", kind=kind)
    usage = resource.getrusage(resource.RUSAGE_SELF)
    result["cpu_s"] = time.process_time() - cpu0
    result.setdefault("peak_rss_mib", usage.ru_maxrss / 1024)
    print(json.dumps(result))


# -- driver -------------------------------------------------------------------------------
def measure(kind: str, url: str, calls: int, concurrency: int) -> dict | None:
    """Run one workload in a fresh process; its numbers, or None when it failed."""
    cmd = [sys.executable, __file__, "--worker", kind, "--url", url, "--calls", str(calls),
           "--concurrency", str(concurrency)]  # fmt: skip
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        print(
            f"  {kind}: failed ({proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else proc.returncode})"
        )
        return None
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["process_s"] = time.perf_counter() - t0
    return result


def main() -> None:
    """Serve the simulated models, run every workload against them, print the table."""
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--calls", type=int, default=2000)
    parser.add_argument("--latency-ms", type=float, default=200.0)
    parser.add_argument("--concurrency", type=int, nargs="+", default=[16, 64])
    parser.add_argument(
        "--kinds", nargs="+", default=["bare", "relgap-1", "relgap-multi", "inspect-1"]
    )
    parser.add_argument("--worker")
    parser.add_argument("--url")
    args = parser.parse_args()
    if args.worker:
        worker(args.worker, args.url, args.calls, args.concurrency[0])
        return
    with serve_in_subprocess("--latency-ms", str(args.latency_ms)) as url:
        run_all(url, args)


def run_all(url: str, args: argparse.Namespace) -> None:
    """Every workload at every concurrency against the server at ``url``; prints a table."""
    print(
        f"relgap serve at {url}, reply latency {args.latency_ms:g} ms, {args.calls} model calls per workload"
    )
    print(f"machine: {os.cpu_count()} cores, Python {sys.version.split()[0]}")
    header = f"{'workload':<21}{'conc':>5}{'calls':>7}{'trials':>7}{'secs':>8}{'calls/s':>9}{'steady':>8}{'ideal':>7}{'of ideal':>9}{'CPU ms/call':>12}{'peak MiB':>9}"
    print(header)
    rates: dict[tuple[str, int], float] = {}
    steady: dict[tuple[str, int], float] = {}
    for concurrency in args.concurrency:
        ideal = concurrency / (args.latency_ms / 1000)
        for kind in args.kinds:
            r = measure(kind, url, args.calls, concurrency)
            if r is None:
                continue
            rate = r["calls"] / r["seconds"]
            rates[(kind, concurrency)] = rate
            steady[(kind, concurrency)] = r.get("steady", float("nan"))
            print(f"{kind:<21}{concurrency:>5}{r['calls']:>7}{r['trials']:>7}{r['seconds']:>8.2f}{rate:>9.1f}{r.get('steady', float('nan')):>8.1f}"
                  f"{ideal:>7.0f}{rate / ideal:>9.0%}{1000 * r['cpu_s'] / r['calls']:>12.2f}{r['peak_rss_mib']:>9.0f}")  # fmt: skip
    for concurrency in args.concurrency:
        priced, bare_rate = (
            steady.get(("relgap-priced", concurrency)),
            steady.get(("bare", concurrency)),
        )
        if priced and bare_rate:
            print(
                f"steady calls/s, relgap-priced / bare at concurrency {concurrency}: {priced / bare_rate:.0%}"
            )
        ours, theirs = rates.get(("relgap-1", concurrency)), rates.get(("inspect-1", concurrency))
        if ours and theirs:
            print(
                f"relgap / Inspect AI at concurrency {concurrency} (single-call): {ours / theirs:.2f}x"
            )


if __name__ == "__main__":
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
    main()
