"""Bad suites fail with one line that says what to fix, before (or instead of) a run: a tool
without a docstring or type hints, a task naming a missing tool, a grader that raises."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from relgap.cli import main
from relgap.errors import SuiteError
from relgap.suite import Environment, tool

MINI = Path(__file__).parent / "mini_refund"


def test_a_tool_without_a_docstring_is_one_line() -> None:
    class Env(Environment):
        @tool
        def lookup(self, order_id: str) -> str:
            return ""

    with pytest.raises(SuiteError, match=r"tool 'lookup' \(.*Env.lookup\) has no docstring"):
        Env()


def test_a_tool_argument_without_a_type_hint_is_one_line() -> None:
    class Env(Environment):
        @tool
        def lookup(self, order_id) -> str:  # type: ignore[no-untyped-def]
            """Look an order up."""
            return ""

    with pytest.raises(
        SuiteError, match=r"argument 'order_id' has no type hint; add one \(e.g. `order_id: str`\)"
    ):
        Env()


def _copy(tmp_path: Path) -> Path:
    folder = tmp_path / "broken_suite"
    shutil.copytree(MINI, folder)
    return folder


def _cli_error(capsys, *args: str) -> str:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    err = capsys.readouterr().err
    assert exc.value.code == 2 and "Traceback" not in err and err.count("\n") == 1, err
    return err


def test_a_task_naming_a_missing_tool_stops_the_run_before_any_trial(
    tmp_path: Path, capsys
) -> None:
    folder = _copy(tmp_path)
    tasks = (
        (folder / "tasks.yaml")
        .read_text()
        .replace("kind: no_write}", "kind: not_called, tool: refund}", 1)
    )
    (folder / "tasks.yaml").write_text(tasks)
    out = tmp_path / "r"
    err = _cli_error(capsys, "run", str(folder), "-m", "sim/fast", "-n", "1", "-o", str(out))
    assert (
        "task 'mr-4' required_actions[0] names tool 'refund', which its environment does not have"
        in err
    )
    assert "(tools: get_order, refund_order)" in err
    assert not out.exists()


def test_a_grader_that_raises_stops_the_run_with_one_line(tmp_path: Path, capsys) -> None:
    folder = _copy(tmp_path)
    code = (
        (folder / "suite.py")
        .read_text()
        .replace("        assert isinstance(env, RefundDesk)", "        raise KeyError('refunded')")
    )
    (folder / "suite.py").write_text(code)
    err = _cli_error(
        capsys, "run", str(folder), "-m", "sim/fast", "-n", "1", "-o", str(tmp_path / "r")
    )
    assert "grade() raised on task 'mr-" in err and "KeyError: 'refunded'" in err
    assert "fix the grader" in err


def test_a_tool_without_a_docstring_in_a_suite_folder_is_one_line(tmp_path: Path, capsys) -> None:
    folder = _copy(tmp_path)
    code = (folder / "tools.py").read_text()
    docstring = code[
        code.index('        """Look an order up.') : code.index("        if order_id not in")
    ]
    (folder / "tools.py").write_text(code.replace(docstring, "", 1))
    err = _cli_error(
        capsys, "run", str(folder), "-m", "sim/fast", "-n", "1", "-o", str(tmp_path / "r")
    )
    assert "tool 'get_order' (RefundDesk.get_order) has no docstring" in err
