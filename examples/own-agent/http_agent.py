"""A reference agent service for relgap's JSON-over-HTTP agent protocol (relgap-agent/1,
see docs/agent-protocol.md), on the Python standard library and the plain ``openai`` SDK.

Each POST carries the conversation so far (Chat Completions messages) and the tools; this
service asks its model once and answers with the model's tool calls (relgap runs them and
POSTs again with the results) or with its reply. It keeps no state between requests.
Write yours in any language: the protocol is two small JSON objects.

    relgap serve --port 8765 &
    python examples/own-agent/http_agent.py --port 8800 --base-url http://127.0.0.1:8765/v1 &
    relgap run food_order --agent http://127.0.0.1:8800/agent \\
        -m openai/sim-reasoner-high -n 4 -o runs/http-agent
"""

from __future__ import annotations

import argparse
import json
import os
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

from openai import OpenAI

PROTOCOL = "relgap-agent/1"


def answer(client: OpenAI, request: dict[str, Any]) -> dict[str, Any]:
    """One step: the model's tool calls, or its reply, with the usage of the call."""
    response = client.chat.completions.create(
        model=str(request["model"]).split("/", 1)[-1],
        messages=request["messages"],
        tools=request["tools"] or None,  # type: ignore[arg-type]
        seed=request.get("seed"),
    )
    message = response.choices[0].message
    usage = response.usage
    out: dict[str, Any] = {
        "usage": {
            "input_tokens": usage.prompt_tokens if usage else 0,
            "output_tokens": usage.completion_tokens if usage else 0,
            "model_calls": 1,
        }
    }
    if message.tool_calls:
        out["tool_calls"] = [
            {"id": c.id, "name": c.function.name, "arguments": c.function.arguments}
            for c in message.tool_calls
        ]
    else:
        out["reply"] = message.content or ""
    return out


def make_server(port: int, base_url: str | None, host: str = "127.0.0.1") -> ThreadingHTTPServer:
    """The service on ``host:port`` (not started: call ``serve_forever``)."""
    client = OpenAI(base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY") or "local")

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            try:
                length = int(self.headers.get("Content-Length") or 0)
                request = json.loads(self.rfile.read(length))
                if request.get("protocol") != PROTOCOL:
                    return self._send(400, {"error": f"expected protocol {PROTOCOL}"})
                self._send(200, answer(client, request))
            except Exception as exc:  # the model's server failed: relgap retries on resume
                self._send(502, {"error": f"{type(exc).__name__}: {exc}"})

        def _send(self, status: int, body: dict[str, Any]) -> None:
            data = json.dumps(body).encode()
            self.send_response(status)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, format: str, *args: Any) -> None:  # quiet
            return

    return ThreadingHTTPServer((host, port), Handler)


def serve_in_thread(port: int, base_url: str | None) -> ThreadingHTTPServer:
    """Start the service in a daemon thread (tests); ``shutdown()`` stops it."""
    server = make_server(port, base_url)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=8800)
    parser.add_argument("--base-url", default=os.environ.get("OPENAI_BASE_URL"))
    args = parser.parse_args()
    server = make_server(args.port, args.base_url)
    print(f"relgap-agent/1 service on http://127.0.0.1:{args.port}/agent", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
