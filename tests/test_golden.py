"""Behaviour pins: the outputs of `relgap demo`, `stats` and the reports on fixed seeds.

Refactors (issue 18, "the house") must not change what a user sees. These tests run the
commands as a user would, in a subprocess, on runs whose every number is fixed by a seed,
and compare the outputs byte for byte with the files in ``tests/golden/``.

Wall-clock values (latency, timestamps, run ids) are the only parts of a run a seed does
not fix; :func:`freeze` rewrites them to values derived from the trial itself before any
statistics are computed, so the pinned outputs still exercise every latency column.

After an intended change of output, regenerate with
``RELGAP_UPDATE_GOLDEN=1 pytest tests/test_golden.py`` and review the diff of
``tests/golden/`` like any other change.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("RELGAP_UPDATE_GOLDEN") == "1"

TASKS = ",".join(
    [f"fo-t1-00{i}" for i in range(1, 5)]
    + [f"fo-t2-00{i}" for i in range(1, 4)]
    + [f"fo-t3-00{i}" for i in range(1, 4)]
    + [f"fo-t4-00{i}" for i in range(1, 3)]
    + [f"fo-t5-00{i}" for i in range(1, 3)]
)
MODELS = ["sim/fast", "sim/reasoner-low", "sim/reasoner-high"]


def relgap(cwd: Path, *args: str) -> str:
    """Run the installed CLI as a user would; its stdout (stderr must be empty on success)."""
    env = {**os.environ, "COLUMNS": "100", "NO_COLOR": "1", "TERM": "dumb"}
    done = subprocess.run(
        [sys.executable, "-m", "relgap", *args],
        cwd=cwd, env=env, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert done.returncode in (0, 1), (
        f"relgap {' '.join(args)}: rc {done.returncode}\n{done.stderr}"
    )
    return done.stdout


def freeze(run_dir: Path, run_id: str) -> None:
    """Replace the wall-clock parts of a run by values that depend on the trial alone."""
    lines = (run_dir / "trials.jsonl").read_text().splitlines()
    frozen = []
    for line in lines:
        record = json.loads(line)
        record["run_id"] = run_id
        record["latency_s"] = round(0.1 * record["steps"] + 0.01 * (record["trial"] % 7), 4)
        record["started_at"] = "2026-01-01T00:00:00.000+00:00"
        record["finished_at"] = "2026-01-01T00:00:01.000+00:00"
        frozen.append(json.dumps(record, sort_keys=True))
    (run_dir / "trials.jsonl").write_text("\n".join(frozen) + "\n")
    manifest = json.loads((run_dir / "manifest.json").read_text())
    manifest.update(run_id=run_id, started_at="2026-01-01T00:00:00+00:00")
    manifest["finished_at"] = "2026-01-01T00:05:00+00:00"
    (run_dir / "manifest.json").write_text(json.dumps(manifest, indent=2, sort_keys=True))


def normalise(text: str) -> str:
    """Blank the one value a frozen run cannot fix: when a report was generated."""
    return re.sub(r"generated \d{4}-\d\d-\d\d \d\d:\d\d UTC", "generated <time>", text)


def check(name: str, text: str) -> None:
    path = GOLDEN / name
    text = normalise(text)
    if UPDATE:
        path.write_text(text)
        return
    assert path.exists(), f"{path} missing: run with RELGAP_UPDATE_GOLDEN=1 once"
    expected = path.read_text()
    if text != expected:
        (Path(os.environ.get("TMPDIR", "/tmp")) / f"relgap-golden-{name}").write_text(text)
    assert text == expected, f"{name} differs from tests/golden/{name}"


CONFIG = f"""
suite = "food_order"
models = {json.dumps(MODELS)}
tasks = {json.dumps(TASKS.split(","))}
trials = 4
seed = 3
concurrency = 4
k = 2
out = "cand"

[[gates]]
name = "pass^2 bar"
type = "threshold"
metric = "pass_hat_k"
min = 0.30

