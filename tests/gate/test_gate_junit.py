"""--junit-tasks: one JUnit case per task of the run, with or without a baseline."""

from __future__ import annotations

import asyncio
import re
import xml.etree.ElementTree as ET

import pytest

from relgap.config import GateSpec
from relgap.gate import evaluate_gates, to_junit
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.store import load
from relgap.suite.registry import get_suite

TASKS = [t.id for t in get_suite("food_order").tasks()][::5]  # 17 tasks over every tier


def _run(path, model: str, seed: int):
    config = RunConfig(suite="food_order", models=[model], trials=4, task_ids=TASKS, seed=seed)
    asyncio.run(Runner(config, str(path)).run_async())
    return load(path)


@pytest.fixture(scope="module")
def frames(tmp_path_factory):
    root = tmp_path_factory.mktemp("junit")
    return _run(root / "base", "sim/reasoner-high", 1), _run(root / "now", "sim/reasoner-high", 2)


def _task_cases(xml: str) -> list[ET.Element]:
    suite = ET.fromstring(xml.split("\n", 1)[1]).find("testsuite")
    assert suite is not None
    return [c for c in suite.findall("testcase") if c.get("classname", "").startswith("tasks.")]


def test_one_case_per_task_against_a_baseline(frames):
    current, baseline = frames
    report = evaluate_gates(current, [], baseline=baseline)
    cases = _task_cases(to_junit(report, per_task=True))
    assert sorted(c.get("name") for c in cases) == sorted(TASKS)
    for case in cases:
        out = case.find("system-out")
        failed = case.find("failure") is not None
        assert out is not None and re.fullmatch(
            r"\d of 4 trials passed \(baseline: \d of 4\)", out.text or ""
        )
        assert not failed or int(out.text[0]) < int(out.text.split("baseline: ")[1][0])


def test_one_case_per_task_without_a_baseline(frames):
    current, _ = frames
    gate = GateSpec(type="threshold", metric="pass_at_1", min=0.0, on="estimate")
    cases = _task_cases(to_junit(evaluate_gates(current, [gate]), per_task=True))
    assert sorted(c.get("name") for c in cases) == sorted(TASKS)
    assert all(c.find("failure") is None for c in cases)  # nothing to regress against


def test_a_threshold_gate_names_the_tasks_its_number_used(tmp_path):
    """A cut run: pass^4 is judged on the tasks with 4 trials, and the gate says how many."""
    out = tmp_path / "cut"
    for trials, tasks in ((3, TASKS[:8]), (4, TASKS[:5])):
        config = RunConfig(suite="food_order", models=["sim/fast"], trials=trials, task_ids=tasks)
        asyncio.run(Runner(config, str(out)).run_async())
    gate = GateSpec(type="threshold", metric="pass_hat_k", k=4, min=0.0, on="estimate")
    (result,) = evaluate_gates(load(out), [gate], k=4).results  # k = 4 in the config
    assert "5 of 8 tasks (those with at least 4 trials)" in result.message
    gate3 = GateSpec(type="threshold", metric="pass_hat_k", k=3, min=0.0, on="estimate")
    (result,) = evaluate_gates(load(out), [gate3], k=4).results
    assert "8 tasks" in result.message and " of 8" not in result.message
