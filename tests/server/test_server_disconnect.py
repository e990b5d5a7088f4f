"""A client killed mid-request leaves no traceback in `relgap serve`'s output."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time

import httpx

from relgap.server.threaded import free_port, wait_healthy


def _post_head(port: int, path: str, body: bytes, declared: int) -> socket.socket:
    sock = socket.create_connection(("127.0.0.1", port))
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
        f"Content-Length: {declared}\r\n\r\n"
    )
    sock.sendall(head.encode() + body)
    return sock


def test_a_client_gone_mid_request_leaves_no_traceback(tmp_path):
    port = free_port()
    log = (tmp_path / "serve.log").open("w+")
    proc = subprocess.Popen(
        [sys.executable, "-m", "relgap", "serve", "--port", str(port)], stdout=log, stderr=log
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout_s=60)
        body = json.dumps({"model": "sim-fast", "messages": [{"role": "user", "content": "hi"}],
                           "stream": True}).encode()  # fmt: skip
        # 1. Gone while sending its body (the ClientDisconnect of the issue).
        for _ in range(3):
            _post_head(port, "/v1/chat/completions", body[:20], len(body)).close()
        # 2. Gone while the reply streams, and while a stalled (timeout fault) reply waits.
        sock = _post_head(port, "/v1/chat/completions", body, len(body))
        sock.recv(64)
        sock.close()
        stalled = json.dumps({"model": "sim-fast+fault=timeout+rate=1",
                              "messages": [{"role": "user", "content": "hi"}]}).encode()  # fmt: skip
        _post_head(port, "/v1/chat/completions", stalled, len(stalled)).close()
        time.sleep(1.0)
        # The server still answers, and said nothing alarming.
        ok = httpx.post(
            f"http://127.0.0.1:{port}/v1/chat/completions",
            json=json.loads(body.decode()) | {"stream": False},
        )
        assert ok.status_code == 200
    finally:
        proc.terminate()
        proc.wait(timeout=10)
    log.seek(0)
    output = log.read()
    assert "Traceback" not in output and "ClientDisconnect" not in output, output
    assert "SIMULATED" in output  # the banner: the log was captured
