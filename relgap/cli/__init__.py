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
    # Help texts are plain: square brackets ([./relgap.toml], [[gates]]) are text, not markup.
    rich_markup_mode=None,
)


def _register() -> None:
    # Imported for their side effect: each module adds its command(s) to `app`.
    from relgap.cli import commands  # noqa: F401


def _usage_types() -> tuple[type[BaseException], ...]:
    import click

    found: list[type[BaseException]] = [click.ClickException]
    vendored = getattr(
        getattr(getattr(typer, "_click", None), "exceptions", None), "ClickException", None
    )
    if vendored is not None:
        found.append(vendored)
    return tuple(found)


def _abort_types() -> tuple[type[BaseException], ...]:
    import click

    return tuple({click.exceptions.Abort, getattr(typer, "Abort", click.exceptions.Abort)})


def _usage_line(exc: BaseException) -> str:
    """A parser error on one line, with where to read the usage."""
    message = " ".join(exc.format_message().split())  # type: ignore[attr-defined]
    ctx = getattr(exc, "ctx", None)
    hint = f" (see '{ctx.command_path} --help')" if ctx is not None else ""
    return f"relgap: error: {message}{hint}"


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
    except Exception as exc:
        # Parser errors arrive here in non-standalone mode: typer >= 0.29 raises its own
        # vendored click exceptions, older typer raises click's.
        if isinstance(exc, _abort_types()):  # click's form of KeyboardInterrupt
            print("relgap: interrupted", file=sys.stderr)
            sys.exit(130)
        if isinstance(exc, _usage_types()):
            print(_usage_line(exc), file=sys.stderr)
            sys.exit(2)
        raise
    if code == 130:  # typer turns Ctrl-C (KeyboardInterrupt) into Exit(130)
        print("relgap: interrupted", file=sys.stderr)
    if isinstance(code, int) and code:
        sys.exit(code)
