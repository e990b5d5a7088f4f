"""Imports every command module so each registers itself on the app."""

from relgap.cli import (  # noqa: F401
    demo,
    gate,
    imports,
    models,
    new,
    plan,
    report,
    run,
    serve,
    stats,
    suite_check,
    suites,
)
