"""How fast is `relgap.stats.summarize` on a large run? Prints measurements; not a test.

Builds a synthetic trial table of 10,000 tasks x 16 trials x 4 groups (640,000 trials, 1 %
error trials), then times ``summarize`` with 2,000 bootstrap resamples per group, with and
without all-pairs comparisons: wall time of an untraced call, then the peak Python memory
of a second call under tracemalloc, and the process's peak resident set size.

    python benchmarks/stats_speed.py [--tasks 10000] [--trials 16] [--bootstrap 2000]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import sys
import time
import tracemalloc

from relgap.stats import summarize, synthetic_trials


def _rss_mb() -> float:
    # ru_maxrss is in KiB on Linux, bytes on macOS.
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def _timed(label: str, repeat: int, func, *args, **kwargs):
    """Best and median wall time of untraced calls, then peak memory of one traced call."""
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        out = func(*args, **kwargs)
        times.append(time.perf_counter() - start)
    tracemalloc.start()
    func(*args, **kwargs)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<44} best {min(times):6.2f} s  median {statistics.median(times):6.2f} s  "
        f"peak traced {peak / 2**20:6.1f} MiB"
    )
    return out


def main() -> None:
    """Time the statistics on a synthetic run of the size given and print the seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--trials", type=int, default=16)
    parser.add_argument("--bootstrap", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3, help="timed calls per measurement")
    args = parser.parse_args()

    frame = synthetic_trials(
        args.tasks,
        args.trials,
        models=("model-a", "model-b"),
        variants=("low", "high"),
        error_rate=0.01,
        seed=0,
    )
    print(f"{args.tasks} tasks x {args.trials} trials x 4 groups = {len(frame):,} trials")
    summarize(frame.head(1000), bootstrap=10)  # warm-up: lazy imports
    result = _timed(
        f"summarize (bootstrap {args.bootstrap})",
        args.repeat,
        summarize,
        frame,
        bootstrap=args.bootstrap,
    )
    _timed(
        "summarize + all-pairs comparisons (6 pairs)",
        args.repeat,
        summarize,
        frame,
        bootstrap=args.bootstrap,
        comparisons="all",
    )
    start = time.perf_counter()
    text = json.dumps(result, allow_nan=False)
    print(f"{'json.dumps of the result':<44} {time.perf_counter() - start:7.2f} s   "
          f"{len(text) / 2**20:.1f} MiB of JSON")  # fmt: skip
    print(f"peak resident set size of the process: {_rss_mb():.0f} MiB")


if __name__ == "__main__":
    main()
