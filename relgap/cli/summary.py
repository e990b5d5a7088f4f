"""The terminal summary table shared by `relgap demo` and `relgap run`."""

from __future__ import annotations

import pandas as pd
from rich.console import Console
from rich.table import Table

from relgap.stats import summarize


def _cell(entry: dict | None) -> str:
    if not entry or entry.get("estimate") is None:
        return "-"
    low, high = entry.get("ci_low"), entry.get("ci_high")
    ci = f" [dim]({low:.2f}-{high:.2f})[/]" if low is not None and high is not None else ""
    return f"{entry['estimate']:.2f}{ci}"


def print_summary(console: Console, frame: pd.DataFrame, k: int) -> dict:
    """Per model x variant: pass@1, pass@k, pass^k (unbiased, 95% bootstrap CIs over tasks)."""
    summary = summarize(frame, k=k)
    table = Table(title=f"Capability vs reliability at k={k} (95% CI, bootstrap over tasks)")
    for col in (
        "model",
        "variant",
        "tasks",
        "trials",
        "errors",
        "pass@1",
        f"pass@{k}",
        f"pass^{k}",
        f"gap@{k}",
    ):
        table.add_column(col, justify="left" if col in ("model", "variant") else "right")
    for g in summary["groups"]:
        key = str(k)
        name = g["model"] + (" [yellow](sim)[/]" if g.get("simulated") else "")
        table.add_row(
            name, g["variant"], str(g["n_tasks"]), str(g["n_trials"]), str(g["n_error_trials"]),
            _cell(g["pass_at_k"].get("1")), _cell(g["pass_at_k"].get(key)),
            _cell(g["pass_hat_k"].get(key)), _cell(g["gap"].get(key)),
        )  # fmt: skip
    console.print(table)
    return summary
