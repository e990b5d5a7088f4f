"""The nightly example, night after night: its steps run in order, as GitHub Actions would run
them, on fresh "runners" that keep nothing but the artifacts between nights.

Each `run:` step runs in bash (as Actions does: -eo pipefail) with relgap from this checkout;
the `uses:` steps that matter are played by the test: the baseline download copies the
newest `relgap-baseline` artifact of an earlier night (or nothing), an upload stores one.
`relgap serve` on 127.0.0.1 plays the hosted model: healthy one night, degraded (it refuses
and garbles tool calls) the next, under the same model name.
"""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import xml.etree.ElementTree as ET
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

from relgap.server import serve_in_thread
from relgap.server.faults import parse_fault_list

ROOT = Path(__file__).resolve().parents[1]
WORKFLOW = ROOT / "examples" / "github-actions" / "nightly.yml"
MODEL = "openai/sim-oracle"  # stands in for the API model of examples/relgap.toml


@dataclass
class Night:
    codes: dict[str, int | str] = field(default_factory=dict)
    logs: dict[str, str] = field(default_factory=dict)
    summary: str = ""
    workspace: Path = Path()
    failed: bool = False


def _config(base_url: str) -> str:
    """examples/relgap.toml with the simulated model in place of the API model, one tier
    and 4 trials (pass^4 is what its gates judge), and no client-side rate limit."""
    text = (ROOT / "examples" / "relgap.toml").read_text()
    text = re.sub(r"(?m)^models = .*$", f'models = ["{MODEL}"]\nbase_url = "{base_url}"', text)
    text = re.sub(r"(?m)^trials = \d+", "trials = 4\ntiers = [1]", text)
    text = re.sub(r"(?m)^rpm = .*$", "", text)
    assert f'models = ["{MODEL}"]' in text and "tiers = [1]" in text
    return text


def _should_run(condition: str | None, failed: bool, inputs: dict[str, bool]) -> bool:
    if condition is None:
        return not failed
    expr = condition.replace("${{", "").replace("}}", "").strip()
    assert re.fullmatch(
        r"(always\(\)|success\(\)|failure\(\)|inputs\.promote|\|\||&&|\s)+", expr
    ), expr
    expr = (expr.replace("always()", "True").replace("success()", str(not failed))
            .replace("failure()", str(failed)).replace("inputs.promote", str(inputs["promote"]))
            .replace("||", " or ").replace("&&", " and "))  # fmt: skip
    # The pattern above lets through only these words and operators.
    return bool(eval(expr, {"__builtins__": {}}))


def _uses(step: dict, ws: Path, store: Path, night_id: str) -> int:
    action, options = step["uses"].split("@")[0], step.get("with", {})
    if action in ("actions/checkout", "actions/setup-python"):
        return 0  # the workspace is the checkout; relgap runs from this checkout's venv
    name = str(options.get("name", "")).replace("${{ github.run_id }}", night_id)
    if action == "dawidd6/action-download-artifact":
        source = store / name
        if source.is_dir():
            shutil.copytree(source, ws / options["path"], dirs_exist_ok=True)
            return 0
        return 0 if options.get("if_no_artifact_found") in ("ignore", "warn") else 1
    if action == "actions/upload-artifact":
        source = ws / str(options["path"]).strip().rstrip("/")
        if not source.exists():
            return 1
        if (store / name).exists() and not options.get("overwrite"):
            return 1
        shutil.rmtree(store / name, ignore_errors=True)
        shutil.copytree(source, store / name)
        return 0
    raise AssertionError(f"the test does not know the action {action}")


