"""relgap-agent/1 (--agent http://...): what the service answers decides the trial, as
docs/agent-protocol.md says: tool calls are run and the results sent back, a reply ends the
turn, 5xx/unreachable are error trials, answers outside the protocol fail the trial."""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from relgap.run.config import RunConfig
from relgap.run.runner import run_suite
from relgap.server import free_port

MINI = str(Path(__file__).parents[1] / "suite" / "mini_refund")
Answer = Callable[[dict[str, Any]], tuple[int, Any]]


@pytest.fixture
def service() -> Iterator[Callable[[Answer], str]]:
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Answer) -> str:
        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                status, out = answer(body)
                data = (out if isinstance(out, str) else json.dumps(out)).encode()
                self.send_response(status)
                self.send_header("Content-Length", str(len(data)))
                self.end_headers()
                self.wfile.write(data)

            def log_message(self, *args: Any) -> None:
                return

        server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"http://127.0.0.1:{server.server_address[1]}/agent"

    yield start
    for server in servers:
        server.shutdown()


def run(tmp_path: Path, url: str) -> list[dict]:
    config = RunConfig(suite=MINI, models=["svc"], trials=1, task_ids=["mr-3"], agent=url)
    run_suite(config, str(tmp_path / "r"))
    return [json.loads(x) for x in (tmp_path / "r" / "trials.jsonl").read_text().splitlines()]


def refund_desk(body: dict[str, Any]) -> tuple[int, Any]:
    """A stateless service: the next step follows from the messages alone."""
    assert body["protocol"] == "relgap-agent/1" and body["model"] == "svc"
    assert {t["function"]["name"] for t in body["tools"]} == {"get_order", "refund_order"}
    tool_results = [m for m in body["messages"] if m["role"] == "tool"]
    usage = {"input_tokens": 10, "output_tokens": 2, "cost_usd": 0.25}
    if not tool_results:
        return 200, {"tool_calls": [{"id": "c1", "name": "get_order",
                                     "arguments": {"order_id": "D4"}}], "usage": usage}  # fmt: skip
    if len(tool_results) == 1:
        args = json.dumps({"order_id": "D4", "reason": "broken"})
        return 200, {"tool_calls": [{"id": "c2", "name": "refund_order", "arguments": args}]}
    return 200, {"reply": "Refunded: $8.50 back on your card.", "usage": usage}


def test_a_service_that_does_the_job_passes(tmp_path: Path, service) -> None:
    (record,) = run(tmp_path, service(refund_desk))
    assert record["passed"], record["failed_checks"]
    calls = [c["id"] for m in record["transcript"] for c in m.get("tool_calls", [])]
    assert calls == ["c1", "c2"]
    assert record["usage"]["model_calls"] == 2 and record["cost_usd"] == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("answer", "outcome", "check"),
    [
        (lambda b: (503, {"error": "busy"}), "error", None),
        (lambda b: (200, "not json"), "fail", "model_error:invalid_output"),
        (lambda b: (200, {"tool_calls": [{"name": "get_order"}], "reply": "x"}), "fail",
         "model_error:invalid_output"),
        (lambda b: (200, {"reply": "Done!"}), "fail", "not_told_amount"),
    ],
)  # fmt: skip
def test_what_the_service_answers_decides_the_trial(
    tmp_path: Path, service, answer: Answer, outcome: str, check: str | None
) -> None:
    (record,) = run(tmp_path, service(answer))
    assert record["outcome"] == outcome
    if check:
        assert check in record["failed_checks"]


def test_an_unreachable_service_is_an_error_trial(tmp_path: Path) -> None:
    (record,) = run(tmp_path, f"http://127.0.0.1:{free_port()}/agent")
    assert record["outcome"] == "error" and "unreachable" in record["error"]
