"""Fixtures of the report tests: run directories built fast from synthetic records."""

from __future__ import annotations

from pathlib import Path

import pytest
from report_helpers import make_records, write_run


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Three simulated models, two of them a reasoning sweep, with a few error trials and
    one task whose transcripts carry script and attribute injections."""
    path = tmp_path_factory.mktemp("report") / "run"
    records = make_records("run-a", error_every=23, hostile_task="t03")
    return write_run(path, records)
