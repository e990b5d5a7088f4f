"""The typed summary: what summarize returns, and its JSON is the relgap.stats/1 document."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from relgap.stats import StatsSummary, summarize, summarize_dict, synthetic_trials


@pytest.fixture(scope="module")
def frame() -> pd.DataFrame:
    return synthetic_trials(12, 4, models=("m1", "m2"), error_rate=0.1, seed=3)


def _all_errors(frame: pd.DataFrame, model: str) -> pd.DataFrame:
    out = frame.copy()
    out.loc[out["model"] == model, "outcome"] = "error"
    return out


OPTIONS = [
    {},
    {"comparisons": "all"},
    {"extrapolate_to": (16, 32)},
    {"comparisons": "all", "cluster": {f"t{i:02d}": i % 3 for i in range(12)}},
    {"k": 1, "bootstrap": 0},
]


@pytest.mark.parametrize("options", OPTIONS)
def test_to_dict_is_the_json_document_byte_for_byte(frame: pd.DataFrame, options: dict) -> None:
    options = {"bootstrap": 30} | options
    typed = summarize(frame, **options)
    plain = summarize_dict(frame, **options)
    assert isinstance(typed, StatsSummary)
    # Same keys in the same order (the JSON a user diffs), not only equal dicts.
    assert json.dumps(typed.to_dict(), indent=2) == json.dumps(plain, indent=2)


def test_a_group_without_valid_trials_keeps_its_key_order(frame: pd.DataFrame) -> None:
    df = _all_errors(frame, "m2")
    typed, plain = summarize(df, bootstrap=20), summarize_dict(df, bootstrap=20)
    empty = typed.groups[1]
    assert empty.n_tasks == 0 and empty.k_max == 0 and empty.beta_binomial is None
    assert "infrastructure errors" in (empty.note or "")
    assert json.dumps(typed.to_dict()) == json.dumps(plain)


def test_readers_get_attributes(frame: pd.DataFrame) -> None:
    s = summarize(frame, bootstrap=30)
    g = s.groups[0]
    entry = g.pass_hat_k[str(g.k_max)]
    assert entry.estimate is not None and entry.ci_low is not None
    assert entry.ci_low <= entry.estimate <= (entry.ci_high or 1.0)
    assert {t.task_id for t in g.tasks} == set(frame["task_id"].astype(str))
    assert s.schema_ == "relgap.stats/1"
