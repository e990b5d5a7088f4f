"""Every command's --help shows each option's help text whole (square brackets included)."""

from __future__ import annotations

import re
from typing import Any

import pytest
import typer

from relgap.cli import _register, app


def _commands() -> list[tuple[list[str], Any]]:
    _register()
    root = typer.main.get_command(app)
    found: list[tuple[list[str], Any]] = []

    def walk(path: list[str], command: Any) -> None:
        found.append((path, command))
        if hasattr(command, "commands"):
            for name, sub in command.commands.items():
                walk([*path, name], sub)

    walk([], root)
    return found


def _flat(text: str) -> str:
    # Help is wrapped (and maybe boxed) to the terminal: compare words, not layout.
    return " ".join(re.sub(r"[│╭╮╰╯─]", " ", text).split())


COMMANDS = _commands()


def _help(capsys, args: list[str]) -> str:
    from relgap.cli import main

    try:
        main([*args, "--help"])
    except SystemExit as exc:
        assert exc.code in (0, None)
    return _flat(capsys.readouterr().out)


def test_every_command_is_covered():
    names = {" ".join(path) for path, _ in COMMANDS}
    assert {"run", "report", "gate", "stats", "serve", "baseline save", "import csv"} <= names


@pytest.mark.parametrize("path", [p for p, _ in COMMANDS], ids=lambda p: " ".join(p) or "relgap")
def test_help_shows_every_option_help_whole(path, capsys):
    shown = _help(capsys, path)
    command = dict((tuple(p), c) for p, c in COMMANDS)[tuple(path)]
    for param in command.params:
        text = getattr(param, "help", None)
        if text:
            assert _flat(text) in shown, f"{' '.join(path)} {param.name}: help text mangled"
    assert "[]" not in shown and "or ]" not in shown


def test_the_issue_examples_render(capsys):
    for args, wanted in [
        (["run"], "[./relgap.toml or [tool.relgap]]"),
        (["gate"], "Config file with [[gates]]."),
    ]:
        assert wanted in _help(capsys, args)
