"""The plain-words sentences of a settings sweep (:func:`relgap.stats.variant_sweep`).

Statistics return numbers; this module words them. :func:`describe_sweep` adds a
``sentence`` to each model of a sweep's result, at the place the ``relgap.stats/1`` JSON has
always carried it, so `relgap stats --sweep --json` and the reports read the same.
"""

from __future__ import annotations

import math
from typing import Any

from relgap.report.fmt import is_num

__all__ = ["describe_sweep"]

_LABELS = {"reasoning_effort": "reasoning effort", "thinking_budget": "thinking budget"}
_NOT_ESTIMABLE = (
    "cannot be estimated (outcomes do not vary enough: e.g. every trial passed, or every "
    "trial failed, at some level)"
)
_NOISE = "is not distinguishable from noise"


def _p(p: object) -> str:
    if not is_num(p):
        return "p not estimable"
    return "p<0.001" if p < 0.001 else f"p={p:.3f}"


def _odds_stats(e: dict[str, Any], level: float) -> str:
    ci = f"{int(level * 100)}% CI {e['or_ci_low']:.2f}-{e['or_ci_high']:.2f}"
    return f"OR {e['odds_ratio']:.2f} per level, {ci}, {_p(e['p_value'])}"


def _slope_stats(e: dict[str, Any], level: float) -> str:
    ci = f"{int(level * 100)}% CI {e['ci_low']:+.3f} to {e['ci_high']:+.3f}"
    return f"{e['coef']:+.3f} per level, {ci}, {_p(e['p_value'])}"


# Each model of a sweep: what it measures, how a significant effect reads (its verb for a
# positive and a negative coefficient), and how its numbers are written.
_EFFECTS = {
    "success": ("single-try success", "{verb} single-try success", ("raises", "lowers"), _odds_stats),
    "within_variance": (
        "within-task variance", "{verb} within-task variance", ("raises", "reduces"), _slope_stats,
    ),
    "flaky": ("the share of flaky tasks", "leaves {verb} tasks flaky", ("more", "fewer"), _odds_stats),
}  # fmt: skip


def effect_sentence(model: str, label: str, e: dict[str, Any], alpha: float, level: float) -> str:
    """How the setting moves ``model`` (success, within_variance, flaky): up, down, or noise."""
    what, significant, (up, down), numbers = _EFFECTS[model]
    if not is_num(e["p_value"]):
        return f"The effect of {label} on {what} {_NOT_ESTIMABLE}."
    stats = numbers(e, level)
    if e["p_value"] < alpha:
        effect = significant.format(verb=up if e["coef"] > 0 else down)
        return f"Higher {label} {effect} ({stats})."
    return f"The effect of {label} on {what} {_NOISE} ({stats})."


def contrasts_sentence(label: str, lowest: str, contrasts: dict[str, dict[str, Any]]) -> str:
    """Single-try success of each unordered level against the lowest, in one sentence."""
    parts = [
        f"{lv} vs {lowest}: OR {e['odds_ratio']:.2f}, {_p(e['p_value'])}"
        for lv, e in contrasts.items()
    ]
    return f"Single-try success by {label} - " + "; ".join(parts) + "."


def _nan_for_none(entry: dict[str, Any]) -> dict[str, Any]:
    """``entry`` as computed: JSON's None back to NaN, which words as the computation did."""
    return {k: math.nan if v is None else v for k, v in entry.items()}


def _with_sentence(part: dict[str, Any], sentence: str, after: str | None) -> dict[str, Any]:
    """``part`` with ``sentence`` placed right after the key ``after`` (last when None)."""
    out: dict[str, Any] = {}
    for key, value in part.items():
        out[key] = value
        if key == after:
            out["sentence"] = sentence
    if "sentence" not in out:
        out["sentence"] = sentence
    return out


def describe_sweep(
    sweep: dict[str, Any], alpha: float = 0.05, level: float = 0.95
) -> dict[str, Any]:
    """``sweep`` with a ``sentence`` in its success, within-variance and flaky models.

    Args:
        sweep: a result of :func:`relgap.stats.variant_sweep` (before or after
            :func:`relgap.stats.to_jsonable`: NaN or None both read as not estimable).
        alpha: significance level the sentences judge the p-values at.
        level: confidence level of the intervals the sweep was computed at.
    """
    label = _LABELS.get(sweep["by"], sweep["by"])
    out = dict(sweep)
    success = sweep.get("success")
    if success is not None:
        if sweep["ordered"]:
            entry = _nan_for_none(success["per_level"])
            text = effect_sentence("success", label, entry, alpha, level)
            out["success"] = _with_sentence(success, text, after="per_level")
        else:
            contrasts = {lv: _nan_for_none(e) for lv, e in success["contrasts"].items()}
            text = contrasts_sentence(label, sweep["levels"][0], contrasts)
            out["success"] = _with_sentence(success, text, after=None)
    for key in ("within_variance", "flaky"):
        part = sweep.get(key)
        if part is not None and "model" in part:
            text = effect_sentence(key, label, _nan_for_none(part), alpha, level)
            out[key] = _with_sentence(part, text, after=None)
    return out
