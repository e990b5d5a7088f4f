"""`relgap suite check SUITE`: the reference passes, baselines fail, the data regenerates.

Exit 0 when every check passes, 1 when one fails, 2 on bad input.
"""

from __future__ import annotations

import asyncio
from typing import Annotated

import typer
from rich.table import Table

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.errors import ConfigError
from relgap.run.suite_check import SuiteCheck, check_suite
from relgap.suite.base import Suite
from relgap.suite.registry import resolve_suite

suite_app = typer.Typer(
    name="suite", help="Work on a suite: check that it is sound.", no_args_is_help=True
)
app.add_typer(suite_app, name="suite")

_MARK = {"pass": "[green]pass[/]", "fail": "[red]FAIL[/]", "skip": "[dim]skip[/]"}
_SHOWN_TASKS = 8


def parse_limits(values: list[str]) -> dict[str, float]:
    """``NAME=SHARE`` pairs (``careless=0.35`` or ``careless=35%``) into a dict."""
    limits: dict[str, float] = {}
    for value in values:
        name, sep, share = value.partition("=")
        try:
            number = float(share.rstrip("%")) / (100 if share.endswith("%") else 1)
        except ValueError:
            number = -1.0
        if not sep or not name.strip() or number < 0:
            raise ConfigError(f"--limit takes NAME=SHARE (e.g. careless=0.35), got '{value}'")
        limits[name.strip()] = number
    return limits


def _tasks_cell(tasks: tuple[str, ...]) -> str:
    shown = ", ".join(tasks[:_SHOWN_TASKS])
    return shown + (f", ... (+{len(tasks) - _SHOWN_TASKS})" if len(tasks) > _SHOWN_TASKS else "")


def check_table(check: SuiteCheck) -> Table:
    """The verdicts of `relgap suite check` as a table, one row per check."""
    table = Table(title=f"relgap suite check: {check.suite} ({check.tasks} tasks)")
    table.add_column("check")
    table.add_column("result")
    table.add_column("detail")
    table.add_column("tasks")
    for row in check.results:
        table.add_row(row.name, _MARK[row.status], row.detail, _tasks_cell(row.tasks))
    return table


@suite_app.command("check")
def check_command(
    suite: Annotated[
        str,
        typer.Argument(help="The suite to check: a name from `relgap suites` or a suite folder."),
    ],
    user_model: Annotated[
        str | None,
        typer.Option("--user-model", help="Also run the reference with this model as the user."),
    ] = None,
    limit: Annotated[
        list[str] | None,
        typer.Option(
            "--limit",
            help="Highest share of tasks a baseline may pass, NAME=SHARE "
            "(e.g. careless=0.35); repeatable. Defaults: no-tools 2%, text-only 2%, careless 35%.",
        ),
    ] = None,
) -> None:
    """Check a suite: reference passes every task, baseline agents pass few, data regenerates."""
    limits = parse_limits(limit or [])
    the_suite = resolve_suite(suite)
    check = asyncio.run(_run(the_suite, user_model, limits))
    console = result_console()
    console.print(check_table(check))
    verdict = "all checks pass" if check.ok else "some checks FAIL"
    console.print(f"{check.suite}: {verdict}")
    if not check.ok:
        raise typer.Exit(1)


async def _run(suite: Suite, user_model: str | None, limits: dict[str, float]) -> SuiteCheck:
    from relgap.providers.registry import get_provider
    from relgap.run.trial import llm_user_factory

    if user_model is None:
        return await check_suite(suite, limits=limits)
    provider = get_provider(user_model)
    try:
        return await check_suite(
            suite,
            limits=limits,
            llm_user=llm_user_factory(provider, user_model),
            llm_user_label=f"user {user_model}",
        )
    finally:
        await provider.aclose()
