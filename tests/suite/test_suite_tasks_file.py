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


YAML_GOOD = """\
# tasks as YAML
- id: t1
  tier: 1
  instruction: Hi
- id: t2
  tier: 2
  instruction: Hello
  user_scenario:
    requests:
      - Hello
"""


def test_yaml_tasks_are_read(tmp_path) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text(YAML_GOOD)
    assert [t.id for t in read_tasks(path)] == ["t1", "t2"]
    path.write_text("tasks:\n" + "".join("  " + line + "\n" for line in YAML_GOOD.splitlines()))
    assert [t.tier for t in read_tasks(path)] == [1, 2]


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (YAML_GOOD + "- id: t3\n  tier: 0\n  instruction: Hey\n", r"tasks.yaml:12: tier: Input should be"),
        (YAML_GOOD + "- id: t3\n  tier: 1\n  instructions: Hey\n", r"tasks.yaml:11: instruction: Field required"),
        (YAML_GOOD.replace("      - Hello", "      - Other"), r"tasks.yaml:5: task: .*requests\[0\]"),
        (YAML_GOOD.replace("    requests:", "    mood: x\n    requests:"), r"tasks.yaml:9: user_scenario.mood: Extra"),
        (YAML_GOOD + "- id: t1\n  tier: 1\n  instruction: Hi\n", r"task id 't1' appears twice"),
        ("id: t1\n", r"tasks.yaml:1: expected a list of tasks"),
        ("- id: [\n", r"tasks.yaml:2: not valid YAML"),
    ],
)  # fmt: skip
def test_a_bad_yaml_task_is_named_by_line_and_field(tmp_path, text: str, message: str) -> None:
    path = tmp_path / "tasks.yaml"
    path.write_text(text)
    with pytest.raises(SuiteError, match=message):
        read_tasks(path)
