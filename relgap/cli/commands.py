"""Imports every command module so each registers itself on the app.

The order of the imports is the order of ``relgap --help``: the main job first.
"""
# isort: skip_file
# ruff: noqa: F401

from relgap.cli import run, demo, gate, stats, models, plan, report, serve, suites
from relgap.cli import imports, new, suite_check
