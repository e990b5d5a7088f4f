"""The `relgap` command line. Only this package prints or exits.

Each command lives in its own module and registers itself on ``app``. ``main`` catches
:class:`~relgap.errors.RelgapError` once: one line on stderr, exit code 2, no traceback
(``RELGAP_DEBUG=1`` shows it). Any other exception is a bug and keeps its traceback.
"""

from __future__ import annotations

import os
import sys

import typer

from relgap.errors import RelgapError

app = typer.Typer(
    name="relgap",
    help="Measure the capability-reliability gap (pass@k vs pass^k) of LLM applications.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)


def _register() -> None:
    # Imported for their side effect: each module adds its command(s) to `app`.
    from relgap.cli import commands  # noqa: F401


def main(argv: list[str] | None = None) -> None:
    """Entry point of the `relgap` script."""
    _register()
    try:
        # Without standalone mode, click returns typer.Exit's code instead of exiting.
        code = app(args=argv, standalone_mode=False)
    except RelgapError as exc:
        if os.environ.get("RELGAP_DEBUG"):
            raise
        print(f"relgap: error: {exc}", file=sys.stderr)
        sys.exit(exc.exit_code)
    except KeyboardInterrupt:
        print("relgap: interrupted", file=sys.stderr)
        sys.exit(130)
    except Exception as exc:  # click's usage errors arrive here in non-standalone mode
        import click

        if isinstance(exc, click.exceptions.Abort):  # click's form of KeyboardInterrupt
            print("relgap: interrupted", file=sys.stderr)
            sys.exit(130)
        if isinstance(exc, click.ClickException):
            exc.show()
            sys.exit(2)
        raise
    if code == 130:  # typer turns Ctrl-C (KeyboardInterrupt) into Exit(130)
        print("relgap: interrupted", file=sys.stderr)
    if isinstance(code, int) and code:
        sys.exit(code)
