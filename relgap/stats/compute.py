"""Test-time compute: reliability against reasoning tokens, and the choice of metric.

For every group (suite, model, variant) :func:`compute_curve` measures the mean reasoning
tokens per trial, total tokens and cost per trial, and three scores with task-clustered
95% intervals: pass@1, pass^k and the mean partial score (the grader's ``score``). For
every family run at two or more reasoning settings in a suite it fits each score against
``log2`` of the mean reasoning tokens per trial: the slope is the change per doubling of
reasoning tokens.

The fit is ordinary least squares with the levels' token means as fixed regressors. With
every task run at every level, the OLS slope equals the mean over tasks of each task's own
slope ``b_t = sum_g w_g y_tg`` (``w_g = (x_g - mean x) / sum (x_g - mean x)^2``), so its
task-clustered standard error is ``sd(b_t) / sqrt(T)`` (the cluster-robust sandwich with
the small-sample factor ``T / (T - 1)``, arXiv 2411.00640) and the interval is Student-t
with ``T - 1`` degrees of freedom. Tasks missing a level (or with fewer than k valid
trials there) are left out of that fit. Limits: the token means are treated as known
(their own noise is ignored), and the slope describes a straight line through a few
levels, not the shape of the curve between them.
"""

from __future__ import annotations

import itertools
import math
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from relgap.stats.counts import GROUP_KEYS, trial_flags
from relgap.stats.estimators import pass_hat_k_array
from relgap.stats.intervals import LEVEL

__all__ = [
    "METHODS",
    "clustered_mean",
    "compute_curve",
    "slope_difference",
    "tier_jump",
    "trial_slopes",
]

METHODS = {
    "points": "per group: mean over tasks of per-task pass@1, unbiased pass^k (arXiv "
    "2406.12045) and mean partial score; Student-t interval from the task-clustered SE",
    "tokens": "mean reasoning (and total) tokens per valid trial, as the provider reported "
    "them; a sweep whose provider reports no reasoning tokens is placed by output tokens",
    "slope": "OLS of the per-task score on log2(mean reasoning tokens per trial of the level): "
    "change per doubling; task-clustered SE = sd of per-task slopes / sqrt(tasks), t(tasks-1)",
    "follows": "slope of pass^k minus slope of pass@1, per task over the same tasks (paired), "
    "task-clustered t interval: > 0 means reliability climbs faster than capability",
    "difference": "difference of two suites' slopes (independent tasks): SE = sqrt(se_a^2 + "
    "se_b^2), Welch-Satterthwaite degrees of freedom",
    "cost_per_reliable_success": "cost per trial / pass^k; interval from pass^k's interval "
    "(the cost per trial taken as known)",
    "jump": "adjacent tiers with the largest drop in pass^k; drops compared over the same "
    "tasks, share explained = partial-score drop / pass^k drop (delta-method interval)",
}

# An estimate with its interval as the JSON dict it becomes (estimate, se, ci_low, ...).
EstimateDict = dict[str, float | int | None]


def _none(x: float) -> float | None:
    return float(x) if x is not None and math.isfinite(x) else None


def clustered_mean(values: np.ndarray, level: float = LEVEL) -> EstimateDict:
    """Mean of per-task values with its SE (sd / sqrt(T)) and Student-t interval."""
    v = np.asarray(values, dtype=float)
    v = v[np.isfinite(v)]
    t = int(v.size)
    if t == 0:
        return {"estimate": None, "se": None, "ci_low": None, "ci_high": None, "n_tasks": 0}
    mean = float(v.mean())
    if t < 2:
        return {"estimate": mean, "se": None, "ci_low": None, "ci_high": None, "n_tasks": t}
    se = float(v.std(ddof=1) / math.sqrt(t))
    half = float(sps.t.ppf(0.5 + level / 2, t - 1)) * se
    return {"estimate": mean, "se": se, "ci_low": mean - half, "ci_high": mean + half, "n_tasks": t}


def _clip(e: EstimateDict, lo: float = 0.0, hi: float = 1.0) -> EstimateDict:
    out = dict(e)
    for key in ("ci_low", "ci_high"):
        v = out.get(key)
        if v is not None:
            out[key] = min(hi, max(lo, float(v)))
    return out


def trial_slopes(x: np.ndarray, y: np.ndarray, level: float = LEVEL) -> EstimateDict:
    """Slope of ``y`` (tasks x levels) on ``x`` (levels), task-clustered (module docstring).

    Rows with a missing value at any level are left out.
    """
    x = np.asarray(x, dtype=float)
    y = np.asarray(y, dtype=float)
    keep = np.all(np.isfinite(y), axis=1)
    dx = x - x.mean()
    if x.size < 2 or float(dx @ dx) == 0.0:
        return clustered_mean(np.array([]), level)
    per_task = y[keep] @ (dx / float(dx @ dx))
    return clustered_mean(per_task, level)


