"""`relgap import inspect` on logs a real Inspect eval run writes, offline (mockllm).

Inspect's own ``eval()`` runs two small tasks on its ``mockllm`` model (replies scripted
with usage set, so no tokenizer download), three epochs each, and writes an ``.eval`` log
and a ``.json`` log. One sample's solver fails in epoch 2: Inspect records ``sample.error``,
which must become an error trial.
"""

from __future__ import annotations

from pathlib import Path

import pytest

inspect_ai = pytest.importorskip("inspect_ai")

from inspect_ai import Task, eval  # noqa: E402
from inspect_ai.dataset import Sample  # noqa: E402
from inspect_ai.model import ModelOutput, ModelUsage, get_model  # noqa: E402
from inspect_ai.scorer import includes, match  # noqa: E402
from inspect_ai.solver import solver  # noqa: E402

from relgap.cli import main  # noqa: E402
from relgap.errors import ConfigError  # noqa: E402
from relgap.stats import summarize_dict as summarize  # noqa: E402
from relgap.store import load  # noqa: E402
from relgap.store.import_inspect import import_inspect  # noqa: E402


@solver
def flaky():  # type: ignore[no-untyped-def]
    async def solve(state, generate):  # type: ignore[no-untyped-def]
        if state.sample_id == "boom" and state.epoch == 2:
            raise RuntimeError("tool server went away")
        return await generate(state)

    return solve


def _reply(input, tools, tool_choice, config):  # type: ignore[no-untyped-def]
    out = ModelOutput.from_content(model="mockllm/model", content="Default output from mockllm")
    out.usage = ModelUsage(input_tokens=12, output_tokens=5, total_tokens=17)
    return out


def _task(name: str, scorers: list) -> Task:
    samples = [Sample(id="yes", input="Say hi", target="Default"),
               Sample(id="no", input="Say bye", target="zebra"),
               Sample(id="boom", input="Say hi", target="Default")]  # fmt: skip
    return Task(name=name, dataset=samples, solver=flaky(), scorer=scorers)


@pytest.fixture(scope="module")
def logs(tmp_path_factory) -> dict[str, Path]:
    root = tmp_path_factory.mktemp("inspect-logs")
    model = get_model("mockllm/model", custom_outputs=_reply)
    out = {}
    for fmt, task in (("eval", _task("tiny", [includes()])),
                      ("json", _task("tiny_two", [includes(), match()]))):  # fmt: skip
        (log,) = eval(task, model=model, epochs=3, log_dir=str(root / fmt), log_format=fmt,
                      fail_on_error=False, display="none")  # fmt: skip
        out[fmt] = Path(log.location)
    return out


def test_eval_log_samples_and_epochs_become_trials(logs, tmp_path: Path) -> None:
    assert logs["eval"].suffix == ".eval"
    result = import_inspect([logs["eval"]], tmp_path / "run")
    assert (result.n_trials, result.n_tasks, result.n_error_trials) == (9, 3, 1)
    assert result.models == ("mockllm/model",)
    frame = load(tmp_path / "run")
    assert set(frame["suite"]) == {"tiny"}
    g = summarize(frame, bootstrap=0)["groups"][0]
    by_task = {t["task_id"]: (t["c"], t["n"], t["n_error"]) for t in g["tasks"]}
    assert by_task == {"yes": (3, 3, 0), "no": (0, 3, 0), "boom": (2, 2, 1)}
    valid = frame[frame["outcome"] != "error"]
    assert (valid["input_tokens"] == 12).all() and (valid["steps"] == 1).all()
    error = frame[frame["outcome"] == "error"].iloc[0]
    assert "tool server went away" in error["error"]


def test_json_log_needs_a_scorer_choice_and_honours_a_threshold(logs, tmp_path: Path) -> None:
    assert logs["json"].suffix == ".json"
    with pytest.raises(ConfigError, match="choose one with --scorer"):
        import_inspect([logs["json"]], tmp_path / "a")
    with pytest.raises(ConfigError, match="no scorer 'exact'"):
        import_inspect([logs["json"]], tmp_path / "a", scorer="exact")
    # match() compares the whole output with the target: nothing passes.
    none = import_inspect([logs["json"]], tmp_path / "b", scorer="match")
    assert not load(none.out_dir)["passed"].any()
    some = import_inspect([logs["json"]], tmp_path / "c", scorer="includes", threshold=0.5)
    assert load(some.out_dir)["passed"].sum() == 5


def test_cli_and_unreadable_logs(logs, tmp_path: Path, capsys) -> None:
    main(["import", "inspect", str(logs["eval"]), "--out", str(tmp_path / "run")])
    assert "Imported 9 trials (3 tasks, 1 error trials)" in capsys.readouterr().out
    bad = tmp_path / "bad.json"
    bad.write_text("{not json")
    with pytest.raises(ConfigError, match="not a readable Inspect eval log"):
        import_inspect([bad], tmp_path / "x")
    with pytest.raises(ConfigError, match="no such file"):
        import_inspect([tmp_path / "missing.eval"], tmp_path / "y")
