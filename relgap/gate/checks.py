"""Gates: does a run meet its reliability bar, and did it regress against a baseline?

A threshold gate judges a metric's 95% confidence bound (or its point estimate, when the
config says so). A regression gate runs a paired test over the tasks both runs share and
fails only when the drop is statistically significant (one-sided, at ``alpha``) *and*
larger than ``min_effect``: a nightly job must fail on a real regression, not on noise.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from relgap.config import GateSpec
from relgap.errors import ConfigError
from relgap.records import group_label
from relgap.stats import summarize
from relgap.stats.compare import compare_tasks, task_changes_table
from relgap.stats.counts import GroupTasks, split_groups, task_counts
from relgap.stats.schema import EstimateEntry, Group, StatsSummary

LABELS = {"pass_at_k": "pass@{k}", "pass_hat_k": "pass^{k}", "gap": "gap@{k}",
          "retention": "retention@{k}", "pass_at_1": "pass@1"}  # fmt: skip


def metric_label(metric: str, k: int) -> str:
    """How a gate names a metric at k, e.g. ``pass^4`` or ``pass@1``."""
    return LABELS[metric].format(k=k)


@dataclass(frozen=True)
class GateResult:
    """The verdict of one gate on one model/variant."""

    name: str
    passed: bool
    message: str
    group: dict[str, Any]
    metric: str
    k: int
    numbers: dict[str, Any] = field(default_factory=dict)
    skipped: bool = False

    @property
    def subject(self) -> str:
        """The model and variant, labelled SIMULATED for simulated models."""
        g = self.group
        name = _group_name((None, g["model"], g.get("variant", "default")))
        return f"{name} (SIMULATED)" if g.get("simulated") else name


@dataclass
class GateReport:
    """Every gate's verdict on a run, with the task changes and counts against a baseline."""

    results: list[GateResult]
    task_changes: dict[str, dict[str, list[dict[str, Any]]]] = field(default_factory=dict)
    # Per group, every task of the run (and of the baseline): {task_id: (passed, valid trials)}.
    task_counts: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)
    baseline_counts: dict[str, dict[str, tuple[int, int]]] = field(default_factory=dict)

    @property
    def passed(self) -> bool:
        """Every gate passed (a skipped gate counts as passed)."""
        return all(r.passed for r in self.results)


def _group_name(key: tuple[Any, ...]) -> str:
    _suite, model, variant = key
    return group_label(model, variant)


def _wanted(gate: GateSpec, key: tuple[Any, ...]) -> bool:
    return not gate.models or key[1] in gate.models


def _largest_k(groups: list[GroupTasks]) -> int:
    return max(1, min(int(g.n.min()) if g.n.size else 1 for g in groups))


def _threshold(gate: GateSpec, summary: StatsSummary, k: int | None) -> list[GateResult]:
    results = []
    for g in summary.groups:
        key = (g.suite, g.model, g.variant)
        if not _wanted(gate, key):
            continue
        if not g.n_tasks:
            raise ConfigError(f"{_group_name(key)}: every trial errored; there is nothing to judge")
        kk = gate.k or k or int(g.trials_per_task["min"] or 0)  # n_tasks > 0: a minimum exists
        metric = "pass_at_k" if gate.metric == "pass_at_1" else gate.metric
        kk_used = 1 if gate.metric == "pass_at_1" else kk
        entry: EstimateEntry | None = getattr(g, metric).get(str(kk_used))
        label = metric_label(gate.metric, kk_used)
        if entry is None or entry.estimate is None:
            raise ConfigError(
                f"gate {gate.name or label}: {_group_name(key)} has only "
                f"{g.trials_per_task['min']} trials per task; {label} cannot be judged"
            )
        est, low, high = entry.estimate, entry.ci_low, entry.ci_high
        if gate.on == "lower_bound" and (low is None or high is None):
            raise ConfigError(
                f"gate {gate.name or label}: {_group_name(key)} has {g.n_tasks} task(s), too few "
                f'for a confidence interval; add tasks or judge the point estimate (on = "estimate")'
            )
        # On the lower bound both ends exist (checked above); else the point estimate decides.
        lower = low if gate.on == "lower_bound" and low is not None else est
        upper = high if gate.on == "lower_bound" and high is not None else est
        checks = []
        if gate.min is not None:
            checks.append((lower >= gate.min, f">= {gate.min:g}", lower))
        if gate.max is not None:
            checks.append((upper <= gate.max, f"<= {gate.max:g}", upper))
        ok = all(c[0] for c in checks)
        basis = "95% CI bound" if gate.on == "lower_bound" else "point estimate"
        wanted = " and ".join(c[1] for c in checks)
        message = (
            f"{label} = {est:.3f} ({_ci_text(low, high)}, {_tasks_used(entry, g, kk_used)}); "
            f"required {wanted} on the {basis}: {'ok' if ok else 'FAILED'}"
        )
        group = {"model": key[1], "variant": key[2], "simulated": bool(g.simulated)}
        results.append(GateResult(gate.name or f"{label} {wanted}", ok, message, group,
                                  gate.metric, kk_used, {"estimate": est, "ci_low": low, "ci_high": high}))  # fmt: skip
    return results


