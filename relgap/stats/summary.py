"""``summarize``: every statistic of every group, as the stable ``relgap.stats/1`` JSON.

One group is one (suite, model, variant). For each group and each ``k`` from 1 to the
smallest number of valid trials of a task of the group (``k_max``, so that by default every
number of a row uses the same tasks), it reports the mean over
tasks of the unbiased pass@k and pass^k, the gap ``pass@k - pass^k`` (per task, paired)
and the retention ``pass^k / pass@1`` (ratio of means over the same tasks), each with a
cluster SE, a bootstrap interval over tasks and a Student-t interval
(:mod:`relgap.stats.intervals`). Error trials are left out and counted; a task with fewer
than ``k`` valid trials is left out at that ``k`` and ``n_tasks_used`` shows it.

All groups share one call's settings; each group's bootstrap is seeded by ``seed`` and the
group's key, so a group's numbers do not change when other groups are added.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping, Sequence
from typing import Any, Literal

import numpy as np
import pandas as pd

from relgap.errors import ConfigError
from relgap.stats.betabinom import fit_beta_binomial
from relgap.stats.clusters import cluster_codes, holm_comparisons
from relgap.stats.compare import METRICS, compare_tasks, k_default, task_changes
from relgap.stats.consistency import (
    outcome_agreement,
    outcome_consistency,
    resource_consistency,
)
from relgap.stats.counts import (
    GROUP_KEYS,
    GroupSpec,
    GroupTasks,
    keyed_frame,
    select_group,
    split_groups,
    task_counts_from_keyed,
)
from relgap.stats.curves import group_curves
from relgap.stats.extrapolate import extrapolate
from relgap.stats.intervals import (
    CI_METHODS,
    LEVEL,
    CIMethod,
    group_rng,
    wilson_interval,
)
from relgap.stats.jsonable import clean_list, int_or_none, missing, to_jsonable
from relgap.stats.published import errors_as_failures
from relgap.stats.schema import StatsSummary
from relgap.stats.sweep import variant_sweep
from relgap.stats.usage import usage_by_group
from relgap.stats.variance import VARIANCE_STATS

__all__ = ["SCHEMA", "summarize", "summarize_dict", "to_jsonable"]

SCHEMA = "relgap.stats/1"
BETA_K_MAX = 100

METHODS = {
    "se": "cluster (task-level) standard error: sd of per-task values / sqrt(tasks); "
    "delta method for retention (arXiv 2411.00640)",
    "ci": "bootstrap over tasks, {ci} interval ({b} resamples, seed {seed})",
    "clt": "estimate ± t(tasks - 1) × se, clipped to [0, 1]",
    "pass_at_k": "unbiased 1 - C(n-c,k)/C(n,k) per task, mean over tasks (arXiv 2107.03374)",
    "pass_hat_k": "unbiased C(c,k)/C(n,k) per task, mean over tasks (arXiv 2406.12045)",
    "gap": "per-task pass@k - pass^k, mean over tasks",
    "retention": "mean pass^k / mean pass@1 over the same tasks",
    "tasks": "Wilson score interval per task",
}


def _tasks(g: GroupTasks, level: float) -> list[dict[str, Any]]:
    """Per-task rows, already JSON-clean (this list dominates the output's size)."""
    lo, hi = wilson_interval(g.c, g.n, level)
    with np.errstate(invalid="ignore", divide="ignore"):
        rate = np.where(g.n > 0, g.c / np.maximum(g.n, 1), np.nan)
    tier = pd.to_numeric(pd.Series(g.tier), errors="coerce").to_numpy(dtype=float)
    columns = {
        "task_id": [str(t) for t in g.task_id.tolist()],
        "tier": [None if t != t else int(t) for t in tier.tolist()],
        "n": clean_list(g.n),
        "c": clean_list(g.c),
        "n_error": clean_list(g.n_error),
        "rate": clean_list(rate),
        "wilson_low": clean_list(lo),
        "wilson_high": clean_list(hi),
    }
    names = list(columns)
    return [dict(zip(names, row, strict=True)) for row in zip(*columns.values(), strict=True)]


def _empty_group(note: str) -> dict[str, Any]:
    # Keys in the order of a group with estimates (and of StatsSummary's fields).
    return {
        "pass_at_k": {},
        "pass_hat_k": {},
        "gap": {},
        "retention": {},
        "variance": dict.fromkeys([*VARIANCE_STATS], None) | {"n_tasks": 0},
        "k_max": 0,
        "beta_binomial": None,
        "note": note,
    }


def _group(
    g: GroupTasks,
    usage: dict[str, Any],
    k: int | None,
    bootstrap: int,
    seed: int,
    level: float,
    ci: CIMethod,
    extra_ks: Sequence[int] = (),
    clusters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    meta = {k: (None if missing(v) else v) for k, v in usage.get("meta", {}).items()}
    valid = g.n > 0
    out: dict[str, Any] = dict(zip(GROUP_KEYS, g.key, strict=True))
    out |= {
        "family": meta.get("family"),
        "reasoning_effort": meta.get("reasoning_effort"),
        "thinking_budget": int_or_none(meta.get("thinking_budget")),
        "simulated": None if meta.get("simulated") is None else bool(meta["simulated"]),
        "n_tasks": int(valid.sum()),
        "n_tasks_no_valid_trials": int((~valid).sum()),
        "n_trials": int(g.n.sum()),
        "n_error_trials": int(g.n_error.sum()),
        "n_trials_run": int(g.n_run.sum()),
        "trials_per_task": {
            "min": int(g.n[valid].min()) if valid.any() else None,
            "max": int(g.n[valid].max()) if valid.any() else None,
        },
    }
    if not valid.any():
        note = f"all {int(g.n_error.sum())} trials ended in infrastructure errors; no estimates"
        out |= _empty_group(note)
    else:
        out |= _estimates(g.subset(valid), g, k, bootstrap, seed, level, ci, extra_ks, clusters)
    out |= {key: usage.get(key) for key in ("cost", "latency_s", "tokens", "failed_checks")}
    return out


def _estimates(
    g: GroupTasks,
    g_all: GroupTasks,
    k: int | None,
    bootstrap: int,
    seed: int,
    level: float,
    ci: CIMethod,
    extra_ks: Sequence[int] = (),
    clusters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    max_n = int(g.n.max())
    # By default k stops where every task still enters, so one row never mixes task sets.
    k_all = int(g.n.min())
    k_max = k_all if k is None else k
    notes = []
    if k is None and k_all < int(g_all.n_run.min()):
        notes.append(
            f"k stops at {k_all}, the most valid trials every task has (error trials left "
            f"out); ask for k up to {max_n} to use only the tasks with that many"
        )
    if k_max > max_n:
        notes.append(
            f"k={k_max} exceeds the most valid trials of any task ({max_n}); unbiased "
            f"estimates stop at k={max_n}, see beta_binomial for larger k"
        )
        k_max = max_n
    codes = cluster_codes(list(g.task_id), clusters) if clusters is not None else None
    out = group_curves(g, k_max, group_rng(seed, *g.key), bootstrap, level, ci, codes)
    if codes is not None:
        out["n_clusters"] = int(codes.max(initial=-1)) + 1
    out["k_max"] = k_max
    out["k_all_tasks"] = k_all
    if int(g_all.n_error.sum()):
        out["errors_as_failures"] = errors_as_failures(g_all, k_max)
    out["beta_binomial"] = fit_beta_binomial(g.n, g.c).to_dict(BETA_K_MAX)
    short = [j + 1 for j in range(k_max) if out["pass_at_k"][str(j + 1)]["n_tasks_used"] < g.n.size]
    if short:
        notes.append(f"some tasks have fewer than k valid trials for k >= {short[0]}")
    out["note"] = "; ".join(notes) or None
    if any(int(x) > k_max for x in extra_ks):
        bound = out["pass_hat_k"][str(k_max)] | {"k": k_max}
        out["extrapolation"] = extrapolate(g.n, g.c, extra_ks, bootstrap=min(bootstrap, 200),
                                           rng=group_rng(seed, "extrapolate", *g.key),
                                           level=level, observed=bound)  # fmt: skip
    return out


def _usage(df: pd.DataFrame, frame: pd.DataFrame) -> dict[tuple[Any, ...], dict[str, Any]]:
    codes = frame.groupby(list(GROUP_KEYS), sort=True, dropna=False).ngroup().to_numpy()
    if codes.size == 0:
        return {}
    _, first_rows = np.unique(codes, return_index=True)
    keys = [tuple(row) for row in frame.iloc[first_rows][list(GROUP_KEYS)].to_numpy()]
    flags = frame["is_error"].to_numpy(), frame["success"].to_numpy()
    return dict(zip(keys, usage_by_group(df, codes, len(keys), *flags), strict=True))


Comparisons = Literal["all"] | Sequence[tuple[GroupSpec, GroupSpec]] | None


def _comparison_pairs(
    counts: pd.DataFrame, groups: dict[tuple[Any, ...], GroupTasks], comparisons: Comparisons
) -> list[tuple[tuple[Any, ...], tuple[Any, ...]]]:
    if comparisons is None:
        return []
    if isinstance(comparisons, str):
        if comparisons != "all":
            raise ConfigError(f"comparisons must be 'all' or a list of pairs, not {comparisons!r}")
        return [(a, b) for a, b in itertools.combinations(groups, 2) if a[0] == b[0]]
    return [(select_group(counts, a), select_group(counts, b)) for a, b in comparisons]


def summarize(
    df: pd.DataFrame,
    k: int | None = None,
    bootstrap: int = 2000,
    seed: int = 0,
    *,
    level: float = LEVEL,
    ci: CIMethod = "bca",
    comparisons: Comparisons = None,
    sweep: str | None = None,
    alpha: float = 0.05,
    extrapolate_to: Sequence[int] = (),
    cluster: Mapping[str, Any] | None = None,
) -> StatsSummary:
    """Summarise a trial table: capability, reliability and their gap per group.

    The typed summary is what the reports, the CLI and the gates read. For the JSON
    document (``relgap stats --json``) call ``.to_dict()`` on it, or
    :func:`summarize_dict`, which skips building the models. Until relgap 0.x this function
    returned that dict: code written against the dicts switches to :func:`summarize_dict`
    (same arguments) or reads ``summarize(...).to_dict()``.

    Args:
        df: trial table as returned by ``relgap.load`` (one row per trial).
        k: largest ``k`` to report; default, per group, the smallest number of valid
            trials of any of its tasks (so every number uses every task). Capped at the most valid trials of any task (beyond it
            only the Beta-binomial model speaks, and a ``note`` says so).
        bootstrap: resamples over tasks for the bootstrap intervals (0 disables them).
        seed: seed of the bootstrap.
        level: confidence level of every interval.
        ci: bootstrap interval method, ``"bca"`` (default) or ``"percentile"``.
        comparisons: ``"all"`` for every pair of groups of the same suite, or a list of
            ``(a, b)`` group specs (see :func:`relgap.stats.compare.compare_groups`).
        sweep: a column such as ``"reasoning_effort"``: adds ``sweeps``, one
            :func:`relgap.stats.sweep.variant_sweep` per suite and family with two or more
            levels of it (numbers; :func:`relgap.report.sweep_text.describe_sweep` words them).
        alpha: level of the per-task tests (Benjamini–Hochberg) and of the minimum
            detectable difference in comparisons.
        extrapolate_to: ``k`` past the data (e.g. ``(16, 32, 100)``): adds
            ``extrapolation`` per group (:func:`relgap.stats.extrapolate.extrapolate`:
            model-free bound, plain and zero/one-inflated Beta-binomial with bootstrap
            intervals, fit checks, ``model_dependent``).
        cluster: task id -> cluster label (template, persona, tier, ...): SEs, bootstrap
            and paired tests treat clusters, not tasks, as independent
            (:mod:`relgap.stats.clusters`); a task left out is its own cluster.

    Returns:
        The ``relgap.stats/1`` contract as a :class:`~relgap.stats.schema.StatsSummary`
        (every field documented there; NaN as ``None``).

    Raises:
        ConfigError: for a missing column, ``k < 1``, an unknown interval method or a
            comparison naming no group.
    """
    return StatsSummary.model_validate(
        summarize_dict(df, k, bootstrap, seed, level=level, ci=ci, comparisons=comparisons,
                       sweep=sweep, alpha=alpha, extrapolate_to=extrapolate_to,
                       cluster=cluster)
    )  # fmt: skip


def summarize_dict(
    df: pd.DataFrame,
    k: int | None = None,
    bootstrap: int = 2000,
    seed: int = 0,
    *,
    level: float = LEVEL,
    ci: CIMethod = "bca",
    comparisons: Comparisons = None,
    sweep: str | None = None,
    alpha: float = 0.05,
    extrapolate_to: Sequence[int] = (),
    cluster: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """Summarise a trial table as the ``relgap.stats/1`` JSON document (plain dicts).

    The cheap path behind :func:`summarize` (same arguments, same errors): JSON-ready
    dicts, without building the models. ``summarize(...).to_dict()`` is the same document.
    """
    if k is not None and k < 1:
        raise ConfigError(f"k must be at least 1, got {k}")
    if ci not in CI_METHODS:
        raise ConfigError(f"unknown interval method {ci!r}; choose from {', '.join(CI_METHODS)}")
    if bootstrap < 0:
        raise ConfigError(f"bootstrap must be 0 or more resamples, got {bootstrap}")
    frame = keyed_frame(df)
    counts = task_counts_from_keyed(frame)
    groups = split_groups(counts)
    usage = _usage(df, frame)
    result: dict[str, Any] = {
        "schema": SCHEMA,
        "level": level,
        "ci_method": ci,
        "bootstrap": bootstrap,
        "seed": seed,
        "k": k,
        "methods": {
            name: text.format(ci="BCa" if ci == "bca" else ci, b=bootstrap, seed=seed)
            for name, text in METHODS.items()
        },
        "groups": [
            _group(g, usage.get(key, {}), k, bootstrap, seed, level, ci, extrapolate_to, cluster)
            for key, g in groups.items()
        ],
    }
    _add_consistency(result["groups"], list(groups), df, frame, bootstrap, seed, level)
    tasks = [_tasks(g, level) for g in groups.values()]
    pairs = _comparison_pairs(counts, groups, comparisons)
    if comparisons is not None:
        result["comparisons"] = [
            _compare(groups[a], groups[b], k, bootstrap, seed, level, ci, alpha, cluster)
            for a, b in pairs
        ]
        result["multiplicity"] = holm_comparisons(result["comparisons"], METRICS)
    if cluster is not None:
        result["cluster"] = {"tasks_labelled": len(cluster)}
    if sweep is not None:
        result["sweeps"] = _sweeps(df, frame, sweep, level)
    per_task = [g.pop("_task_cvs", {}) for g in result["groups"]]
    result = to_jsonable(result)
    for group, rows, cvs in zip(result["groups"], tasks, per_task, strict=True):
        group["tasks"] = [row | to_jsonable(cvs.get(row["task_id"], {})) for row in rows]
    return result


def _sweeps(df: pd.DataFrame, frame: pd.DataFrame, by: str, level: float) -> list[dict[str, Any]]:
    if by not in df.columns:
        raise ConfigError(f"cannot sweep over {by!r}: the trial table has no such column")
    family = df["family"] if "family" in df.columns else frame["model"]
    levels = pd.DataFrame({"suite": frame["suite"], "family": family, "level": df[by]})
    counts = levels.dropna().groupby(["suite", "family"], sort=True)["level"].nunique()
    return [
        variant_sweep(df, by=by, suite=s, family=f, level=level)
        for s, f in counts[counts >= 2].index
    ]


def _compare(
    a: GroupTasks,
    b: GroupTasks,
    k: int | None,
    bootstrap: int,
    seed: int,
    level: float,
    ci: CIMethod,
    alpha: float,
    clusters: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    if k is None:
        k = max(1, min(k_default(a), k_default(b)))
    # Beyond the most valid trials of either group nothing is estimable: cap like summarize.
    most = min(int(a.n.max(initial=0)), int(b.n.max(initial=0)))
    k = max(1, min(k, most))
    out = compare_tasks(a, b, k, bootstrap=bootstrap, seed=seed, level=level, ci=ci, alpha=alpha,
                        clusters=clusters)  # fmt: skip
    out["task_changes"] = task_changes(a, b, alpha=alpha)
    return out


def _add_consistency(
    out: list[dict[str, Any]],
    keys: list[tuple[Any, ...]],
    df: pd.DataFrame,
    frame: pd.DataFrame,
    bootstrap: int,
    seed: int,
    level: float,
) -> None:
    resources = resource_consistency(df, frame, bootstrap=bootstrap, seed=seed, level=level)
    outcomes = outcome_consistency(frame, bootstrap=bootstrap, seed=seed, level=level)
    for group, key in zip(out, keys, strict=True):
        found = resources.get(key, {})
        group["resource_consistency"] = found.get("groups")
        group["outcome_consistency"] = outcomes.get(key)
        group["outcome_agreement"] = outcome_agreement(group.get("variance") or {})
        group["_task_cvs"] = found.get("tasks", {})
