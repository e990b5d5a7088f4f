"""Your own agent under test (--agent MODULE:ATTR): relgap records its messages, tool calls,
usage and cost; a correct agent passes, one that only talks fails; its failures are sorted
into agent failures and infrastructure errors."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import own_agents
import pytest

from relgap.cli import main
from relgap.errors import ConfigError
from relgap.run.config import RunConfig
from relgap.run.runner import Runner

MINI = str(Path(__file__).parents[1] / "suite" / "mini_refund")
AGENTS = str(Path(__file__).parent / "own_agents.py")
DOING = {"mr-1", "mr-2", "mr-3"}  # tasks where something must be done


def run(tmp_path: Path, agent: object = None, spec: str | None = None, **cfg) -> list[dict]:
    config = RunConfig(suite=MINI, models=["my-app/v1"], trials=2, agent=spec, **cfg)
    out = tmp_path / "run"
    asyncio.run(Runner(config, str(out), agent=agent).run_async())
    return [json.loads(x) for x in (out / "trials.jsonl").read_text().splitlines()]


def test_a_correct_agent_passes_and_everything_is_recorded(tmp_path: Path) -> None:
    records = run(tmp_path, spec=f"{AGENTS}:refund_desk")
    assert len(records) == 12 and all(r["passed"] for r in records), [
        (r["task_id"], r["failed_checks"], r["error"]) for r in records if not r["passed"]
    ]
    r = next(r for r in records if r["task_id"] == "mr-3")
    roles = [(m["role"], [c["name"] for c in m.get("tool_calls", [])]) for m in r["transcript"]]
    assert roles[:7] == [
        ("system", []), ("user", []), ("assistant", ["get_order"]), ("tool", []),
        ("assistant", ["refund_order"]), ("tool", []), ("assistant", []),
    ]  # fmt: skip
    assert "$8.50" in r["transcript"][6]["content"]
    assert r["usage"]["input_tokens"] == 150 and r["usage"]["model_calls"] == 2
    assert r["cost_usd"] == pytest.approx(0.0015)
    assert r["model"] == "my-app/v1" and r["simulated"] is False
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["config"]["agent"] == f"{AGENTS}:refund_desk"


def test_an_agent_that_only_talks_fails_every_task_that_needs_doing(tmp_path: Path) -> None:
    records = run(tmp_path, agent=own_agents.talker)
    doing = [r for r in records if r["task_id"] in DOING]
    assert doing and not any(r["passed"] for r in doing)
    assert all(r["cost_usd"] is None for r in records)  # no usage reported: unknown, not 0
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["config"]["agent"].endswith(":talker")


def test_a_class_agent_gets_a_fresh_instance_per_trial(tmp_path: Path) -> None:
    before = own_agents.Counting.instances
    records = run(tmp_path, agent=own_agents.Counting)
    assert all(r["passed"] for r in records)
    assert own_agents.Counting.instances - before == len(records)


def test_an_agent_crash_fails_the_trial_and_infra_errors_do_not(tmp_path: Path) -> None:
    crashed = run(tmp_path / "a", agent=own_agents.crashes)
    assert all(r["outcome"] == "fail" for r in crashed)
    assert crashed[0]["failed_checks"][0] == "model_error:agent_error"
    assert "KeyError" in crashed[0]["error"] and "own_agents.py" in crashed[0]["error"]
    flaky = run(tmp_path / "b", agent=own_agents.flaky_network)
    assert all(r["outcome"] == "error" for r in flaky)


def test_the_step_limit_stops_an_agent_that_never_replies(tmp_path: Path) -> None:
    records = run(tmp_path, agent=own_agents.loops_forever, max_steps=3)
    assert all(r["stop_reason"] == "max_steps" for r in records)
    assert not any(r["passed"] for r in records if r["task_id"] in DOING)
    calls = [m for m in records[0]["transcript"] if m["role"] == "tool"]
    assert len(calls) == 3


def test_a_budget_run_stops_when_the_agent_reports_no_usage(tmp_path: Path) -> None:
    records = run(tmp_path, agent=own_agents.talker, budget_usd=1.0, concurrency=1)
    assert len(records) == 1
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["status"].startswith("stopped: budget (the agent reports no usage")


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("nonsense", "expected MODULE:ATTR"),
        ("no_such_module_x:agent", "no module named 'no_such_module_x'"),
        (f"{AGENTS}:nope", "has no attribute 'nope'"),
        (f"{AGENTS}:not_callable", "not_callable is a int, not an async function or class"),
        ("missing/file.py:agent", "no such file missing/file.py"),
    ],
)
def test_a_bad_agent_spec_is_one_line(tmp_path: Path, spec: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        run(tmp_path, spec=spec)


def test_cli_runs_your_own_agent(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli"
    main(["run", MINI, "--agent", f"{AGENTS}:refund_desk", "-m", "my-app/v1", "-n", "2",
          "-o", str(out)])  # fmt: skip
    text = capsys.readouterr().out
    assert "12 passed" in text.replace("\n", " ") or "12 trials run" in text
    with pytest.raises(SystemExit) as exc:
        main(["run", MINI, "--agent", "nonsense", "-m", "x", "-o", str(tmp_path / "bad")])
    assert exc.value.code == 2
    assert capsys.readouterr().err.strip().startswith("relgap: error: --agent 'nonsense'")


def test_credentials_in_an_agent_url_are_refused_without_echoing_them() -> None:
    """As for --base-url: keys come only from the environment, and an unreachable agent's
    error message would otherwise carry the password into trials.jsonl."""
    for url in ("http://u:pw1234@127.0.0.1:9/a", "http://127.0.0.1:9/a?token=pw1234"):
        with pytest.raises(ConfigError, match="--agent must not carry credentials") as exc:
            RunConfig(suite="x", models=["m"], agent=url)
        assert "pw1234" not in str(exc.value)
    plain = RunConfig(suite="x", models=["m"], agent="http://127.0.0.1:9/a?team=eu")
    assert plain.manifest_view()["agent"] == "http://127.0.0.1:9/a?team=eu"
