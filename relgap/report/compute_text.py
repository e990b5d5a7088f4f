"""Sentences of the "Test-time compute" section, shared by the three formats (plain text).

They read ``summary["compute"]`` (:func:`relgap.stats.compute.compute_curve`); nothing is
re-estimated here.
"""

from __future__ import annotations

from typing import Any

from relgap.records import group_label
from relgap.report import fmt

SCORE_NAMES = {"pass_at_1": "pass@1", "pass_hat_k": "pass^{k}", "partial": "partial score"}
SIM_NOTE = (
    "SIMULATED points: the simulated family's per-step error falls with effort by "
    "construction, so its narrowing is built in; it shows how relgap measures the curve, "
    "not that reasoning helps."
)
LIMITS = (
    "Slopes are straight lines through a few effort levels on log2(reasoning tokens per "
    "trial), with task-clustered 95% intervals; the token means are taken as known. A slope "
    "says how the scores moved between the levels run, not what more tokens would buy."
)


def score_name(score: str, k: int) -> str:
    """How a score is named in text, e.g. ``pass^4``."""
    return SCORE_NAMES[score].format(k=k)


def label(row: dict[str, Any]) -> str:
    """A compute point's group label, with ``(SIMULATED)`` for a simulation."""
    name = group_label(row["model"], row.get("variant"))
    return f"{name} (SIMULATED)" if row.get("simulated") else name


def family_label(compute: dict[str, Any], suite: str, family: str) -> str:
    """A model family's name in a sentence, with ``(SIMULATED)`` for a simulated one."""
    sim = any(
        p["simulated"] for p in compute["points"] if p["family"] == family and p["suite"] == suite
    )
    return f"{family} (SIMULATED)" if sim else family


def _ci(e: dict[str, Any] | None, scale: str = "points") -> str:
    text = fmt.interval((e or {}).get("ci_low"), (e or {}).get("ci_high"), scale)
    return f" (95% CI {text}{' pts' if scale == 'points' else ''})" if text else ""


def slope_sentence(compute: dict[str, Any], fit: dict[str, Any]) -> str:
    """The slope sentence: "On exact_answer, each doubling of ... reasoning tokens adds ..."."""
    k = compute["k"]
    who = family_label(compute, fit["suite"], fit["family"])
    if "note" in fit:
        return f"On {fit['suite']}, {who}: {fit['note']}."
    parts = [
        f"{fmt.points(fit[s]['estimate'], signed=True)} of {score_name(s, k)}{_ci(fit[s])}"
        for s in ("pass_hat_k", "pass_at_1", "partial")
    ]
    n = fit["pass_at_1"].get("n_tasks")
    measure = "reasoning tokens"
    if fit.get("x_measure") == "output":
        measure = "output tokens (the provider reports no separate reasoning tokens)"
    return (
        f"On {fit['suite']}, for {who}, each doubling of {measure} per trial adds "
        f"{parts[0]}, {parts[1]} and {parts[2]} ({len(fit['levels'])} levels, {n} tasks)."
    )


def follows_sentence(compute: dict[str, Any], fit: dict[str, Any]) -> str | None:
    """Does pass^k follow pass@1 up the compute curve, or flatten (paired over tasks)?"""
    d = fit.get("pass_hat_k_minus_pass_at_1") or {}
    lo, hi = d.get("ci_low"), d.get("ci_high")
    if not (fmt.is_num(lo) and fmt.is_num(hi)):
        return None
    k = compute["k"]
    if lo > 0:
        verdict = f"pass^{k} climbs faster than pass@1: reliability catches up as reasoning grows"
    elif hi < 0:
        verdict = f"pass^{k} climbs slower than pass@1: reliability falls behind capability"
    else:
        verdict = f"pass^{k} and pass@1 climb at rates this sample cannot tell apart"
    return (
        f"On {fit['suite']}, {family_label(compute, fit['suite'], fit['family'])}: {verdict} "
        f"({fmt.points(d.get('estimate'), signed=True)} per doubling, 95% CI "
        f"{fmt.interval(lo, hi, 'points')} pts, paired over {d.get('n_tasks')} tasks)."
    )


def difference_sentence(
    compute: dict[str, Any], d: dict[str, Any], fits: dict[tuple[str, str], dict[str, Any]]
) -> str:
    """Slope of pass^k on two suites and their difference, in one sentence."""
    k = compute["k"]
    a = fits[(d["suite_a"], d["family"])]["pass_hat_k"]
    b = fits[(d["suite_b"], d["family"])]["pass_hat_k"]
    diff = d["pass_hat_k"]
    return (
        f"For {family_label(compute, d['suite_a'], d['family'])}, each doubling of reasoning "
        f"tokens adds {fmt.points(a['estimate'], signed=True)} of pass^{k} on {d['suite_a']} and "
        f"{fmt.points(b['estimate'], signed=True)} on {d['suite_b']} (difference "
        f"{fmt.points(diff['estimate'], signed=True)}{_ci(diff).replace(' (', ', ', 1).rstrip(')')})."
    )


def jump_sentence(compute: dict[str, Any], row: dict[str, Any]) -> str | None:
    """How much of the steepest drop in pass^k between tiers the partial score shows."""
    jump = row.get("jump")
    if not jump:
        return None
    k = compute["k"]
    hat, p1, part = (jump[f"drop_{s}"] for s in ("pass_hat_k", "pass_at_1", "partial"))
    share = jump["share_explained_by_partial"]
    head = (
        f"{row['suite']}, {label(row)}: from tier {jump['from_tier']} to {jump['to_tier']}, "
        f"pass^{k} falls {fmt.points(hat['estimate'])}{_ci(hat)} and pass@1 "
        f"{fmt.points(p1['estimate'])}{_ci(p1)}, while the partial score falls "
        f"{fmt.points(part['estimate'])}{_ci(part)}"
    )
    if not fmt.is_num(share.get("estimate")):
        return head + "."
    ci = fmt.interval(share.get("ci_low"), share.get("ci_high"), "pct")
    return (
        f"{head}: the partial score accounts for {fmt.pct(share['estimate'])}"
        f"{f' (95% CI {ci})' if ci else ''} of the apparent jump; the rest is all-or-nothing "
        "scoring compounding step errors within a trial and across the k trials."
    )


def compute_lines(compute: dict[str, Any] | None) -> list[str]:
    """Every sentence of the section, in reading order (empty when there is nothing)."""
    if not compute or not compute.get("points"):
        return []
    fits = {(f["suite"], f["family"]): f for f in compute["fits"]}
    lines = []
    for f in compute["fits"]:
        lines.append(slope_sentence(compute, f))
        if follows := follows_sentence(compute, f):
            lines.append(follows)
    lines += [difference_sentence(compute, d, fits) for d in compute["differences"]]
    if not compute["fits"]:
        lines.append(
            "No family ran at two or more reasoning settings, so there is no slope: run one "
            "model with e.g. `--variant effort=low,medium,high`."
        )
    return lines


def best_jumps(compute: dict[str, Any]) -> list[str]:
    """Per suite, the group with the largest pass^k jump between adjacent tiers."""
    best: dict[str, tuple[float, dict[str, Any]]] = {}
    for row in compute.get("metric_choice") or []:
        jump = row.get("jump")
        drop = (jump or {}).get("drop_pass_hat_k", {}).get("estimate")
        if fmt.is_num(drop) and (row["suite"] not in best or drop > best[row["suite"]][0]):
            best[row["suite"]] = (drop, row)
    return [s for _, (_, row) in sorted(best.items()) if (s := jump_sentence(compute, row))]