def slope_difference(a: EstimateDict, b: EstimateDict, level: float = LEVEL) -> EstimateDict:
    """``a - b`` for slopes on independent task sets, with a Welch interval."""
    if a.get("se") is None or b.get("se") is None:
        return {"estimate": None, "se": None, "ci_low": None, "ci_high": None, "df": None}
    ea, eb = float(a["estimate"] or 0.0), float(b["estimate"] or 0.0)
    va, vb = float(a["se"] or 0.0) ** 2, float(b["se"] or 0.0) ** 2
    se = math.sqrt(va + vb)
    ta, tb = int(a["n_tasks"] or 0), int(b["n_tasks"] or 0)
    denom = (va**2 / max(ta - 1, 1)) + (vb**2 / max(tb - 1, 1))
    df = (va + vb) ** 2 / denom if denom > 0 else float(ta + tb - 2)
    half = float(sps.t.ppf(0.5 + level / 2, df)) * se
    diff = ea - eb
    return {"estimate": diff, "se": se, "ci_low": diff - half, "ci_high": diff + half, "df": df}


def _task_frame(df: pd.DataFrame, k: int) -> pd.DataFrame:
    """Per (group, task): n, pass@1, pass^k, partial score, from valid trials only."""
    is_error, success = trial_flags(df)
    score = pd.to_numeric(df.get("score", pd.Series(np.nan, df.index)), errors="coerce")
    frame = pd.DataFrame(
        {
            "suite": df["suite"].astype(str),
            "model": df["model"].astype(str),
            "variant": df.get("variant", pd.Series("default", df.index)).fillna("default"),
            "task_id": df["task_id"].astype(str),
            "tier": pd.to_numeric(df.get("tier", np.nan), errors="coerce"),
            "success": success.astype(float),
            "score": score.where(score.notna(), success.astype(float)),
        }
    )[~is_error]
    per = frame.groupby([*GROUP_KEYS, "task_id"], sort=True).agg(
        tier=("tier", "first"), n=("success", "size"), c=("success", "sum"),
        partial=("score", "mean"),
    ).reset_index()  # fmt: skip
    n, c = per["n"].to_numpy(dtype=float), per["c"].to_numpy(dtype=float)
    per["pass_at_1"] = c / n
    hat = pass_hat_k_array(n, c, k) if len(per) else np.array([])
    per["pass_hat_k"] = np.where(n >= k, hat, np.nan)
    return per


def _numeric(df: pd.DataFrame, col: str) -> pd.Series:
    if col not in df.columns:
        return pd.Series(np.nan, index=df.index)
    return pd.to_numeric(df[col], errors="coerce").astype(float)


def _group_usage(df: pd.DataFrame) -> dict[tuple[str, str, str], dict[str, Any]]:
    is_error, _ = trial_flags(df)
    keys = [df[c].astype(str) for c in ("suite", "model")]
    variant = df.get("variant", pd.Series("default", df.index)).fillna("default").astype(str)
    reasoning, tokens = (
        _numeric(df, "reasoning_tokens"),
        (_numeric(df, "input_tokens") + _numeric(df, "output_tokens")),
    )
    output = _numeric(df, "output_tokens")
    cost = _numeric(df, "cost_usd")
    out: dict[tuple[str, str, str], dict[str, Any]] = {}
    for key, idx in (
        pd.Series(range(len(df)), index=df.index).groupby([*keys, variant]).groups.items()
    ):
        rows = df.loc[idx]
        valid = ~is_error[df.index.get_indexer(idx)]
        first = rows.iloc[0]
        setting = first.get("reasoning_effort")
        budget = first.get("thinking_budget")
        effort_known = isinstance(setting, str) and bool(setting)
        budget_known = budget is not None and not pd.isna(budget)
        known_cost = cost.loc[idx].dropna()
        out[(str(key[0]), str(key[1]), str(key[2]))] = {
            "family": str(first.get("family") or key[1]),
            "simulated": bool(first.get("simulated")) if "simulated" in rows else None,
            "setting": str(setting) if effort_known else (
                f"budget={int(budget)}" if budget_known else None
            ),
            "axis": "reasoning effort" if effort_known else (
                "thinking budget" if budget_known else None
            ),
            "reasoning_tokens": clustered_by_task(rows[valid], reasoning.loc[idx][valid]),
            "output_tokens": clustered_by_task(rows[valid], output.loc[idx][valid]),
            "total_tokens": clustered_by_task(rows[valid], tokens.loc[idx][valid]),
            "cost_per_trial_usd": _none(known_cost.mean()) if len(known_cost) else None,
            "n_trials": int(valid.sum()),
            "n_error_trials": int((~valid).sum()),
        }  # fmt: skip
    return out