def _tasks_used(entry: EstimateEntry, group: Group, k: int) -> str:
    """The tasks a number was computed on: a cut run leaves some tasks short of k trials."""
    used, total = entry.n_tasks_used, group.n_tasks
    if used == total:
        return f"{total} tasks"
    return f"{used} of {total} tasks (those with at least {k} trials)"


def _ci_text(low: float | None, high: float | None) -> str:
    return "no CI with one task" if low is None or high is None else f"95% CI {low:.3f}-{high:.3f}"


def regression_verdict(
    entry: dict[str, Any], alpha: float, min_effect: float, higher_is_better: bool = True
) -> tuple[bool, float]:
    """(regressed?, one-sided p) from a paired comparison entry (a = current, b = baseline)."""
    diff, se, p_two = entry["difference"], entry["se"], entry["p_value"]
    drop = -diff if higher_is_better else diff
    if p_two is None or se is None or pd.isna(p_two):
        return False, 1.0
    p_one = p_two / 2 if drop > 0 else 1 - p_two / 2
    return bool(drop > min_effect and p_one < alpha), float(p_one)


def _regression(
    gate: GateSpec, current: dict, baseline: dict, k: int | None, simulated: dict
) -> list[GateResult]:
    results = []
    for key, cur in current.items():
        if not _wanted(gate, key):
            continue
        base = baseline.get(key)
        if base is None:
            continue
        kk = gate.k or k or _largest_k([cur, base])
        metric = "pass_at_1" if gate.metric == "pass_at_1" else gate.metric
        comparison = compare_tasks(cur, base, kk, bootstrap=1000)
        entry = comparison[metric]
        label = metric_label(gate.metric, kk)
        if entry["difference"] is None:
            raise ConfigError(f"gate {gate.name or label}: {comparison.get('note')}")
        higher_is_better = gate.metric != "gap"
        regressed, p_one = regression_verdict(entry, gate.alpha, gate.min_effect, higher_is_better)
        t = comparison["n_shared_tasks"]
        message = (
            f"{label}: {entry['b']:.3f} -> {entry['a']:.3f} ({entry['difference']:+.3f}, "
            f"95% CI {entry['clt_low']:+.3f}..{entry['clt_high']:+.3f}); paired t-test over {t} "
            f"shared tasks, one-sided p={p_one:.3g} (alpha {gate.alpha:g}, min effect "
            f"{gate.min_effect:g}): {'REGRESSED' if regressed else 'no significant regression'}"
        )
        numbers = {"baseline": entry["b"], "current": entry["a"], "difference": entry["difference"],
                   "p_one_sided": p_one, "shared_tasks": t, "mdd": entry.get("mdd")}  # fmt: skip
        group = {"model": key[1], "variant": key[2], "simulated": simulated.get(key, False)}
        results.append(GateResult(gate.name or f"no regression in {label}", not regressed, message,
                                  group, gate.metric, kk, numbers))  # fmt: skip
    if not results:
        raise ConfigError("the baseline shares no model/variant with this run; nothing to compare")
    return results


