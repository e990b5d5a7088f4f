"""Per-group cost, latency, tokens, failed checks and descriptive labels.

Cost counts every trial, error trials included: a trial that hit a rate limit after three
model calls was still paid for. Trials whose cost is unknown (a model without a price)
are counted in ``unknown_cost_trials`` and left out of the sums.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd

__all__ = ["usage_by_group"]

META_COLUMNS = ("family", "reasoning_effort", "thinking_budget", "simulated")
TOKEN_COLUMNS = ("input_tokens", "output_tokens", "reasoning_tokens")


def _numeric(df: pd.DataFrame, column: str) -> pd.Series:
    if column not in df.columns:
        return pd.Series(np.nan, index=df.index, dtype=float)
    return pd.to_numeric(df[column], errors="coerce").astype(float)


def _meta(df: pd.DataFrame, first_rows: np.ndarray) -> list[dict[str, Any]]:
    cols = [c for c in META_COLUMNS if c in df.columns]
    rows = df.iloc[first_rows][cols]
    return [{c: row[c] for c in cols} for _, row in rows.iterrows()]


def _failed_checks(
    df: pd.DataFrame, codes: np.ndarray, valid: np.ndarray, n_groups: int
) -> list[dict[str, int]]:
    out: list[dict[str, int]] = [{} for _ in range(n_groups)]
    if "failed_checks" not in df.columns:
        return out
    checks = pd.Series(df["failed_checks"].to_numpy(dtype=object)[valid], codes[valid]).explode()
    checks = checks[checks.notna()].astype(str)
    checks = checks[checks != ""]
    if checks.empty:
        return out
    sizes = pd.DataFrame({"g": checks.index, "check": checks.to_numpy()}).value_counts()
    for (g, check), count in sizes.items():  # sorted by count, descending
        out[int(g)][str(check)] = int(count)
    return out


def usage_by_group(
    df: pd.DataFrame, codes: np.ndarray, n_groups: int, is_error: np.ndarray, success: np.ndarray
) -> list[dict[str, Any]]:
    """Cost, latency, token and failed-check summaries, and labels, per group.

    Args:
        df: the trial table.
        codes: group number of each trial, ``0 .. n_groups - 1`` in sorted group order.
        n_groups: number of groups.
        is_error: per-trial infrastructure-error flags (:func:`relgap.stats.counts.trial_flags`).
        success: per-trial pass flags, likewise.

    Returns:
        One dict per group: ``{"meta", "cost", "latency_s", "tokens", "failed_checks"}``.
    """
    valid = ~is_error

    def total(values: np.ndarray, mask: np.ndarray | None = None) -> np.ndarray:
        w = values if mask is None else np.where(mask, values, 0.0)
        return np.bincount(codes, weights=np.nan_to_num(w), minlength=n_groups)

    cost = _numeric(df, "cost_usd").to_numpy()
    known = ~np.isnan(cost)
    n_known = total(known.astype(float))
    cost_sum = total(cost, known)
    succ_known = total((success & known).astype(float))
    n_valid = total(valid.astype(float))
    n_all = np.bincount(codes, minlength=n_groups)
    tokens = {c: _numeric(df, c).to_numpy() for c in TOKEN_COLUMNS}
    token_known = {c: total((valid & ~np.isnan(v)).astype(float)) for c, v in tokens.items()}
    token_sum = {c: total(v, valid & ~np.isnan(v)) for c, v in tokens.items()}
    latency = pd.Series(np.where(valid, _numeric(df, "latency_s").to_numpy(), np.nan))
    lat = latency.groupby(codes).agg(["mean"]).reindex(range(n_groups))
    lat_q = latency.groupby(codes).quantile([0.5, 0.95]).unstack().reindex(range(n_groups))
    _, first_rows = np.unique(codes, return_index=True)
    meta = _meta(df, first_rows)
    checks = _failed_checks(df, codes, valid, n_groups)
    out = []
    for g in range(n_groups):
        with np.errstate(invalid="ignore", divide="ignore"):
            tok = {
                **{f"{c.removesuffix('_tokens')}_total": token_sum[c][g] for c in TOKEN_COLUMNS},
                **{
                    f"{c.removesuffix('_tokens')}_mean": token_sum[c][g] / token_known[c][g]
                    for c in TOKEN_COLUMNS
                },
            }
        out.append(
            {
                "meta": meta[g],
                "cost": {
                    "total_usd": cost_sum[g] if n_known[g] else np.nan,
                    "per_trial_usd": cost_sum[g] / n_known[g] if n_known[g] else np.nan,
                    "per_success_usd": cost_sum[g] / succ_known[g] if succ_known[g] else np.nan,
                    "known_cost_trials": int(n_known[g]),
                    "unknown_cost_trials": int(n_all[g] - n_known[g]),
                },
                "latency_s": {
                    "mean": lat.loc[g, "mean"],
                    "p50": lat_q.loc[g, 0.5],
                    "p95": lat_q.loc[g, 0.95],
                },
                "tokens": tok if n_valid[g] else dict.fromkeys(tok, np.nan),
                "failed_checks": checks[g],
            }
        )
    return out