def clustered_by_task(rows: pd.DataFrame, values: pd.Series, level: float = LEVEL) -> EstimateDict:
    """Mean per trial with a task-clustered interval (per-task means, then their mean)."""
    per_task = values.groupby(rows["task_id"].astype(str).to_numpy()).mean()
    e = clustered_mean(per_task.to_numpy(), level)
    return _clip(e, 0.0, math.inf)


SCORES = ("pass_at_1", "pass_hat_k", "partial")


def _point(key: tuple[str, str, str], usage: dict[str, Any], tasks: pd.DataFrame) -> dict[str, Any]:
    scores = {s: _clip(clustered_mean(tasks[s].to_numpy())) for s in SCORES}
    hat = scores["pass_hat_k"]
    cost = usage["cost_per_trial_usd"]

    def per_success(p: float | int | None) -> float | None:
        return None if cost is None or p is None or p <= 0 else cost / float(p)

    reliable = {
        "estimate": per_success(hat["estimate"]),
        "ci_low": per_success(hat["ci_high"]),
        "ci_high": per_success(hat["ci_low"]),
    }
    return {
        **dict(zip(GROUP_KEYS, key, strict=True)),
        **{
            k: usage[k]
            for k in ("family", "simulated", "setting", "axis", "n_trials", "n_error_trials")
        },
        "n_tasks": len(tasks),
        "reasoning_tokens": usage["reasoning_tokens"],
        "output_tokens": usage["output_tokens"],
        "total_tokens": usage["total_tokens"],
        "cost_per_trial_usd": cost,
        **scores,
        "cost_per_reliable_success_usd": reliable,
    }


def _sweeps(points: list[dict[str, Any]]) -> dict[tuple[str, str], list[dict[str, Any]]]:
    """Points of each (suite, family) run at two or more reasoning settings."""
    sweeps: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for p in points:
        if p["setting"] is not None:
            sweeps.setdefault((p["suite"], p["family"]), []).append(p)
    return {key: pts for key, pts in sorted(sweeps.items()) if len(pts) >= 2}


def _positive(e: dict[str, Any]) -> bool:
    value = e.get("estimate")
    return value is not None and value > 0


def _place_on_x(points: list[dict[str, Any]]) -> None:
    """Set each point's ``x_tokens`` and say which tokens they are (``x_measure``).

    Its mean reasoning tokens per trial, or, for a sweep whose provider reports no separate
    reasoning tokens (some APIs bill thinking as output without a count), its mean output
    tokens per trial.
    """
    for p in points:
        p["x_measure"] = "reasoning" if _positive(p["reasoning_tokens"]) else None
    for pts in _sweeps(points).values():
        if not all(_positive(p["reasoning_tokens"]) for p in pts):
            for p in pts:
                p["x_measure"] = "output" if _positive(p["output_tokens"]) else None
    for p in points:
        measure = p["x_measure"]
        p["x_tokens"] = None if measure is None else p[f"{measure}_tokens"]["estimate"]


def _fits(points: list[dict[str, Any]], per: pd.DataFrame, level: float) -> list[dict[str, Any]]:
    fits = []
    for (suite, family), pts in _sweeps(points).items():
        tokens = [p["x_tokens"] for p in pts]
        note = None
        if any(t is None for t in tokens):
            note = "a level reported no tokens; no fit on a log axis"
        elif len(set(tokens)) < 2:
            note = "every level spent the same tokens per trial; no slope to fit"
        if note:
            fits.append({"suite": suite, "family": family, "note": note})
            continue
        pts = sorted(pts, key=lambda p: p["x_tokens"])
        x = np.log2([p["x_tokens"] for p in pts])
        fit: dict[str, Any] = {
            "suite": suite, "family": family, "axis": pts[0]["axis"],
            "x_measure": pts[0]["x_measure"],
            "levels": [{"model": p["model"], "variant": p["variant"], "setting": p["setting"],
                        "reasoning_tokens": p["reasoning_tokens"]["estimate"],
                        "x_tokens": p["x_tokens"]} for p in pts],
        }  # fmt: skip
        wide: dict[str, np.ndarray] = {}
        for score in SCORES:
            wide[score] = pd.concat(
                [
                    per[(per["suite"] == suite) & (per["model"] == p["model"])
                        & (per["variant"] == p["variant"])].set_index("task_id")[score]
                    for p in pts
                ],
                axis=1,
            ).to_numpy(dtype=float)  # fmt: skip
            fit[score] = trial_slopes(x, wide[score], level)
        # Does reliability follow capability up the curve? Paired over the same tasks.
        fit["pass_hat_k_minus_pass_at_1"] = trial_slopes(
            x, wide["pass_hat_k"] - wide["pass_at_1"], level
        )
        fits.append(fit)
    return fits


