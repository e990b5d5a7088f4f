"""docs/writing-a-suite.md works: every command in it runs, in order, in an empty folder, and
ends in an HTML report; its API reference is the current docstrings."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

import relgap.suite.registry as registry
from relgap.scaffold.apidoc import rewrite

GUIDE = Path(__file__).resolve().parents[2] / "docs" / "writing-a-suite.md"
try:
    import relgap.cli.suite_check  # noqa: F401

    HAS_CHECK = True
except ImportError:
    HAS_CHECK = False


def commands() -> list[str]:
    blocks = re.findall(r"```bash\n(.*?)```", GUIDE.read_text(encoding="utf-8"), flags=re.S)
    return [line.strip() for block in blocks for line in block.splitlines() if line.strip()]


def test_the_api_reference_is_current() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    assert rewrite(text) == text, "run: python -m relgap.scaffold.apidoc docs/writing-a-suite.md"
    assert "### `Suite`" in text and "### `UserScenario`" in text


def test_the_guide_covers_what_a_suite_writer_needs() -> None:
    text = GUIDE.read_text(encoding="utf-8")
    for topic in ("user scenario", "required_outputs", "reference_script", "sim_mistakes",
                  "relgap suite check", "Inspect AI", "promptfoo", "--html"):  # fmt: skip
        assert topic in text, topic
    assert commands()[0] == "relgap new suite clinic"


@pytest.mark.skipif(
    not (HAS_CHECK and hasattr(registry, "resolve_suite")),
    reason="needs suites by path and relgap suite check (issues 14 and 15 part A)",
)
def test_every_command_of_the_guide_runs(tmp_path: Path) -> None:
    env = {**os.environ, "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ['PATH']}"}
    for command in commands():
        done = subprocess.run(
            command, shell=True, cwd=tmp_path, env=env, capture_output=True, text=True,
            timeout=600,
        )  # fmt: skip
        assert done.returncode == 0, f"{command}\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    html = (tmp_path / "clinic.html").read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and "SIMULATED" in html
