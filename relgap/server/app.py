"""The FastAPI app of ``relgap serve``: simulated models behind the vendors' wire formats.

Every request goes through the same steps: log it, apply the rate limit, resolve the model
(name plus fault options), draw a fault, parse the conversation, wait the configured
latency, let the simulated policy reply, and render that reply in the vendor's format
(JSON or SSE), with the fault applied.
"""

from __future__ import annotations

import asyncio
import dataclasses
import json
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from fastapi import FastAPI, Request
from starlette.requests import ClientDisconnect
from starlette.responses import JSONResponse, Response

from relgap.errors import ConfigError
from relgap.server import anthropic_wire, openai_wire, responses_wire
from relgap.server.faults import STATUS_FAULTS, split_model
from relgap.server.sim import UnknownModel, play, served_models, sim_name
from relgap.server.state import Call, ServerOptions, ServerState, WireError

log = logging.getLogger("relgap.server")


@dataclass(frozen=True)
class Wire:
    """One vendor endpoint: how it parses, renders and reports errors."""

    parse: Callable[[dict[str, Any], str, ServerState, Request], Call]
    render: Callable[..., Response]
    error: Callable[..., Response]
    fault: Callable[[str, ServerState], Response]
    rate_limit_headers: Callable[[float, int | None], dict[str, str]]


CHAT = Wire(
    lambda body, model, state, request: openai_wire.parse(body, model),
    openai_wire.render, openai_wire.error_reply, openai_wire.fault_reply, openai_wire.rate_limit_headers,
)  # fmt: skip
RESPONSES = Wire(
    lambda body, model, state, request: responses_wire.parse(body, model, state),
    responses_wire.render, openai_wire.error_reply, openai_wire.fault_reply, openai_wire.rate_limit_headers,
)  # fmt: skip
MESSAGES = Wire(
    lambda body, model, state, request: anthropic_wire.parse(body, model, state, request.headers.get("anthropic-version")),
    anthropic_wire.render, anthropic_wire.error_reply, anthropic_wire.fault_reply, anthropic_wire.rate_limit_headers,
)  # fmt: skip


async def _stall(request: Request, seconds: float) -> None:
    """Hold the reply (a ``timeout`` fault), giving up as soon as the client has gone."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if await request.is_disconnected():
            return
        await asyncio.sleep(min(0.05, max(0.0, deadline - time.monotonic())))


async def _answer(
    request: Request, wire: Wire, state: ServerState, body: Any, entry: dict[str, Any]
) -> Response:
    options = state.options
    if state.limiter is not None:
        wait = state.limiter.acquire()
        if wait is not None:
            entry["fault"] = "rpm"
            headers = wire.rate_limit_headers(wait, options.rpm)
            return wire.error(
                429, f"Rate limit of {options.rpm} requests per minute reached.", headers=headers
            )
    if not isinstance(body, dict):
        return wire.error(400, "The request body must be a JSON object.")
    try:
        model, spec = split_model(str(body.get("model") or ""))
        sim_name(model)
        h = request.headers
        fault = state.planner.choose(
            entry["index"], spec, h.get("x-relgap-fault"), h.get("x-relgap-fault-rate")
        )
        entry["fault"] = fault
        if fault in STATUS_FAULTS or fault == "overflow":
            return wire.fault(fault, state)
        call = wire.parse(body, model, state, request)
    except UnknownModel as exc:
        return wire.error(404, str(exc))
    except ConfigError as exc:
        return wire.error(400, str(exc))
    except WireError as exc:
        return wire.error(exc.status, exc.message)
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        return wire.error(400, f"Malformed request: {type(exc).__name__}: {exc}")
    if options.latency_ms:
        await asyncio.sleep(options.latency_ms / 1000)
    if fault == "timeout":
        await _stall(request, options.slow_seconds)
    try:
        reply = play(call.sim, call.messages, call.tools, effort=call.effort,
                     thinking_budget=call.thinking_budget, seed=call.seed)  # fmt: skip
        entry["usage"] = dataclasses.asdict(reply.usage)  # what the reply reports (before a cap)
        return wire.render(call, reply, fault, state)
    except Exception as exc:  # a simulator bug: answer like a 500, keep the traceback in the log
        log.exception("simulated model failed")
        return wire.error(500, f"The simulated model failed: {type(exc).__name__}: {exc}")


def _endpoint(wire: Wire) -> Callable[[Request], Any]:
    async def endpoint(request: Request) -> Response:
        state: ServerState = request.app.state.relgap
        try:
            raw = await request.body()
        except ClientDisconnect:
            # The client went away mid-request (killed, timed out): nobody reads a reply,
            # and it is no server error worth a traceback.
            log.info("client disconnected before sending its whole request")
            return Response(status_code=499)
        try:
            body = json.loads(raw)
        except ValueError:
            body = None
        entry = state.record(request.url.path, body, request.headers)
        if body is None:
            response = wire.error(400, "We could not parse the JSON body of your request.")
        else:
            response = await _answer(request, wire, state, body, entry)
        entry["status"] = response.status_code
        return response

    return endpoint


def _models(request: Request) -> Response:
    now = int(time.time())
    names = served_models()
    if "anthropic-version" in request.headers:
        data = [
            {"id": n, "type": "model", "display_name": n, "created_at": "2025-01-01T00:00:00Z"}
            for n in names
        ]
        return JSONResponse(
            {"data": data, "has_more": False, "first_id": names[0], "last_id": names[-1]}
        )
    return JSONResponse(
        {
            "object": "list",
            "data": [
                {"id": n, "object": "model", "created": now, "owned_by": "relgap"} for n in names
            ],
        }
    )


def create_app(options: ServerOptions | None = None) -> FastAPI:
    """The server app. ``app.state.relgap`` is its :class:`ServerState` (request log)."""
    app = FastAPI(
        title="relgap simulated models (SIMULATION, not real models)", docs_url=None, redoc_url=None
    )
    app.state.relgap = ServerState(options or ServerOptions())
    app.add_api_route("/v1/chat/completions", _endpoint(CHAT), methods=["POST"])
    app.add_api_route("/v1/responses", _endpoint(RESPONSES), methods=["POST"])
    app.add_api_route("/v1/messages", _endpoint(MESSAGES), methods=["POST"])
    app.add_api_route("/v1/models", _models, methods=["GET"])

    @app.get("/health")
    def health() -> dict[str, Any]:
        return {"status": "ok", "simulated": True, "models": served_models()}

    @app.get("/_relgap/requests")
    def requests() -> list[dict[str, Any]]:
        return app.state.relgap.requests()

    @app.delete("/_relgap/requests")
    def clear() -> dict[str, str]:
        app.state.relgap.clear()
        return {"status": "cleared"}

    return app