def run_night(tmp_path: Path, night_id: str, base_url: str, store: Path) -> Night:
    """One night on a fresh runner; ``store`` holds the artifacts of earlier nights."""
    workflow = yaml.safe_load(WORKFLOW.read_text())
    job = workflow["jobs"]["reliability"]
    ws = tmp_path / f"runner-{night_id}"
    shutil.copytree(ROOT / "examples", ws / "examples")
    (ws / "examples" / "relgap.toml").write_text(_config(base_url))
    night = Night(workspace=ws)
    summary = ws / "step-summary.md"
    env = {k: v for k, v in os.environ.items() if not k.startswith(("GITHUB_", "RELGAP_"))}
    env.update({k: str(v) for k, v in job["env"].items() if "${{" not in str(v)})
    env.update(GITHUB_ACTIONS="true", GITHUB_STEP_SUMMARY=str(summary),
               PATH=f"{Path(sys.executable).parent}{os.pathsep}{env['PATH']}")  # fmt: skip
    for step in job["steps"]:
        name = step.get("name") or step["uses"]
        if not _should_run(step.get("if"), night.failed, {"promote": False}):
            night.codes[name] = "skipped"
            continue
        if "uses" in step:
            code = _uses(step, ws, store, night_id)
        elif step["run"].strip() == "pip install .":
            code = 0  # relgap from this checkout is installed already (no network here)
        else:
            proc = subprocess.run(
                ["bash", "--noprofile", "--norc", "-eo", "pipefail", "-c", step["run"]],
                cwd=ws, env=env, capture_output=True, text=True, timeout=600,
            )  # fmt: skip
            code, night.logs[name] = proc.returncode, proc.stdout + proc.stderr
        night.codes[name] = code
        if code != 0 and not step.get("continue-on-error"):
            night.failed = True
    night.summary = summary.read_text() if summary.exists() else ""
    return night


def _junit(night: Night) -> list[ET.Element]:
    root = ET.parse(night.workspace / "report" / "gates.xml").getroot()
    return root.findall("testsuite/testcase")


def test_the_install_step_installs_this_checkout_not_an_unpublished_package():
    steps = yaml.safe_load(WORKFLOW.read_text())["jobs"]["reliability"]["steps"]
    installs = [s["run"] for s in steps if "pip install" in s.get("run", "")]
    assert installs == ["pip install ."]


@pytest.mark.slow
def test_two_nights_first_promoted_then_a_regression_fails_against_it(tmp_path):
    store = tmp_path / "artifacts"
    store.mkdir()
    with serve_in_thread() as healthy:
        first = run_night(tmp_path, "1001", healthy.openai_base_url, store)
    # Night 1: no baseline yet. The gates pass (regression skipped), the run is promoted.
    assert first.codes["Run the suite"] == 0, first.logs["Run the suite"]
    assert first.codes["Gate"] == 0, first.logs["Gate"]
    assert "no baseline yet" in first.logs["Gate"]
    assert first.codes["Make this run the baseline"] == 0
    assert first.codes["Upload the baseline"] == 0 and not first.failed
    assert (store / "relgap-baseline" / "nightly" / "trials.jsonl").is_file()
    cases = _junit(first)
    tasks = [c for c in cases if c.get("classname", "").startswith("tasks.")]
    assert len(tasks) == 18  # one per task of tier 1
    assert [c.get("name") for c in cases if c.find("skipped") is not None] == [
        "no pass^4 regression"
    ]
    assert "## relgap gates" in first.summary and "skipped" in first.summary
    assert "SIMULATED" in first.summary  # the report part of the job summary
    baseline_run = (store / "relgap-baseline" / "nightly" / "manifest.json").read_text()

    faults = {"fault_rate": 0.15, "faults": parse_fault_list("refusal,malformed")}
    with serve_in_thread(**faults) as degraded:
        second = run_night(tmp_path, "1002", degraded.openai_base_url, store)
    # Night 2: compared with night 1, the regression gate fails the job (exit 1); the
    # reports are still written and uploaded; the baseline stays night 1's.
    assert second.codes["Run the suite"] == 0, second.logs["Run the suite"]
    assert second.codes["Gate"] == 1, second.logs["Gate"]
    assert second.failed
    assert second.codes["Make this run the baseline"] == "skipped"
    assert second.codes["Upload the baseline"] == "skipped"
    assert second.codes["Upload the report"] == 0 and second.codes["Gate summary"] == 0
    assert (store / "relgap-baseline" / "nightly" / "manifest.json").read_text() == baseline_run
    failures = {c.get("name"): c.find("failure") for c in _junit(second)}
    assert failures["no pass^4 regression"] is not None
    assert "REGRESSED" in failures["no pass^4 regression"].get("message")
    outs = [
        c.findtext("system-out") or ""
        for c in _junit(second)
        if c.get("name", "").startswith("fo-t1-")
    ]
    assert len(outs) == 18 and all(o.endswith("(baseline: 4 of 4)") for o in outs)
    assert any(not o.startswith("4 of 4") for o in outs)  # the degradation shows per task
    assert "**FAIL**" in second.summary and "REGRESSED" in second.summary
