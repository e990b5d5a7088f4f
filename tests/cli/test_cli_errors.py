"""Bad input: one line on stderr naming what is wrong, exit code 2, no traceback."""

from __future__ import annotations

import subprocess
import sys

import pytest

from relgap.cli import main


def run_cli(capsys, *args: str) -> tuple[int, str, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    out, err = capsys.readouterr()
    return exc.value.code, out, err


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["run", "no_such_suite", "-m", "sim/fast", "-o", "{tmp}/r"],
            "unknown suite 'no_such_suite'",
        ),
        (["run", "food_order", "-m", "gpt-4", "-o", "{tmp}/r"], "unknown model 'gpt-4'"),
        (
            ["run", "food_order", "-m", "sim/genius", "-o", "{tmp}/r"],
            "unknown simulated model 'sim/genius'",
        ),
        (
            ["run", "food_order", "-m", "sim/fast", "-n", "0", "-o", "{tmp}/r"],
            "--trials must be at least 1",
        ),
        (
            ["run", "food_order", "-m", "sim/fast", "--tasks", "fo-t9-999", "-o", "{tmp}/r"],
            "has no task 'fo-t9-999'",
        ),
        (["run", "food_order", "-m", "sim/fast", "--tier", "7", "-o", "{tmp}/r"], "has no tier 7"),
        (
            ["run", "food_order", "-m", "sim/fast", "--variant", "effort=huge", "-o", "{tmp}/r"],
            "'huge' is not one of",
        ),
        (["run", "food_order", "-m", "openai/gpt-4.1", "-o", "{tmp}/r"], "OPENAI_API_KEY"),
        (
            ["run", "food_order", "-m", "anthropic/claude-sonnet-4-5", "-o", "{tmp}/r"],
            "ANTHROPIC_API_KEY",
        ),
        (
            [
                "run",
                "food_order",
                "-m",
                "sim/reasoner",
                "--variant",
                "effort=minimal",
                "-o",
                "{tmp}/r",
            ],
            "takes reasoning effort low, medium, high",
        ),
        (
            [
                "run",
                "food_order",
                "-m",
                "anthropic/claude-x",
                "--variant",
                "thinking=512",
                "--base-url",
                "http://127.0.0.1:9",
                "-o",
                "{tmp}/r",
            ],
            "at least 1024 tokens",
        ),
        (
            [
                "run",
                "food_order",
                "-m",
                "anthropic/claude-x",
                "--variant",
                "effort=minimal",
                "--base-url",
                "http://127.0.0.1:9",
                "-o",
                "{tmp}/r",
            ],
            "'minimal' is not one of low",
        ),
    ],
)
def test_bad_run_input_is_one_line_and_exit_2(capsys, tmp_path, args, message):
    code, _, err = run_cli(capsys, *[a.format(tmp=tmp_path) for a in args])
    assert code == 2
    assert message in err
    assert err.startswith("relgap: error: ") and err.count("\n") == 1
    assert not (tmp_path / "r" / "trials.jsonl").exists()  # failed before any trial


def test_resuming_into_a_run_of_another_suite_or_seed_is_refused(capsys, tmp_path):
    out = str(tmp_path / "r")
    main(["run", "food_order", "-m", "sim/oracle", "-n", "1", "--tasks", "fo-t1-001", "-o", out])
    before = (tmp_path / "r" / "trials.jsonl").read_text()
    code, _, err = run_cli(
        capsys, "run", "food_order", "-m", "sim/oracle", "-n", "1", "--seed", "5", "-o", out
    )
    assert code == 2 and "seed=0" in err
    assert (tmp_path / "r" / "trials.jsonl").read_text() == before  # nothing lost


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["run", "food_order"], "--model"),  # relgap's own check
        (["run", "--nosuch"], "No such option: --nosuch"),
        (["run", "food_order", "-m", "sim/fast", "-n", "abc", "-o", "x"], "'--trials'"),
        (["stats", ".", "--k", "0"], "'--k'"),
        (["report"], "Missing argument"),
        (["nosuchcommand"], "No such command"),
    ],
)
def test_parser_errors_exit_2_without_a_traceback(args, message):
    proc = subprocess.run(
        [sys.executable, "-m", "relgap", *args], capture_output=True, text=True, timeout=120
    )
    assert proc.returncode == 2, proc.stderr
    assert message in proc.stderr and "Traceback" not in proc.stderr


def test_no_traceback_in_a_real_process(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "relgap", "run", "food_order", "-m", "sim/fast", "-n", "0", "-o", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2
    assert proc.stderr.strip() == "relgap: error: --trials must be at least 1 (got 0)"
    assert "Traceback" not in proc.stderr


def test_relgap_debug_shows_the_traceback(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "relgap", "run", "nosuite", "-m", "sim/fast", "-o", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=120, env={**__import__("os").environ, "RELGAP_DEBUG": "1"},
    )  # fmt: skip
    assert proc.returncode != 0 and "Traceback" in proc.stderr and "SuiteError" in proc.stderr
