"""relgap.stats: the public API is complete and stays free of presentation code."""

from __future__ import annotations

import subprocess
import sys

import relgap.stats


def test_all_lists_every_public_name():
    exported = set(relgap.stats.__all__)
    public = {
        name
        for name, value in vars(relgap.stats).items()
        if not name.startswith("_") and type(value).__name__ != "module"
    }
    assert public <= exported
    for name in exported:
        assert hasattr(relgap.stats, name), name


def test_stats_never_imports_rich_providers_or_the_cli():
    # relgap/__init__ itself pulls in providers; what matters is what stats adds.
    code = (
        "import sys, relgap; before = set(sys.modules);"
        "import relgap.stats, relgap.stats.sweep, relgap.stats.compare;"
        "bad = [m for m in set(sys.modules) - before if m.split('.')[0] == 'rich'"
        " or m.startswith(('relgap.providers', 'relgap.cli', 'relgap.report'))];"
        "print(','.join(sorted(bad)))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""
