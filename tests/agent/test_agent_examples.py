"""The examples in examples/own-agent/ run end to end against `relgap serve`: the plain
openai SDK agent (--agent FILE.py:ATTR) and the relgap-agent/1 HTTP service (--agent URL),
producing records, statistics and a report; the served models are labelled SIMULATED."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest

from relgap.cli import main
from relgap.server import LocalServer, free_port, serve_in_thread

ROOT = Path(__file__).resolve().parents[2]
EXAMPLES = ROOT / "examples" / "own-agent"
TASKS = "fo-t1-001,fo-t1-002,fo-t2-001,fo-t3-001"


@pytest.fixture(scope="module")
def served() -> Iterator[LocalServer]:
    with serve_in_thread() as server:
        yield server


def _records(out: Path) -> list[dict]:
    return [json.loads(x) for x in (out / "trials.jsonl").read_text().splitlines()]


def _check_run(out: Path, capsys: pytest.CaptureFixture[str]) -> list[dict]:
    records = _records(out)
    assert len(records) == 4 * 3
    assert all(r["outcome"] != "error" for r in records), [r["error"] for r in records]
    assert all(r["simulated"] and r["model"] == "openai/sim-reasoner-high" for r in records)
    # The agent's tool calls went through the toolbox: they are in the transcripts.
    assert sum(1 for r in records for m in r["transcript"] if m.get("tool_calls")) >= 12
    assert sum(r["passed"] for r in records) >= 8  # a strong (simulated) model passes most
    assert all(r["usage"]["model_calls"] >= 1 and r["usage"]["input_tokens"] > 0 for r in records)
    main(["report", str(out), "--html", str(out / "report.html")])
    assert "SIMULATED" in (out / "report.html").read_text()
    return records


def test_the_openai_sdk_agent_runs_under_relgap(
    served: LocalServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys
) -> None:
    monkeypatch.setenv("OWN_AGENT_BASE_URL", served.openai_base_url)
    out = tmp_path / "sdk"
    main(["run", "food_order", "--agent", f"{EXAMPLES / 'openai_agent.py'}:OpenAIAgent",
          "-m", "openai/sim-reasoner-high", "--tasks", TASKS, "-n", "3", "-o", str(out)])  # fmt: skip
    _check_run(out, capsys)
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["config"]["agent"].endswith("openai_agent.py:OpenAIAgent")


def test_the_http_agent_service_runs_under_relgap(served: LocalServer, tmp_path: Path, capsys):
    import importlib.util

    spec = importlib.util.spec_from_file_location("http_agent", EXAMPLES / "http_agent.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    port = free_port()
    service = module.serve_in_thread(port, served.openai_base_url)
    try:
        out = tmp_path / "http"
        main(["run", "food_order", "--agent", f"http://127.0.0.1:{port}/agent",
              "-m", "openai/sim-reasoner-high", "--tasks", TASKS, "-n", "3", "-o", str(out)])  # fmt: skip
        _check_run(out, capsys)
    finally:
        service.shutdown()
