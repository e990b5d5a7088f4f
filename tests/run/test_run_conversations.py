"""Runs of conversations: resume refuses what would mix incomparable trials; reports say who
played the user."""

from __future__ import annotations

import json

import pytest
from runhelpers import execute, run_config

from relgap.errors import ConfigError
from relgap.report import build_report
from relgap.report.markdown import render_markdown
from relgap.store import RunDir


def test_a_run_of_the_old_format_is_refused_on_resume(tmp_path, first_tasks):
    tasks = first_tasks(2)
    execute(run_config(trials=1, task_ids=tasks), tmp_path / "run")
    manifest = tmp_path / "run" / "manifest.json"
    data = json.loads(manifest.read_text())
    assert data["suite_version"] == "3" and data["user_simulator"] == "scripted"
    data["suite_version"] = "1"  # as written before conversations
    for key in ("max_turns", "user_model", "user_base_url"):
        data["config"].pop(key)
    manifest.write_text(json.dumps(data))
    with pytest.raises(ConfigError, match="suite_version='1', not '3'"):
        execute(run_config(trials=2, task_ids=tasks), tmp_path / "run")


def test_resuming_with_another_user_is_refused(tmp_path, first_tasks):
    tasks = first_tasks(2)
    execute(run_config(trials=1, task_ids=tasks), tmp_path / "run")
    with pytest.raises(ConfigError, match="max_turns=10, not 3"):
        execute(run_config(trials=2, task_ids=tasks, max_turns=3), tmp_path / "run")
    with pytest.raises(ConfigError, match="user_model=None, not 'sim/user'"):
        execute(run_config(trials=2, task_ids=tasks, user_model="sim/user"), tmp_path / "run")
    execute(run_config(trials=2, task_ids=tasks), tmp_path / "run")  # same user: resumes
    assert len(RunDir.open(tmp_path / "run").records()) == 2 * len(tasks)


def test_reports_name_the_user_simulator(tmp_path, first_tasks):
    execute(run_config(trials=2, task_ids=first_tasks(3)), tmp_path / "run")
    data = build_report([tmp_path / "run"], bootstrap=50)
    n = data.user_simulators["scripted"]["trials"]
    assert data.user_simulators == {"scripted": {"trials": n, "unstated": 0}} and n >= 6
    markdown = render_markdown(data)
    assert (
        f"user simulator scripted: user ended before stating every request in 0 of {n}" in markdown
    )
