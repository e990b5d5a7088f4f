"""`relgap models`: the model names relgap knows."""

from __future__ import annotations

from rich.table import Table

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.providers.registry import list_kinds
from relgap.simulation import SIM_MODELS


@app.command("models")
def models_command() -> None:
    """List model name prefixes (installed provider plugins included) and the simulated models."""
    console = result_console()
    sims = Table(title="Simulated models (SIMULATION: offline, no key; not real models)")
    for col in ("name", "family", "effort", "skill", "spread", "$/Mtok in", "$/Mtok out"):
        sims.add_column(col)
    for p in SIM_MODELS.values():
        sims.add_row(
            p.name, p.family, p.reasoning_effort or "-", "perfect" if p.perfect else f"{p.skill:g}",
            f"{p.spread:g}", f"{p.usd_per_mtok_in:g}", f"{p.usd_per_mtok_out:g}",
        )  # fmt: skip
    sims.add_row("sim/reasoner", "sim/reasoner", "from --variant effort=...", "", "", "", "")
    sims.add_row("sim/user", "sim/user", "-", "a user model for --user-model", "", "", "")
    console.print(sims)
    kinds = Table(title="Model name prefixes (hosted providers read keys from the environment)")
    for col in ("prefix", "what", "example", "from"):
        kinds.add_column(col)
    for listing in list_kinds():
        if listing.kind is None:
            kinds.add_row(f"{listing.prefix}/", f"BROKEN: {listing.error}", "-", listing.source)
        else:
            kind = listing.kind
            kinds.add_row(f"{kind.prefix}/", kind.description, kind.example, listing.source)
    console.print(kinds)
