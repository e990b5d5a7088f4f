"""The generated tasks: reproducible, enough of them, tiers by steps, answers right."""

from __future__ import annotations

import re
from collections import Counter
from datetime import datetime, timedelta
from pathlib import Path

import numpy as np
from relgap_suites.exact_answer.answers import same
from relgap_suites.exact_answer.gen.generate import DATA_DIR, tier_of, write
from relgap_suites.exact_answer.suite import ExactAnswerSuite
from relgap_suites.exact_answer.tools import calculate

from relgap.messages import ToolCall
from relgap.suite.registry import find_task


def test_regeneration_is_byte_identical(tmp_path: Path) -> None:
    write(tmp_path)
    shipped = (DATA_DIR / "tasks.jsonl").read_bytes()
    assert (tmp_path / "tasks.jsonl").read_bytes() == shipped


def test_enough_tasks_in_tiers_by_step_count(ea_suite: ExactAnswerSuite) -> None:
    tasks = ea_suite.tasks()
    assert len(tasks) >= 240
    assert len({t.id for t in tasks}) == len(tasks)
    tiers = Counter(t.tier for t in tasks)
    assert sorted(tiers) == [1, 2, 3, 4] and min(tiers.values()) >= 50
    for t in tasks:
        steps = len(t.expected["steps"])
        assert f"steps={steps}" in t.tags and t.tier == tier_of(steps)
        assert t.expected["answer"] == t.expected["steps"][-1]["value"]
    assert {tier_of(n) for n in (1, 2)} == {1} and tier_of(9) == 4
    families = Counter(t.tags[0] for t in tasks)
    assert set(families) == {"arithmetic", "travel", "units", "schedule"}
    assert sum("show_steps" in t.tags for t in tasks) > len(tasks) / 2


def test_simulated_models_find_every_task_by_its_text(ea_suite: ExactAnswerSuite) -> None:
    for task in ea_suite.tasks():
        found = find_task(ea_suite.first_user_message(task))
        assert found is not None and found[1].id == task.id


def test_calculator_expressions_give_each_step(ea_suite: ExactAnswerSuite) -> None:
    checked = 0
    for task in ea_suite.tasks():
        for step in task.expected["steps"][:-1]:
            if step["expr"]:
                assert same("decimal", calculate(step["expr"]), step["value"], final=False)
                checked += 1
    assert checked > 300


def test_schedules_agree_with_numpy_business_days(ea_suite: ExactAnswerSuite) -> None:
    """An independent computation of every scheduling answer."""
    for task in (t for t in ea_suite.tasks() if "schedule" in t.tags):
        text = task.instruction
        start = re.search(r"starts on \w+ (\d{4}-\d{2}-\d{2})", text).group(1)
        days = [int(d) for d in re.findall(r"takes (\d) working day", text)]
        end = np.busday_offset(start, sum(days) - 1, roll="forward")
        assert str(end) == task.expected["answer"], task.id


def _offset(text: str) -> timedelta:
    m = re.fullmatch(r"UTC([+-])(\d+)(?::(\d+))?", text)
    minutes = int(m.group(2)) * 60 + int(m.group(3) or 0)
    return timedelta(minutes=minutes if m.group(1) == "+" else -minutes)


def test_itineraries_agree_with_an_independent_sum(ea_suite: ExactAnswerSuite) -> None:
    """Every travel answer = departure in UTC + all durations, in the last city's offset."""
    for task in (t for t in ea_suite.tasks() if "travel" in t.tags):
        text = task.instruction
        start = re.search(r"\((UTC[^)]*)\) at (\d{4}-\d{2}-\d{2} \d{2}:\d{2})", text)
        offsets = re.findall(r"\((UTC[^)]*)\)", text)
        spans = re.findall(r"(?:takes|lasts) (?:(\d+) h )?(\d+) min", text)
        total = sum(int(h or 0) * 60 + int(m) for h, m in spans)
        utc = datetime.strptime(start.group(2), "%Y-%m-%d %H:%M") - _offset(start.group(1))
        local = utc + timedelta(minutes=total) + _offset(offsets[-1])
        assert local.strftime("%Y-%m-%d %H:%M") == task.expected["answer"], task.id


def test_reference_script_passes_every_task(ea_suite: ExactAnswerSuite) -> None:
    for task in ea_suite.tasks():
        env = ea_suite.environment(task)
        for i, action in enumerate(ea_suite.reference_script(task)):
            if action.tool is None:
                env.record_reply(action.text)
            else:
                out = env.call(ToolCall(f"c{i}", action.tool, dict(action.arguments)))
                assert not out.is_error, out.content
        grade = ea_suite.grade(task, env)
        assert grade.passed and grade.score == 1.0, (task.id, grade)
