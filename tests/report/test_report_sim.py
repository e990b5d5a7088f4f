"""A report of a real (simulated, offline) run of the food_order suite."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest

from relgap.report import build_report, render_html, render_markdown
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.suite import get_suite

MODELS = ["sim/fast", "sim/reasoner-low", "sim/reasoner-high"]


@pytest.fixture(scope="module")
def sim_run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    tasks = get_suite("food_order").tasks()
    task_ids = [t.id for t in tasks[::7]][:12]  # a spread over the tiers
    out = tmp_path_factory.mktemp("sim") / "run"
    config = RunConfig(suite="food_order", models=MODELS, trials=4, task_ids=task_ids)
    asyncio.run(Runner(config, str(out)).run_async())
    return out


@pytest.fixture(scope="module")
def data(sim_run: Path):
    return build_report([sim_run], bootstrap=200)


def test_groups_and_sweep(data) -> None:
    assert [g.model for g in data.groups] == MODELS
    assert all(g.simulated and g.raw["n_tasks"] == 12 for g in data.groups)
    assert data.k == 4
    (sweep,) = data.sweeps
    assert [g.setting for g in sweep.points] == ["low", "high"]


def test_failed_transcripts_are_real_conversations(data) -> None:
    assert data.failed, "the simulated models should fail some trials"
    t = data.failed[0]
    roles = {m.get("role") for m in t.transcript}
    assert {"user", "assistant"} <= roles
    page = render_html(data)
    assert page.count('<details class="trial">') == len(data.failed)
    # shown as a dialogue: who is who
    assert '<div class="role">user (simulated)</div>' in page
    assert '<div class="role">agent</div>' in page
    for check in data.groups[0].raw["failed_checks"]:
        assert check.replace("<", "&lt;") in page


def test_markdown_numbers_match_summary(data) -> None:
    md = render_markdown(data)
    for g in data.groups:
        at = g.raw["pass_at_k"]["4"]["estimate"]
        hat = g.raw["pass_hat_k"]["4"]["estimate"]
        line = next(x for x in md.splitlines() if x.startswith(f"- At k=4, {g.model} (SIMULATED)"))
        assert f"succeeds on {100 * at:.0f}% (95% CI " in line
        assert f"but on only {100 * hat:.0f}% (95% CI " in line and line.endswith("every time.")
