"""`relgap serve`: the simulated models behind the OpenAI and Anthropic wire formats."""

from __future__ import annotations

from typing import Annotated

import typer

from relgap.cli import app
from relgap.errors import ConfigError
from relgap.options import ServeOptions, validate_options
from relgap.server.faults import FAULT_KINDS, parse_fault_list


def check_bindable(host: str, port: int) -> None:
    """Bind once before uvicorn does, so a bad host or a busy port is one line, exit 2."""
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        with socket.socket(infos[0][0], socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind(infos[0][4])
    except (OSError, UnicodeError) as exc:
        reason = getattr(exc, "strerror", None) or str(exc)
        raise ConfigError(f"cannot listen on {host}:{port}: {reason}") from None


@app.command("serve")
def serve_command(
    port: Annotated[int, typer.Option(help="Port to listen on.")] = 8765,
    host: Annotated[
        str, typer.Option(help="Interface to bind (keep 127.0.0.1 unless you must).")
    ] = "127.0.0.1",
    latency_ms: Annotated[
        float, typer.Option(help="Fixed delay added to every reply, in ms.")
    ] = 0.0,
    rpm: Annotated[
        int | None, typer.Option(help="Requests per sliding minute before 429s.")
    ] = None,
    rate_window: Annotated[
        float, typer.Option(help="Sliding window the --rpm limit is counted over, in seconds.")
    ] = 60.0,
    fault_rate: Annotated[
        float, typer.Option(help="Share of requests that get a fault (0..1).")
    ] = 0.0,
    faults: Annotated[
        str, typer.Option(help=f"Faults to draw from: {', '.join(FAULT_KINDS)}.")
    ] = "429,500",
    slow_seconds: Annotated[float, typer.Option(help="How long a 'timeout' fault stalls.")] = 30.0,
    retry_after: Annotated[
        float, typer.Option(help="Retry-After seconds announced by a 429 fault.")
    ] = 1.0,
    seed: Annotated[int, typer.Option(help="Seed of the fault draws.")] = 0,
    suite: Annotated[
        list[str] | None,
        typer.Option("--suite", help="A suite folder the simulated models play too; repeatable."),
    ] = None,
) -> None:
    """Serve the SIMULATED models (sim-oracle, sim-fast, sim-reasoner-*) over HTTP.

    Point an SDK at it: OpenAI base URL http://HOST:PORT/v1, Anthropic base URL
    http://HOST:PORT (any key, or none for a loopback host). Ask for faults with a model
    suffix (sim-fast+fault=429,timeout+rate=0.3), the header x-relgap-fault: 500, or the
    server-wide --fault-rate/--faults. They play the installed suites and the suite
    folders given with --suite.
    """
    import uvicorn

    from relgap.server import ServerOptions, create_app
    from relgap.suite.registry import load_path

    validate_options(
        ServeOptions,
        {
            "port": port, "latency_ms": latency_ms, "rpm": rpm, "rate_window": rate_window,
            "fault_rate": fault_rate, "slow_seconds": slow_seconds, "retry_after": retry_after,
        },
    )  # fmt: skip
    check_bindable(host, port)
    for folder in suite or []:
        load_path(folder)  # installed suites are known already; folders must be named
    options = ServerOptions(
        latency_ms=latency_ms,
        rpm=rpm,
        rate_window_s=rate_window,
        fault_rate=fault_rate,
        faults=parse_fault_list(faults),
        slow_seconds=slow_seconds,
        retry_after_s=retry_after,
        seed=seed,
    )
    shown = f"[{host}]" if ":" in host else host
    typer.echo(f"relgap serve: SIMULATED models (not real models) on http://{shown}:{port}")
    typer.echo(
        f"  OpenAI SDK:    base_url=http://{shown}:{port}/v1   models: sim-oracle, sim-fast, sim-reasoner[-low|-medium|-high]"
    )
    typer.echo(f"  Anthropic SDK: base_url=http://{shown}:{port}")
    if fault_rate:
        typer.echo(f"  faults: {faults} on {fault_rate:.0%} of requests")
    uvicorn.run(
        create_app(options), host=host, port=port, log_level="warning", timeout_graceful_shutdown=2
    )
