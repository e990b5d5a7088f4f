"""`relgap suites`: list suites with task counts per tier."""

from __future__ import annotations

from collections import Counter

from rich.table import Table

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.suite.registry import get_suite, suite_names


@app.command("suites")
def suites_command() -> None:
    """List the available suites with their task counts per tier."""
    table = Table(title="relgap suites")
    table.add_column("suite")
    table.add_column("tasks", justify="right")
    table.add_column("per tier")
    table.add_column("description")
    for name in suite_names():
        suite = get_suite(name)
        tiers = Counter(t.tier for t in suite.tasks())
        per_tier = ", ".join(f"T{tier}: {n}" for tier, n in sorted(tiers.items()))
        table.add_row(name, str(sum(tiers.values())), per_tier, suite.description)
    result_console().print(table)
