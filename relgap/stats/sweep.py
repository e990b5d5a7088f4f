"""Variant sweeps: does a setting (e.g. reasoning effort) change success and flakiness?

Within one suite and model family, the variants differ in one setting with ordered levels
(``reasoning_effort`` low < medium < high, ``thinking_budget`` by size) or in unordered
labels (``variant``). Every variant ran the same tasks, so a task's trials are correlated
across variants: all models here cluster by task.

* **Single-try success**: a GEE logistic model (``statsmodels`` ``GEE``, Binomial family,
  exchangeable working correlation within task) of each valid trial's outcome on the level
  (numeric step 0, 1, 2, ... when ordered) and, separately, on the level as a category.
  Coefficients are population-averaged log odds ratios with robust (sandwich) standard
  errors clustered by task (Liang & Zeger 1986).
* **Flakiness**: per (task, level) the unbiased within-task variance
  ``c(n-c)/(n(n-1))``, regressed on the level by OLS with cluster-robust standard errors
  by task; and whether the task is flaky (``0 < c < n``), by GEE logistic as above.

Within-task variance ``p(1-p)`` peaks at ``p = 1/2``: a level that moves hard tasks from 0
towards 1/2 raises it without making the model less consistent. Read the flakiness effect
next to the success effect.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence
from types import SimpleNamespace
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats as sps

from relgap.errors import ConfigError
from relgap.stats.counts import keyed_frame

__all__ = ["EFFORT_ORDER", "variant_sweep"]

EFFORT_ORDER = ("none", "minimal", "low", "medium", "high", "xhigh", "max")


def _level_label(value: Any) -> str:
    # 1024.0 (a budget read from a column with gaps) reads better as 1024.
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value)


def _levels(values: pd.Series, by: str, order: Sequence[Any] | None) -> tuple[list[Any], bool]:
    present = list(pd.unique(values.dropna()))
    if order is not None:
        unknown = [v for v in present if v not in list(order)]
        if unknown:
            raise ConfigError(f"levels {unknown} of {by} are missing from the given order")
        return [v for v in order if v in present], True
    if by == "reasoning_effort":
        unknown = [v for v in present if str(v).lower() not in EFFORT_ORDER]
        if unknown:
            raise ConfigError(f"unknown reasoning_effort levels {unknown}; pass order=[...]")
        return sorted(present, key=lambda v: EFFORT_ORDER.index(str(v).lower())), True
    numeric = pd.to_numeric(pd.Series(present), errors="coerce")
    if numeric.notna().all():
        return [present[i] for i in np.argsort(numeric.to_numpy(), kind="stable")], True
    return sorted(present, key=str), False


def _select(frame: pd.DataFrame, by: str, suite: str | None, family: str | None) -> pd.DataFrame:
    sel = frame
    if suite is not None:
        sel = sel[sel["suite"] == suite]
    if family is not None:
        sel = sel[sel["family"] == family]
    combos = sel.dropna(subset=[by]).groupby(["suite", "family"], sort=True)[by].nunique()
    combos = combos[combos >= 2]
    if len(combos) != 1:
        what = "no suite/family has" if combos.empty else "several suites/families have"
        options = ", ".join(f"{s}/{f}" for s, f in combos.index) or "none"
        raise ConfigError(f"{what} two or more levels of {by}; pick suite= and family= ({options})")
    s, f = combos.index[0]
    return sel[(sel["suite"] == s) & (sel["family"] == f)]


def _coef(result: Any, j: int, level: float) -> dict[str, float]:
    beta, se = float(result.params[j]), float(result.bse[j])
    z = float(sps.norm.ppf(0.5 + level / 2))
    p = float(result.pvalues[j])
    if not (np.isfinite(se) and se > 0):
        se = p = np.nan
    return {"coef": beta, "se": se, "ci_low": beta - z * se, "ci_high": beta + z * se, "p_value": p}


def _odds(entry: dict[str, float]) -> dict[str, float]:
    return entry | {
        "odds_ratio": float(np.exp(entry["coef"])),
        "or_ci_low": float(np.exp(entry["ci_low"])),
        "or_ci_high": float(np.exp(entry["ci_high"])),
    }


def _gee(y: np.ndarray, x: np.ndarray, groups: np.ndarray, caught: list[str]) -> Any:
    """Fit, and read the estimates while warnings are still being recorded."""
    import statsmodels.api as sm

    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        model = sm.GEE(
            y,
            sm.add_constant(x, has_constant="add"),
            groups=groups,
            family=sm.families.Binomial(),
            cov_struct=sm.cov_struct.Exchangeable(),
        )
        result = model.fit()
        fitted = SimpleNamespace(
            params=np.asarray(result.params),
            bse=np.asarray(result.bse),
            pvalues=np.asarray(result.pvalues),
        )
    caught.extend(sorted({str(w.message).splitlines()[0] for w in record} - set(caught)))
    return fitted


def _per_task(sel: pd.DataFrame) -> pd.DataFrame:
    valid = sel[~sel["is_error"]]
    out = valid.groupby(["task_id", "x"], sort=True).agg(
        n=("success", "size"), c=("success", "sum")
    )
    out = out.reset_index()
    two = out["n"] >= 2
    n, c = out["n"].to_numpy(float), out["c"].to_numpy(float)
    with np.errstate(invalid="ignore", divide="ignore"):
        out["within"] = np.where(two, c * (n - c) / (n * (n - 1)), np.nan)
    out["flaky"] = np.where(two, (c > 0) & (c < n), np.nan)
    out["rate"] = c / n
    return out


def variant_sweep(
    df: pd.DataFrame,
    *,
    by: str = "reasoning_effort",
    suite: str | None = None,
    family: str | None = None,
    order: Sequence[Any] | None = None,
    level: float = 0.95,
) -> dict[str, Any]:
    """Effect of a setting's level on single-try success and on within-task flakiness.

    Args:
        df: trial table (``relgap.load``); error trials are left out and counted.
        by: the column whose levels are compared: ``"reasoning_effort"``,
            ``"thinking_budget"``, ``"variant"`` or any other column.
        suite: which suite; may be left out when only one (suite, family) has two or
            more levels of ``by``.
        family: which model family, likewise.
        order: the levels from lowest to highest; default: the known effort order, numeric
            order for numbers, otherwise unordered (categorical contrasts only).
        level: confidence level of the intervals.

    Returns:
        ``{"suite", "family", "by", "levels", "ordered", "n_tasks", "n_trials",
        "n_error_trials", "per_level", "success", "within_variance", "flaky", "warnings",
        "note"}``. Under ``success``: ``per_level`` (ordered only: coefficient per step,
        odds ratio with interval, p-value) and ``contrasts`` (each level against the
        lowest); ``within_variance`` and ``flaky`` likewise. Numbers only: the plain-words
        sentences come from :func:`relgap.report.sweep_text.describe_sweep`.

    Raises:
        ConfigError: if the selection is ambiguous or empty, or levels cannot be ordered.
    """
    frame = keyed_frame(df)
    frame["family"] = df["family"].astype(object) if "family" in df else frame["model"]
    if by not in df.columns:
        raise ConfigError(f"trial table has no column {by!r}")
    frame[by] = df[by].astype(object)
    sel = _select(frame, by, suite, family)
    levels, ordered = _levels(sel[by], by, order)
    sel = sel[sel[by].isin(levels)].copy()
    sel["x"] = sel[by].map({v: i for i, v in enumerate(levels)}).astype(float)
    task_codes = pd.factorize(sel["task_id"])[0]
    caught: list[str] = []
    valid = ~sel["is_error"].to_numpy()
    y, x, groups = (
        sel["success"].to_numpy(float)[valid],
        sel["x"].to_numpy()[valid],
        task_codes[valid],
    )
    per_task = _per_task(sel)
    out: dict[str, Any] = {
        "suite": sel["suite"].iloc[0],
        "family": sel["family"].iloc[0],
        "by": by,
        "levels": [_level_label(v) for v in levels],
        "ordered": ordered,
        "n_tasks": int(sel["task_id"].nunique()),
        "n_trials": int(valid.sum()),
        "n_error_trials": int((~valid).sum()),
        "per_level": _per_level_table(sel, per_task, levels),
    }
    out["success"] = _success_models(y, x, groups, levels, ordered, level, caught)
    out |= _flakiness_models(per_task, ordered, level, caught)
    out["warnings"] = caught
    out["note"] = (
        "within-task variance p(1-p) peaks at p = 1/2; read the flakiness effect next to "
        "the success effect"
    )
    return out


def _per_level_table(
    sel: pd.DataFrame, per_task: pd.DataFrame, levels: list[Any]
) -> list[dict[str, Any]]:
    rows = []
    for i, lv in enumerate(levels):
        part, tasks = sel[sel["x"] == i], per_task[per_task["x"] == i]
        rows.append(
            {
                "level": _level_label(lv),
                "n_tasks": len(tasks),
                "n_trials": int((~part["is_error"]).sum()),
                "n_error_trials": int(part["is_error"].sum()),
                "pass_at_1": float(tasks["rate"].mean()),
                "within": float(tasks["within"].mean()),
                "flaky_share": float(tasks["flaky"].mean()),
            }
        )
    return rows


def _contrast_matrix(x: np.ndarray, n_levels: int) -> np.ndarray:
    return np.column_stack([(x == i).astype(float) for i in range(1, n_levels)])


def _success_models(
    y: np.ndarray,
    x: np.ndarray,
    groups: np.ndarray,
    levels: list[Any],
    ordered: bool,
    level: float,
    caught: list[str],
) -> dict[str, Any]:
    out: dict[str, Any] = {
        "model": "GEE logistic, exchangeable correlation within task, robust SE",
        "per_level": None,
    }
    if ordered:
        entry = _odds(_coef(_gee(y, x, groups, caught), 1, level))
        out["per_level"] = entry
    cat = _gee(y, _contrast_matrix(x, len(levels)), groups, caught)
    out["contrasts"] = {
        _level_label(lv): _odds(_coef(cat, i, level)) for i, lv in enumerate(levels[1:], start=1)
    }
    return out


def _flakiness_models(
    per_task: pd.DataFrame,
    ordered: bool,
    level: float,
    caught: list[str],
) -> dict[str, Any]:
    import statsmodels.api as sm

    two = per_task.dropna(subset=["within"])
    if not ordered or two.empty or two["x"].nunique() < 2:
        note = "needs ordered levels and tasks with two or more valid trials"
        return {"within_variance": {"note": note}, "flaky": {"note": note}}
    groups = pd.factorize(two["task_id"])[0]
    design = sm.add_constant(two["x"].to_numpy(float), has_constant="add")
    with warnings.catch_warnings(record=True) as record:
        warnings.simplefilter("always")
        ols = sm.OLS(two["within"].to_numpy(float), design).fit(
            cov_type="cluster", cov_kwds={"groups": groups}
        )
        slope = _coef(ols, 1, level)
    caught.extend(sorted({str(w.message).splitlines()[0] for w in record} - set(caught)))
    within: dict[str, Any] = slope | {
        "model": "OLS of c(n-c)/(n(n-1)) per task and level, cluster-robust SE by task",
    }
    x = two["x"].to_numpy(float)
    odds = _odds(_coef(_gee(two["flaky"].to_numpy(float), x, groups, caught), 1, level))
    flaky: dict[str, Any] = odds | {
        "model": "GEE logistic of flaky (0 < c < n), exchangeable within task",
    }
    return {"within_variance": within, "flaky": flaky}