def _differences(fits: list[dict[str, Any]], level: float) -> list[dict[str, Any]]:
    """Every pair of suites that swept the same family: difference of the slopes."""
    out = []
    usable = [f for f in fits if "note" not in f]
    for i, a in enumerate(usable):
        for b in usable[i + 1 :]:
            if a["family"] != b["family"] or a["suite"] == b["suite"]:
                continue
            row: dict[str, Any] = {
                "family": a["family"],
                "suite_a": a["suite"],
                "suite_b": b["suite"],
            }
            for score in SCORES:
                row[score] = slope_difference(a[score], b[score], level)
            out.append(row)
    return out


def tier_jump(tiers: pd.DataFrame, level: float = LEVEL) -> dict[str, Any] | None:
    """The adjacent tiers where pass^k drops most, and how much of that drop the partial score shows.

    ``tiers``: one row per task with ``tier``, ``pass_hat_k``, ``partial``.
    """
    tiers = tiers.dropna(subset=["tier", "pass_hat_k"])
    levels = sorted(tiers["tier"].unique())
    best = None
    for lo, hi in itertools.pairwise(levels):
        a, b = tiers[tiers["tier"] == lo], tiers[tiers["tier"] == hi]
        if len(a) < 2 or len(b) < 2:
            continue
        drop = a["pass_hat_k"].mean() - b["pass_hat_k"].mean()
        if best is None or drop > best[0]:
            best = (drop, lo, hi, a, b)
    if best is None:
        return None
    _, lo, hi, a, b = best
    out: dict[str, Any] = {"from_tier": int(lo), "to_tier": int(hi)}
    for score in SCORES:
        out[f"drop_{score}"] = slope_difference(
            clustered_mean(a[score].to_numpy()), clustered_mean(b[score].to_numpy()), level
        )
    dk = float(out["drop_pass_hat_k"]["estimate"] or 0.0)
    dp = float(out["drop_partial"]["estimate"] or 0.0)
    share: EstimateDict = {"estimate": None, "ci_low": None, "ci_high": None}
    if dk > 0:
        r = dp / dk
        ua = a["partial"].to_numpy() - r * a["pass_hat_k"].to_numpy()
        ub = b["partial"].to_numpy() - r * b["pass_hat_k"].to_numpy()
        se = math.sqrt(ua.var(ddof=1) / ua.size + ub.var(ddof=1) / ub.size) / dk
        z = float(sps.norm.ppf(0.5 + level / 2))
        share = {"estimate": r, "se": se, "ci_low": r - z * se, "ci_high": r + z * se}
    out["share_explained_by_partial"] = share
    return out


def _metric_choice(
    per: pd.DataFrame, points: list[dict[str, Any]], level: float
) -> list[dict[str, Any]]:
    order = {tuple(p[k] for k in GROUP_KEYS): i for i, p in enumerate(points)}
    simulated = {tuple(p[k] for k in GROUP_KEYS): p["simulated"] for p in points}
    out = []
    for key, part in per.groupby(list(GROUP_KEYS), sort=True):
        rows = []
        for tier, t in part.groupby("tier", sort=True):
            rows.append({"tier": int(tier), "n_tasks": len(t),
                         **{s: _clip(clustered_mean(t[s].to_numpy(), level)) for s in SCORES}})  # fmt: skip
        out.append({**dict(zip(GROUP_KEYS, key, strict=True)), "tiers": rows,
                    "simulated": simulated.get(tuple(key)), "jump": tier_jump(part, level)})  # fmt: skip
    return sorted(out, key=lambda row: order.get(tuple(row[k] for k in GROUP_KEYS), 0))


def compute_curve(df: pd.DataFrame, k: int, level: float = LEVEL) -> dict[str, Any]:
    """Test-time compute of the trial table ``df`` (``relgap.load``) at ``k``.

    Points, fits per doubling of reasoning tokens, slope differences across suites and the
    metric-choice table.

    Returns a JSON-ready dict: ``{"k", "level", "methods", "points", "fits",
    "differences", "metric_choice"}`` (see the module docstring for the methods).
    """
    per = _task_frame(df, k)
    usage = _group_usage(df)
    points = []
    for key, tasks in per.groupby(list(GROUP_KEYS), sort=True):
        key3 = (str(key[0]), str(key[1]), str(key[2]))
        points.append(_point(key3, usage[key3], tasks))
    _place_on_x(points)
    points.sort(key=lambda p: (p["suite"], p["family"], p["x_tokens"] or 0.0))
    fits = _fits(points, per, level)
    return {
        "k": k,
        "level": level,
        "methods": METHODS,
        "points": points,
        "fits": fits,
        "differences": _differences(fits, level),
        "metric_choice": _metric_choice(per, points, level),
    }
