"""Suites load by entry point, by path and as an object; every source plays with the
simulated models (generic mistakes for a suite without a catalogue)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from relgap.cli import main
from relgap.errors import SuiteError
from relgap.run.config import RunConfig
from relgap.run.runner import run_suite
from relgap.simulation.provider import UNKNOWN_TASK_REPLY
from relgap.store import load
from relgap.suite.registry import list_suites, resolve_suite, suite_source

MINI = Path(__file__).parent / "mini_refund"


def _records(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "trials.jsonl").read_text().splitlines()]


def test_a_suite_folder_loads_by_path_with_its_yaml_tasks() -> None:
    suite = resolve_suite(str(MINI))
    assert suite.name == "mini_refund"
    assert [t.id for t in suite.tasks()][:2] == ["mr-1", "mr-2"]
    assert "never refund more than $100" in suite.system_prompt(suite.tasks()[0])
    assert suite_source(suite).kind == "path" and suite_source(suite).where == str(MINI)
    assert resolve_suite(str(MINI / "suite.py")) is suite  # the file names its folder


def test_a_bare_folder_name_loads_when_no_suite_has_that_name(monkeypatch) -> None:
    monkeypatch.chdir(MINI.parent)
    assert resolve_suite("mini_refund").name == "mini_refund"


def test_list_suites_says_where_each_came_from() -> None:
    found = {s.name: src for s, src in list_suites([str(MINI)])}
    assert found["food_order"].kind == "entry point"
    assert "relgap" in found["food_order"].where and "food_order:suite" in found["food_order"].where
    assert found["mini_refund"].describe() == f"path: {MINI}"


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda p: p / "nothing", "no such suite folder"),
        (lambda p: p, "not a suite folder (it needs a suite.py"),
        (lambda p: (p / "suite.py").write_text("x = 1\n") and p, "define `suite = MySuite()`"),
        (lambda p: (p / "suite.py").write_text("suite = 3\n") and p, "`suite` is a int, not a"),
    ],
)
def test_a_bad_suite_folder_is_one_line(tmp_path: Path, make, message: str) -> None:
    with pytest.raises(SuiteError, match=re.escape(message)):
        resolve_suite(str(make(tmp_path)))


def test_simulated_models_play_a_path_suite_with_generic_mistakes(tmp_path: Path) -> None:
    config = RunConfig(suite=str(MINI), models=["sim/oracle", "sim/fast"], trials=30, concurrency=2)
    run_suite(config, str(tmp_path / "r"))
    records = _records(tmp_path / "r")
    assert all(UNKNOWN_TASK_REPLY not in json.dumps(r["transcript"]) for r in records)
    df = load(tmp_path / "r")
    rate = df.groupby("model")["passed"].mean()
    assert rate["sim/oracle"] == 1.0
    # sim/fast errs: generic mistakes make trials fail, on doing and on declining tasks.
    failed = df[(df.model == "sim/fast") & ~df.passed]
    assert 0 < rate["sim/fast"] < 1
    assert "mr-6" in set(failed.task_id)  # refunded the sofa anyway (acted_anyway)
    manifest = json.loads((tmp_path / "r" / "manifest.json").read_text())
    assert manifest["config"]["suite"] == "mini_refund"
    assert manifest["suite_source"] == f"path: {MINI}"


def test_a_suite_object_plays_without_being_installed(tmp_path: Path) -> None:
    from relgap.run.runner import Runner

    fresh = type(resolve_suite(str(MINI)))()  # a new object, not the registered one
    config = RunConfig(suite="mini_refund", models=["sim/reasoner-high"], trials=4)
    import asyncio

    runner = Runner(config, str(tmp_path / "o"), suite=fresh)
    asyncio.run(runner.run_async())
    records = _records(tmp_path / "o")
    assert len(records) == 6 * 4
    assert all(UNKNOWN_TASK_REPLY not in json.dumps(r["transcript"]) for r in records)
    assert sum(r["passed"] for r in records) >= 18  # a strong model passes most
    manifest = json.loads((tmp_path / "o" / "manifest.json").read_text())
    assert manifest["suite_source"].startswith("object: relgap_suite_mini_refund_")


def test_cli_runs_and_lists_a_suite_folder(tmp_path: Path, capsys) -> None:
    out = tmp_path / "cli"
    with pytest.raises(SystemExit) as exc:
        main(["run", str(MINI), "-m", "sim/fast", "-n", "2", "-o", str(out)])
        raise SystemExit(0)
    assert exc.value.code == 0
    assert len(_records(out)) == 12
    main(["run", str(MINI), "-m", "sim/fast", "-n", "2", "-o", str(out)])  # resumes
    assert len(_records(out)) == 12
    assert "0 trials run (12 already recorded)" in " ".join(capsys.readouterr().out.split())
    with pytest.raises(SystemExit) as exc:
        main(["suites", str(MINI)])
        raise SystemExit(0)
    text = capsys.readouterr().out
    assert exc.value.code == 0 and "mini_refund" in text and "path:" in text
    assert "food_order" in text and "entry point" in text


def test_served_simulated_models_play_a_path_suite(tmp_path: Path) -> None:
    """`relgap serve --suite ./folder` (its own process) plays a suite folder behind the
    real OpenAI SDK, as it plays the installed suites."""
    from relgap.server import serve_in_subprocess

    with serve_in_subprocess("--suite", str(MINI)) as url:
        config = RunConfig(
            suite=str(MINI), models=["openai/sim-oracle"], trials=1, base_url=f"{url}/v1"
        )
        run_suite(config, str(tmp_path / "s"))
    records = _records(tmp_path / "s")
    assert len(records) == 6 and all(r["passed"] and r["simulated"] for r in records)


def test_a_suite_object_plays_behind_an_in_process_server(tmp_path: Path) -> None:
    """The Runner registers a suite object in its process, so `relgap serve` in a thread
    (notebooks, tests) plays it behind the OpenAI SDK."""
    from relgap.server import serve_in_thread

    base = resolve_suite(str(MINI))

    class Renamed(type(base)):  # type: ignore[misc]
        name = "mini_refund_object"

        def tasks(self):  # type: ignore[no-untyped-def]
            return base.tasks()

    with serve_in_thread() as server:
        config = RunConfig(
            suite="mini_refund_object", models=["openai/sim-oracle"], trials=1,
            base_url=server.openai_base_url,
        )  # fmt: skip
        run_suite(config, str(tmp_path / "t"), suite=Renamed())
    records = _records(tmp_path / "t")
    assert len(records) == 6 and all(r["passed"] for r in records)
    assert {s.name: src.kind for s, src in list_suites()}["mini_refund_object"] == "object"
