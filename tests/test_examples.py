"""The shipped examples are valid: the config loads, and every relgap command line in the
GitHub Actions workflow parses against the real CLI (unknown options would fail here)."""

from __future__ import annotations

import shlex
from pathlib import Path

import typer.main
import yaml

from relgap.cli import _register, app
from relgap.config import load_config

ROOT = Path(__file__).resolve().parents[1]


def test_example_config_is_valid():
    config = load_config(ROOT / "examples" / "relgap.toml")
    assert config.suite == "food_order" and config.models
    assert {g.type for g in config.gates} == {"threshold", "regression"}


def _relgap_lines(workflow: dict) -> list[str]:
    lines = []
    for job in workflow["jobs"].values():
        for step in job["steps"]:
            script = step.get("run", "").replace("\\\n", " ")
            lines += [ln.strip() for ln in script.splitlines() if ln.strip().startswith("relgap ")]
    return lines


def test_workflow_commands_parse_against_the_cli():
    workflow = yaml.safe_load((ROOT / "examples" / "github-actions" / "nightly.yml").read_text())
    assert workflow[True]["schedule"]  # YAML 1.1 reads the `on:` key as True
    lines = _relgap_lines(workflow)
    assert {ln.split()[1] for ln in lines} >= {"run", "report", "gate"}
    _register()
    group = typer.main.get_command(app)
    for line in lines:
        args = shlex.split(line.replace("$BASE", ""))[1:]
        args = args[: args.index(">>")] if ">>" in args else args
        ctx = group.make_context("relgap", list(args), resilient_parsing=False)
        name, cmd, rest = group.resolve_command(ctx, args)
        cmd.make_context(name, rest)  # raises on an unknown option or a missing argument


def test_workflow_reads_results_with_the_config():
    """report, stats and gate must agree on k: each reads the same config file."""
    workflow = yaml.safe_load((ROOT / "examples" / "github-actions" / "nightly.yml").read_text())
    readers = [ln for ln in _relgap_lines(workflow) if ln.split()[1] in ("report", "stats", "gate")]
    assert readers
    for line in readers:
        assert "--config examples/relgap.toml" in line, line
