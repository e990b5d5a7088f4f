"""The reasoning verdict names the gap form each clause is about, so its two forms (points
lost and share kept) never read as contradicting each other."""

from __future__ import annotations

import re

import pytest

from relgap.report.data import GroupView, Sweep
from relgap.report.text import verdict

POINTS, SHARE = "(pass@k − pass^k)", "(pass^k / pass@1)"


def _sweep(gap: tuple[float, float], share: tuple[float, float]) -> Sweep:
    def point(effort: str) -> GroupView:
        return GroupView({"suite": "s", "model": f"m-{effort}", "variant": "default",
                          "family": "m", "reasoning_effort": effort})  # fmt: skip

    def diff(lo: float, hi: float, a: float, b: float) -> dict:
        # The verdict reads the paired t interval (clt_*), the test whose p it prints.
        return {"clt_low": lo, "clt_high": hi, "ci_low": lo, "ci_high": hi,
                "difference": (lo + hi) / 2, "a": a, "b": b,
                "p_value": 0.01 if lo > 0 or hi < 0 else 0.4, "mdd": 0.2}  # fmt: skip

    comparison = {"gap": diff(*gap, 0.3, 0.35), "retention": diff(*share, 0.7, 0.6),
                  "n_shared_tasks": 40}  # fmt: skip
    return Sweep("m", "reasoning effort", (point("low"), point("high")), comparison)


NOISE, UP, DOWN = (-0.1, 0.1), (0.05, 0.2), (-0.2, -0.05)
CASES = [  # (points lost, share kept) -> (answer, first word of the lead)
    (NOISE, NOISE, "noise", "Not distinguishable"),
    (NOISE, UP, "noise", "Mixed"),  # the case that read "noise ... clear, though"
    (NOISE, DOWN, "noise", "Mixed"),
    (DOWN, UP, "yes", "Yes"),
    (DOWN, NOISE, "yes", "Yes"),
    (DOWN, DOWN, "yes", "Mixed"),
    (UP, DOWN, "no", "No"),
    (UP, UP, "no", "Mixed"),
]


@pytest.mark.parametrize(("gap", "share", "answer", "first"), CASES)
def test_lead_names_both_gap_forms(gap, share, answer, first) -> None:
    v = verdict(_sweep(gap, share), k=4)
    assert v.answer == answer
    assert v.lead.startswith(first)
    assert POINTS in v.lead and SHARE in v.lead, v.lead  # one line, both forms named
    for sentence in re.split(r"(?<=\.) ", v.sentence):
        if re.search(r"noise|clear|narrows|widens", sentence):
            assert POINTS in sentence or SHARE in sentence or "points lost" in sentence, sentence


def test_mixed_lead_says_which_form_moved() -> None:
    v = verdict(_sweep(NOISE, UP), k=4)
    assert "clearly larger share" in v.lead and "do not change beyond noise" in v.lead
    assert "though" not in v.sentence


def test_verdict_follows_the_t_interval_not_the_bootstrap_one() -> None:
    # The BCa interval under-covers with few tasks: it may exclude 0 while the t-test does not.
    s = _sweep(NOISE, NOISE)
    s.comparison["gap"] |= {"ci_low": -0.2, "ci_high": -0.05}
    assert verdict(s, 4).answer == "noise"
