"""How fast does the `relgap` command start? Prints measurements; not a test.

Runs ``relgap --help`` and ``relgap models`` (and a bare ``import relgap.cli``) in fresh
subprocesses, several times each, and prints the median and best wall time and the median CPU
time (user + system) of the child. CPU time is the steadier number on a shared machine: wall
time grows with the load average, which is printed alongside. Also lists which heavy packages
``import relgap.cli`` pulled in.

    python benchmarks/cli_startup.py [--runs 7] [--src DIR]

``--src DIR`` runs the relgap source tree in DIR instead (``python -m relgap`` with DIR first
on PYTHONPATH), e.g. an older commit's ``git archive`` for a before/after comparison on the
same machine at the same time.
"""

from __future__ import annotations

import argparse
import os
import platform
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

HEAVY = (
    "pandas", "numpy", "scipy", "statsmodels", "litellm", "openai", "anthropic",
    "fastapi", "uvicorn",
)  # fmt: skip


def _relgap() -> list[str]:
    """The installed `relgap` script beside this interpreter (what users run), else -m."""
    script = Path(sys.executable).with_name("relgap")
    if script.exists():
        return [str(script)]
    found = shutil.which("relgap")
    return [found] if found else [sys.executable, "-m", "relgap"]


# How the timed commands run. With --src: from that folder (the interpreter puts the current
# folder first on sys.path, ahead of an editable install's finder), with it on PYTHONPATH.
_WHERE: dict[str, Any] = {}


def _once(cmd: list[str]) -> tuple[float, float]:
    """Wall and CPU seconds of one run of ``cmd``."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, **_WHERE)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def _measure(label: str, cmd: list[str], runs: int) -> None:
    _once(cmd)  # warm the file cache; not counted
    samples = [_once(cmd) for _ in range(runs)]
    walls = [w for w, _ in samples]
    cpus = [c for _, c in samples]
    print(
        f"{label:<24} wall median {statistics.median(walls):6.2f} s  best {min(walls):6.2f} s"
        f"   cpu median {statistics.median(cpus):6.2f} s"
    )


def _heavy_imports() -> list[str]:
    probe = f"import sys, relgap.cli; print(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    out = subprocess.run(
        [sys.executable, "-c", probe], check=True, capture_output=True, text=True, **_WHERE
    )
    return out.stdout.split()


def main() -> None:
    """Time each command a few times and print wall and CPU seconds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7, help="timed runs per command")
    parser.add_argument("--src", type=Path, help="time the relgap source tree in this folder")
    args = parser.parse_args()
    relgap = _relgap()
    if args.src is not None:
        src = args.src.resolve()
        _WHERE.update(cwd=src, env={**os.environ, "PYTHONPATH": str(src)})
        relgap = [sys.executable, "-m", "relgap"]
        print(f"source tree: {src}")
    print(
        f"{platform.system()} {platform.machine()}, {os.cpu_count()} cores, "
        f"CPython {platform.python_version()}, load average {os.getloadavg()[0]:.2f}, "
        f"{args.runs} runs each"
    )
    _measure("python -c pass", [sys.executable, "-c", "pass"], args.runs)
    _measure("import relgap.cli", [sys.executable, "-c", "import relgap.cli"], args.runs)
    _measure("relgap --help", [*relgap, "--help"], args.runs)
    _measure("relgap models", [*relgap, "models"], args.runs)
    heavy = _heavy_imports()
    print(f"heavy packages after `import relgap.cli`: {', '.join(heavy) or 'none'}")
    print(f"load average after: {os.getloadavg()[0]:.2f}")


if __name__ == "__main__":
    main()
