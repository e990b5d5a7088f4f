"""TrialRecord: failures caused by unparseable tool calls are named in the breakdown."""

from __future__ import annotations

from typing import Any

from relgap.records import INVALID_TOOL_CALL, TrialRecord

BAD_CALL = {"id": "c1", "name": "place_order", "arguments": {}, "parse_error": "arguments are not valid JSON: Expecting value", "raw_arguments": "{"}  # fmt: skip
GOOD_CALL = {"id": "c2", "name": "place_order", "arguments": {"x": 1}, "parse_error": None, "raw_arguments": None}  # fmt: skip


def record(outcome: str, calls: list[dict[str, Any]], failed: list[str]) -> TrialRecord:
    return TrialRecord.model_validate(
        {
            "run_id": "r", "suite": "s", "task_id": "t", "tier": 1, "model": "m", "family": "m",
            "simulated": True, "trial": 0, "seed": 0, "outcome": outcome,
            "passed": outcome == "pass", "score": float(outcome == "pass"),
            "failed_checks": failed, "stop_reason": "completed",
            "started_at": "x", "finished_at": "y",
            "transcript": [{"role": "assistant", "content": "", "tool_calls": calls}],
        }
    )  # fmt: skip


def test_a_failure_with_an_unparseable_tool_call_is_named():
    r = record("fail", [GOOD_CALL, BAD_CALL], ["no_order_placed"])
    assert r.failed_checks == [INVALID_TOOL_CALL, "no_order_placed"]
    again = TrialRecord.model_validate_json(r.model_dump_json())  # stable on a round trip
    assert again.failed_checks == r.failed_checks


def test_only_failures_with_bad_calls_get_the_label():
    assert record("fail", [GOOD_CALL], ["no_order_placed"]).failed_checks == ["no_order_placed"]
    assert record("pass", [BAD_CALL], []).failed_checks == []
    assert record("error", [BAD_CALL], []).failed_checks == []
