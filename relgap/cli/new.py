"""`relgap new suite NAME [--dir DIR]`: start a suite from a working template."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from relgap.cli import app
from relgap.cli.output import result_console
from relgap.scaffold import new_suite

new_app = typer.Typer(
    name="new", help="Create something new from a template.", no_args_is_help=True
)
app.add_typer(new_app, name="new")


@new_app.command("suite")
def new_suite_command(
    name: Annotated[str, typer.Argument(help="The suite's name, e.g. clinic_booking.")],
    directory: Annotated[
        Path, typer.Option("--dir", help="Where to create the folder NAME/.")
    ] = Path("."),
) -> None:
    """Write a working suite folder NAME/: world, tools, tasks, grader, reference, tests."""
    folder = new_suite(name, directory)
    # A path relgap reads as a folder, not a suite name: ./clinic/, not clinic.
    shown = f"{folder}/" if folder.is_absolute() else f"./{folder.as_posix()}/"
    console = result_console()
    console.print(f"Created the suite folder {shown}; next:")
    console.print(f"  relgap suite check {shown}")
    console.print(f"  relgap run {shown} -m sim/oracle -n 2 -o runs/{name}")
    console.print(f"  pytest {shown}")
