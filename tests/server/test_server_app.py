"""The server's endpoints, error bodies, validation, request log, limits and CLI."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from typing import Any

import anthropic
import httpx
import openai
import pytest

from relgap.server import LocalServer, serve_in_thread, wait_healthy

HI = [{"role": "user", "content": "hi"}]


@pytest.fixture(scope="module")
def server() -> Iterator[LocalServer]:
    with serve_in_thread(retry_after_s=2.0, slow_seconds=5.0) as running:
        yield running


@pytest.fixture
def http(server: LocalServer) -> Iterator[httpx.Client]:
    server.state.clear()
    with httpx.Client(base_url=server.url, timeout=10) as client:
        yield client


def test_health_models_and_log(http: httpx.Client) -> None:
    assert http.get("/health").json()["status"] == "ok"
    ids = [m["id"] for m in http.get("/v1/models").json()["data"]]
    assert ids[:2] == ["sim-oracle", "sim-fast"] and "sim-reasoner" in ids
    anthropic_style = http.get("/v1/models", headers={"anthropic-version": "2026-10-21"}).json()
    assert anthropic_style["data"][0]["type"] == "model"
    http.post(
        "/v1/chat/completions",
        json={"model": "sim-fast", "messages": HI, "seed": 3, "reasoning_effort": "low"},
    )
    (entry,) = http.get("/_relgap/requests").json()
    assert entry["body"]["seed"] == 3 and entry["body"]["reasoning_effort"] == "low"
    assert (entry["path"], entry["status"], entry["fault"], entry["stream"]) == (
        "/v1/chat/completions",
        200,
        None,
        False,
    )
    assert http.delete("/_relgap/requests").status_code == 200
    assert http.get("/_relgap/requests").json() == []


def test_openai_error_body_and_rate_limit_headers(http: httpx.Client) -> None:
    reply = http.post("/v1/chat/completions", json={"model": "sim-fast+fault=429", "messages": HI})
    assert reply.status_code == 429
    error = reply.json()["error"]
    assert (
        set(error) == {"message", "type", "param", "code"}
        and error["code"] == "rate_limit_exceeded"
    )
    assert (
        reply.headers["retry-after"] == "2" and reply.headers["x-ratelimit-reset-requests"] == "2s"
    )
    assert reply.headers["retry-after-ms"] == "2000"


def test_anthropic_error_body_and_rate_limit_headers(http: httpx.Client) -> None:
    body = {"model": "sim-fast", "max_tokens": 100, "messages": HI}
    reply = http.post("/v1/messages", json=body, headers={"x-relgap-fault": "429"})
    assert reply.status_code == 429
    data = reply.json()
    assert data["type"] == "error" and data["error"]["type"] == "rate_limit_error"
    assert (
        reply.headers["retry-after"] == "2"
        and reply.headers["anthropic-ratelimit-requests-remaining"] == "0"
    )
    assert reply.headers["anthropic-ratelimit-requests-reset"].endswith("Z")
    assert (
        http.post("/v1/messages", json={**body, "model": "sim-fast+fault=529"}).json()["error"][
            "type"
        ]
        == "overloaded_error"
    )


def test_header_fault_is_recorded_and_reaches_the_sdk(server: LocalServer) -> None:
    server.state.clear()
    client = openai.OpenAI(
        api_key="sk-test-SENTINEL-123", base_url=server.openai_base_url, max_retries=0
    )
    with pytest.raises(openai.InternalServerError):
        client.chat.completions.create(
            model="sim-fast", messages=HI, extra_headers={"x-relgap-fault": "500"}
        )
    client.close()
    (entry,) = server.requests()
    assert entry["fault"] == "500" and entry["headers"]["x-relgap-fault"] == "500"
    assert entry["auth"] == "bearer"
    assert "SENTINEL" not in json.dumps(server.requests())  # keys are never recorded


@pytest.mark.parametrize(
    ("path", "body", "status", "text"),
    [
        ("/v1/chat/completions", {"model": "gpt-9", "messages": HI}, 404, "does not exist"),
        ("/v1/chat/completions", {"model": "sim-fast"}, 400, "messages"),
        ("/v1/chat/completions", {"model": "sim-reasoner-low", "messages": HI, "temperature": 0.2}, 400, "temperature"),
        ("/v1/chat/completions", {"model": "sim-fast", "messages": [
            *HI, {"role": "assistant", "tool_calls": [{"id": "c1", "type": "function",
                                                       "function": {"name": "f", "arguments": "{}"}}]},
            {"role": "user", "content": "?"}]}, 400, "c1"),
        ("/v1/responses", {"model": "sim-fast", "input": [
            {"type": "function_call_output", "call_id": "c9", "output": "x"}]}, 400, "c9"),
        ("/v1/responses", {"model": "sim-fast", "input": [{"type": "reasoning", "id": "rs_1", "summary": []}]},
         404, "not persisted"),
        ("/v1/messages", {"model": "sim-fast", "messages": HI}, 400, "max_tokens"),
        ("/v1/messages", {"model": "sim-fast", "max_tokens": 5000, "messages": HI,
                          "thinking": {"type": "enabled", "budget_tokens": 500}}, 400, "1024"),
        ("/v1/messages", {"model": "sim-fast", "max_tokens": 2000, "messages": HI,
                          "thinking": {"type": "enabled", "budget_tokens": 2000}}, 400, "budget_tokens"),
        ("/v1/messages", {"model": "sim-fast", "max_tokens": 5000, "thinking": {"type": "enabled", "budget_tokens": 1024},
                          "messages": [*HI, {"role": "assistant", "content": [
                              {"type": "tool_use", "id": "t1", "name": "f", "input": {}}]},
                              {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t1", "content": "x"}]}]},
         400, "Expected `thinking`"),
        ("/v1/messages", {"model": "sim-fast", "max_tokens": 50, "messages": [
            {"role": "user", "content": [{"type": "tool_result", "tool_use_id": "t7", "content": "x"}]}]}, 400, "t7"),
    ],
)  # fmt: skip
def test_requests_the_real_api_would_reject(
    http: httpx.Client, path: str, body: dict[str, Any], status: int, text: str
) -> None:
    reply = http.post(path, json=body)
    assert reply.status_code == status, reply.text
    assert text in reply.json()["error"]["message"]


def test_anthropic_sampling_parameters_depend_on_the_api_version(http: httpx.Client) -> None:
    body = {"model": "sim-fast", "max_tokens": 50, "messages": HI, "temperature": 0.5}
    assert (
        http.post(
            "/v1/messages", json=body, headers={"anthropic-version": "2026-10-21"}
        ).status_code
        == 400
    )
    assert (
        http.post(
            "/v1/messages", json=body, headers={"anthropic-version": "2023-06-01"}
        ).status_code
        == 200
    )


def test_invalid_json_body(http: httpx.Client) -> None:
    reply = http.post(
        "/v1/chat/completions", content=b"{nope", headers={"content-type": "application/json"}
    )
    assert reply.status_code == 400 and "JSON" in reply.json()["error"]["message"]


def test_timeout_fault_stalls_until_the_client_gives_up(server: LocalServer) -> None:
    client = anthropic.Anthropic(api_key="x", base_url=server.url, max_retries=0, timeout=0.3)
    started = time.perf_counter()
    with pytest.raises(anthropic.APITimeoutError):
        client.messages.create(model="sim-fast+fault=timeout", max_tokens=50, messages=HI)  # type: ignore[arg-type]
    assert time.perf_counter() - started < 2
    client.close()


def test_rpm_limit_and_latency() -> None:
    with (
        serve_in_thread(rpm=2, latency_ms=150) as server,
        httpx.Client(base_url=server.url) as http,
    ):
        body = {"model": "sim-fast", "messages": HI}
        started = time.perf_counter()
        assert http.post("/v1/chat/completions", json=body).status_code == 200
        assert time.perf_counter() - started >= 0.15
        assert http.post("/v1/chat/completions", json=body).status_code == 200
        limited = http.post("/v1/chat/completions", json=body)
        assert limited.status_code == 429 and 1 <= int(limited.headers["retry-after"]) <= 60
        assert server.requests()[-1]["fault"] == "rpm"


def test_server_wide_fault_rate_is_seeded() -> None:
    def statuses(seed: int) -> list[int]:
        with (
            serve_in_thread(fault_rate=0.5, faults="500,503", seed=seed) as server,
            httpx.Client(base_url=server.url) as http,
        ):
            return [
                http.post(
                    "/v1/chat/completions", json={"model": "sim-fast", "messages": HI}
                ).status_code
                for _ in range(16)
            ]

    first = statuses(1)
    assert first == statuses(1)
    assert {200, 500, 503} <= set(first)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_cli_serves_and_validates() -> None:
    port = _free_port()
    code = "import sys, relgap.cli.serve; from relgap.cli import main; main(sys.argv[1:])"
    bad = subprocess.run(
        [sys.executable, "-c", code, "serve", "--faults", "explode"],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert bad.returncode == 2 and "unknown fault" in bad.stderr
    proc = subprocess.Popen([sys.executable, "-c", code, "serve", "--port", str(port), "--fault-rate", "0.2"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout_s=30)
        reply = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            json={"model": "sim-oracle", "messages": HI},
        )
        assert reply.status_code in (200, 429, 500)
    finally:
        proc.terminate()
        out, _ = proc.communicate(timeout=10)
    assert "SIMULATED" in out
