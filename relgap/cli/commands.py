"""Imports every command module so each registers itself on the app."""

from relgap.cli import demo, gate, models, new, report, run, serve, stats, suites  # noqa: F401
