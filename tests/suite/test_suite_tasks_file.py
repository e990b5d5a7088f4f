"""A bad task line is named by file, line and key, in one sentence."""

from __future__ import annotations

import json

import pytest

from relgap.errors import SuiteError
from relgap.suite.tasks_file import read_tasks

GOOD = {"id": "t1", "tier": 1, "instruction": "Hi", "user_scenario": {"requests": ["Hi"]}}


def write(tmp_path, *rows):  # type: ignore[no-untyped-def]
    path = tmp_path / "tasks.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    return path


def test_good_tasks_are_read(tmp_path) -> None:
    tasks = read_tasks(write(tmp_path, GOOD, {**GOOD, "id": "t2"}))
    assert [t.id for t in tasks] == ["t1", "t2"] and tasks[0].user_scenario is not None


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ({"user_scenario": {"requests": ["Hi"], "mood": "x"}}, r":2: user_scenario.mood: Extra"),
        ({"user_scenario": {"requests": []}}, r":2: user_scenario.requests: List should have"),
        ({"user_scenario": {"requests": ["Other"]}}, r":2: task: .*requests\[0\] must be the"),
        ({"required_outputs": [{"name": "x", "any_of": [" "]}]}, r":2: required_outputs.0.any_of"),
        ({"required_actions": [{"name": "x", "kind": "called"}]}, r":2: required_actions.0: .*needs a tool"),
    ],
)  # fmt: skip
def test_a_bad_line_is_named(tmp_path, bad: dict, message: str) -> None:
    with pytest.raises(SuiteError, match=message):
        read_tasks(write(tmp_path, GOOD, {**GOOD, "id": "t2", **bad}))
