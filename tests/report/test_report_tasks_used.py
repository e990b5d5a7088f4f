"""The tasks column of the report and of `relgap stats` says how many tasks pass^k used when
some tasks have fewer than k valid trials (error trials are left out) (issue 11, item 2)."""

from __future__ import annotations

import asyncio
import json

from relgap.cli import main
from relgap.report import build_report, render_markdown
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.suite.registry import get_suite


def _run_with_errors(tmp_path):
    """8 tasks x 4 trials; the last trial of three tasks ended in an infrastructure error."""
    tasks = [t.id for t in get_suite("food_order").tasks()][::10][:8]
    out = tmp_path / "run"
    config = RunConfig(suite="food_order", models=["sim/fast"], trials=4, task_ids=tasks)
    asyncio.run(Runner(config, str(out)).run_async())
    log = out / "trials.jsonl"
    lines = [json.loads(x) for x in log.read_text().splitlines()]
    for r in lines:
        if r["task_id"] in tasks[:3] and r["trial"] == 3:
            r.update(outcome="error", passed=False, score=0.0, error_kind="rate_limit")
    log.write_text("".join(json.dumps(r) + "\n" for r in lines))
    return out


def test_the_report_names_the_tasks_pass_hat_k_used(tmp_path):
    out = _run_with_errors(tmp_path)
    assert "5 of 8" in render_markdown(build_report([out], k=4))
    assert "5 of 8" not in render_markdown(build_report([out], k=3))


def test_stats_names_the_tasks_pass_hat_k_used(tmp_path, capsys):
    out = _run_with_errors(tmp_path)
    try:
        main(["stats", str(out), "--k", "4", "--bootstrap", "50"])
    except SystemExit as exc:
        assert not exc.code
    assert "5 of 8" in capsys.readouterr().out
