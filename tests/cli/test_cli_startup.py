"""The command line starts light: the heavy packages load only in the commands that use them.

Structural, not timed (benchmarks/cli_startup.py measures the time): a fresh interpreter
imports relgap.cli, or runs `relgap --help` / `relgap models`, and then lists which of the
heavy packages are in sys.modules. A module-level import of pandas, scipy or a vendor SDK in
any command module, or an eager re-export in a package __init__ on the way, fails here.
"""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

HEAVY = ("pandas", "numpy", "scipy", "statsmodels", "litellm", "openai", "anthropic")
SERVER = ("fastapi", "uvicorn")

PROBE = """
import contextlib, io, json, sys
from relgap.cli import main
args = json.loads(sys.argv[1])
if args is not None:
    with contextlib.redirect_stdout(io.StringIO()), contextlib.suppress(SystemExit):
        main(args)
print(json.dumps(sorted(m for m in json.loads(sys.argv[2]) if m in sys.modules)))
"""


def loaded_after(args: list[str] | None, watched: tuple[str, ...]) -> list[str]:
    """Which of ``watched`` a fresh interpreter holds after ``relgap ARGS`` (None: import)."""
    out = subprocess.run(
        [sys.executable, "-c", PROBE, json.dumps(args), json.dumps(watched)],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    return json.loads(out.stdout.splitlines()[-1])


@pytest.mark.parametrize(
    "args",
    [None, ["--help"], ["models"], ["run", "--help"], ["report", "--help"], ["serve", "--help"]],
    ids=["import relgap.cli", "--help", "models", "run --help", "report --help", "serve --help"],
)
def test_starting_the_cli_loads_no_heavy_package(args):
    assert loaded_after(args, HEAVY + SERVER) == []


def test_importing_relgap_loads_no_heavy_package():
    probe = "import json, sys, relgap; print(json.dumps(sorted(sys.modules)))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    modules = set(json.loads(out.stdout))
    assert not modules & set(HEAVY + SERVER)
    assert "relgap.run.runner" not in modules


def test_the_probe_sees_a_heavy_import():
    # The check above could pass by looking in the wrong place; here the command really
    # needs the statistics, and the probe must see pandas and scipy arrive.
    assert {"pandas", "scipy"} <= set(loaded_after(["stats", "no-such-run-dir"], HEAVY))
