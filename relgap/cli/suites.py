"""`relgap suites`: list suites with where each came from and task counts per tier."""

from __future__ import annotations

from collections import Counter
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.suite.registry import list_suites


@app.command("suites")
def suites_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(help="Suite folders to list too (e.g. ./my_suite/)."),
    ] = None,
) -> None:
    """List the installed suites (entry points) and the suite folders given.

    Each with where it came from and its task counts per tier.
    """
    table = Table(title="relgap suites")
    table.add_column("suite")
    table.add_column("tasks", justify="right")
    table.add_column("per tier")
    table.add_column("from")
    table.add_column("description")
    for suite, source in list_suites(list(paths or [])):
        tiers = Counter(t.tier for t in suite.tasks())
        per_tier = ", ".join(f"T{tier}: {n}" for tier, n in sorted(tiers.items()))
        table.add_row(
            escape(suite.name),
            str(sum(tiers.values())),
            per_tier,
            escape(source.describe()),
            escape(suite.description),
        )
    result_console().print(table)