def classify_task_changes(
    current: GroupTasks, baseline: GroupTasks, alpha: float
) -> dict[str, list[dict[str, Any]]]:
    """Tasks that became flaky, started failing or got fixed, with BH-corrected Fisher tests."""
    table = task_changes_table(current, baseline, alpha)
    out: dict[str, list[dict[str, Any]]] = {
        "newly_flaky": [],
        "newly_failing": [],
        "fixed": [],
        "significant_drops": [],
    }
    for row in table.to_dict("records"):
        now, before = row["rate_a"], row["rate_b"]
        item = {
            "task_id": row["task_id"],
            "baseline": before,
            "current": now,
            "q_value": row["q_value"],
        }
        if before == 1.0 and 0 < now < 1:
            out["newly_flaky"].append(item)
        elif before > 0 and now == 0:
            out["newly_failing"].append(item)
        elif before < 1 and now == 1:
            out["fixed"].append(item)
        if row["significant"] and now < before:
            out["significant_drops"].append(item)
    return out


def _simulated_groups(frame: pd.DataFrame) -> dict[tuple[Any, ...], bool]:
    if frame.empty or "simulated" not in frame:
        return {}
    flags = frame.groupby(["suite", "model", "variant"])["simulated"].any()
    return {tuple(key): bool(value) for key, value in flags.items()}


def _matches_nothing(gate: GateSpec, groups: dict[Any, Any]) -> str:
    name = gate.name or f"{gate.type} {gate.metric}"
    present = sorted({str(key[1]) for key in groups})
    wanted = f"models={gate.models}" if gate.models else "its models"
    return (
        f"gate '{name}': {wanted} match no model of the run (it has {', '.join(present) or 'none'})"
    )


def evaluate_gates(
    current: pd.DataFrame,
    gates: list[GateSpec],
    *,
    baseline: pd.DataFrame | None = None,
    k: int | None = None,
    alpha: float = 0.05,
) -> GateReport:
    """Evaluate ``gates`` on a run (and its baseline).

    With a baseline and no gates, the default gate applies: no significant drop in pass^k at
    the largest k both runs support.
    """
    if not gates:
        if baseline is None:
            raise ConfigError("no gates configured and no --baseline given: nothing to check")
        gates = [GateSpec(type="regression", metric="pass_hat_k", alpha=alpha)]
    if current.empty:
        raise ConfigError("the run has no trials: there is nothing to judge")
    cur_groups = split_groups(task_counts(current))
    base_groups = split_groups(task_counts(baseline)) if baseline is not None else {}
    summary = (
        summarize(current, k=k, bootstrap=1000)
        if any(g.type == "threshold" for g in gates)
        else None
    )
    simulated = _simulated_groups(current)
    results: list[GateResult] = []
    for gate in gates:
        before = len(results)
        if gate.type == "threshold":
            assert summary is not None  # computed above whenever a threshold gate exists
            results += _threshold(gate, summary, k)
        elif baseline is None:
            # The first night of a nightly job has no baseline yet: say so, do not fail.
            kk = gate.k or k
            label = metric_label(gate.metric, kk) if kk else LABELS[gate.metric].format(k="k")
            message = "skipped: no --baseline given, so there is nothing to compare against"
            results.append(GateResult(gate.name or f"no regression in {label}", True, message,
                                      {"model": "all models", "variant": "default"}, gate.metric,
                                      kk or 0, skipped=True))  # fmt: skip
        else:
            results += _regression(gate, cur_groups, base_groups, k, simulated)
        if len(results) == before:  # a gate that judges nothing must not pass
            raise ConfigError(_matches_nothing(gate, cur_groups))
    changes = {
        _group_name(key): classify_task_changes(cur, base_groups[key], alpha)
        for key, cur in cur_groups.items()
        if key in base_groups
    }
    return GateReport(results, changes, _counts(cur_groups), _counts(base_groups))


def _counts(groups: dict[tuple[Any, ...], GroupTasks]) -> dict[str, dict[str, tuple[int, int]]]:
    return {
        _group_name(key): {
            str(t): (int(c), int(n)) for t, c, n in zip(g.task_id, g.c, g.n, strict=True)
        }
        for key, g in groups.items()
    }