[[gates]]
name = "no pass^2 regression"
type = "regression"
metric = "pass_hat_k"
alpha = 0.05
min_effect = 0.03
"""


@pytest.fixture(scope="module")
def runs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two seeded food_order runs, frozen: ``cand`` from a config file, ``base`` from flags."""
    root = tmp_path_factory.mktemp("golden")
    (root / "relgap.toml").write_text(CONFIG)
    relgap(root, "run")
    models = [arg for m in MODELS for arg in ("-m", m)]
    relgap(root, "run", "food_order", *models, "--tasks", TASKS, "-n", "4", "--seed", "4",
           "-c", "4", "-o", "base", "--config", "/dev/null")  # fmt: skip
    for name in ("cand", "base"):
        freeze(root / name, run_id=f"golden-{name}")
    return root


@pytest.mark.slow
@pytest.mark.parametrize(
    ("name", "args"),
    [
        ("stats.json", ["stats", "cand", "--json"]),
        ("stats.txt", ["stats", "cand"]),
        ("stats-k2.txt", ["stats", "cand", "base", "--k", "2", "--ci", "percentile"]),
        ("stats-compare.txt", ["stats", "cand", "--compare"]),
        ("stats-sweep.txt", ["stats", "cand", "--sweep", "reasoning_effort"]),
        ("stats-sweep.json", ["stats", "cand", "--sweep", "reasoning_effort", "--json"]),
        ("stats-extrapolate.txt", ["stats", "cand", "--extrapolate", "16,32"]),
        ("stats-cluster.txt", ["stats", "cand", "--cluster", "tier"]),
        ("report.txt", ["report", "cand", "--baseline", "base"]),
        ("stats-k1-noboot.json", ["stats", "cand", "--json", "--k", "1", "--bootstrap", "0"]),
    ],
)
def test_command_output_is_unchanged(runs: Path, name: str, args: list[str]) -> None:
    check(name, relgap(runs, *args))


@pytest.mark.slow
def test_report_files_are_unchanged(runs: Path) -> None:
    relgap(runs, "report", "cand", "-b", "base", "--md", "report.md", "--html", "report.html",
           "--json", "report.json")  # fmt: skip
    for name in ("report.md", "report.html", "report.json"):
        check(name, (runs / name).read_text())
    manifest = json.loads((runs / "cand" / "manifest.json").read_text())
    check("manifest.json", json.dumps(manifest["config"], indent=2, sort_keys=True) + "\n")


@pytest.mark.slow
def test_gate_outputs_are_unchanged(runs: Path) -> None:
    printed = relgap(runs, "gate", "cand", "--baseline", "base", "--md", "gate.md",
                     "--junit", "gate.xml")  # fmt: skip
    check("gate.txt", printed)
    check("gate.md", (runs / "gate.md").read_text())
    check("gate.xml", (runs / "gate.xml").read_text())


@pytest.mark.slow
def test_demo_is_unchanged(tmp_path: Path) -> None:
    """`relgap demo`: every trial's outcome, and the printed report once frozen."""
    printed = relgap(tmp_path, "demo", "-n", "2", "-c", "4", "-o", "demo")
    outcomes = sorted(
        (r["model"], r["task_id"], r["trial"], r["outcome"], r["score"], r["steps"],
         r["usage"]["input_tokens"], r["usage"]["output_tokens"], r["cost_usd"])
        for r in map(json.loads, (tmp_path / "demo" / "trials.jsonl").open())
    )  # fmt: skip
    digest = hashlib.sha256(json.dumps(outcomes).encode()).hexdigest()
    check("demo-outcomes.sha256", f"{len(outcomes)} trials {digest}\n")
    # The printed report, with the parts that vary run to run blanked.
    printed = re.sub(r"runs: \w+ \(demo, [^)]*\)", "runs: <run>", printed)
    printed = re.sub(r"latency \d+\.\d\d", "latency <s>", printed)
    printed = re.sub(r" \d+:\d\d:\d\d$", " <elapsed>", printed, flags=re.MULTILINE)
    check("demo.txt", printed)
    freeze(tmp_path / "demo", run_id="golden-demo")
    relgap(tmp_path, "report", "demo", "--md", "demo.md")
    check("demo-report.md", (tmp_path / "demo.md").read_text())
