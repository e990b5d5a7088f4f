"""The ``relgap.stats/1`` JSON contract as pydantic models.

:func:`relgap.stats.summarize` returns a :class:`StatsSummary`, and the reports, the CLI
and the gates read its attributes. :meth:`StatsSummary.to_dict` gives back the JSON
document (the keys :func:`relgap.stats.summary.summarize_dict` produced, in their order), so
``relgap stats --json`` prints the same bytes as before the models existed. Every float may
be ``None`` where it is not defined (NaN in the computation). Fields are only ever added
within ``relgap.stats/1``; a removal or change of meaning bumps the schema string. The
order of the fields is the order of the JSON keys: keep them in step with ``summary.py``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "BetaBinomial",
    "Comparison",
    "Cost",
    "EstimateEntry",
    "Group",
    "StatsSummary",
    "TaskRow",
    "Variance",
]

Num = float | None


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid")


class EstimateEntry(_Model):
    """One statistic at one k with its uncertainty: an entry of the JSON (relgap.stats.intervals)."""

    estimate: Num = Field(description="Mean over the tasks used (ratio of means for retention).")
    se: Num = Field(description="Cluster (task-level) SE; delta method for ratios; bootstrap SD "
                    "for variance components.")  # fmt: skip
    ci_low: Num = Field(description="Bootstrap interval over tasks (method in ci_method).")
    ci_high: Num
    clt_low: Num = Field(description="estimate ± t(n_tasks_used - 1) × se.")
    clt_high: Num
    n_tasks_used: int = Field(description="Tasks with at least k valid trials.")
    few_tasks: bool | None = Field(None, description="Fewer tasks than where the intervals' "
                                   "coverage is shown to hold (MIN_TASKS_FOR_COVERAGE, 30).")  # fmt: skip
    zero_width: bool | None = Field(None, description="The bootstrap interval is a single point.")
    n_clusters_used: int | None = Field(None, description="With a cluster: clusters used (the "
                                        "independent units of the SE, bootstrap and t).")  # fmt: skip


# The name this entry had before issue 18; kept for library code that imported it.
Estimate = EstimateEntry


class Variance(_Model):
    """Decomposition of single-trial outcome variance (relgap.stats.variance)."""

    within: Num = Field(description="E[p(1-p)], mean of c(n-c)/(n(n-1)).")
    between: Num = Field(description="Var(p) across tasks, bias-corrected, clipped at 0.")
    icc: Num = Field(description="between / (between + within).")
    flaky_share: Num = Field(description="Share of tasks with 0 < c < n.")
    n_tasks: int = Field(description="Tasks with at least two valid trials (the ones used).")
    intervals: dict[str, EstimateEntry] | None = None
    rate_distribution: dict[str, Any] | None = Field(
        None, description="Histogram and quantiles of c/n."
    )


class BetaBinomial(_Model):
    """Beta(a, b) fitted to per-task rates by maximum likelihood (relgap.stats.betabinom)."""

    a: Num
    b: Num
    mean: Num
    icc: Num = Field(description="1 / (a + b + 1).")
    converged: bool
    loglik: Num
    n_tasks: int
    max_observed_k: int = Field(description="Values for larger k are extrapolation.")
    pass_hat_k: dict[str, Num] = Field(description="Model pass^k for k = 1..100.")
    pass_at_k: dict[str, Num] = Field(description="Model pass@k for k = 1..100.")
    note: str | None = None


class Cost(_Model):
    """What a group's trials cost, where the provider reported a price."""

    total_usd: Num = Field(description="Sum of known costs, error trials included.")
    per_trial_usd: Num = Field(description="total_usd / known_cost_trials.")
    per_success_usd: Num = Field(description="total_usd / passes among known-cost trials.")
    known_cost_trials: int
    unknown_cost_trials: int


class TaskRow(_Model):
    """One task of a group: its valid, passing and error trials, rate and Wilson interval."""

    task_id: str
    tier: int | None
    n: int = Field(description="Valid trials.")
    c: int = Field(description="Passing trials.")
    n_error: int = Field(description="Error trials (left out).")
    rate: Num
    wilson_low: Num
    wilson_high: Num
    cv_cost: Num = Field(None, description="Coefficient of variation of cost over valid repeats.")
    cv_tokens: Num = None
    cv_steps: Num = None
    cv_latency: Num = None


class Group(_Model):
    """One (suite, model, variant)."""

    suite: str | None
    model: str | None
    variant: str | None
    family: str | None
    reasoning_effort: str | None
    thinking_budget: int | None
    simulated: bool | None
    n_tasks: int = Field(description="Tasks with at least one valid trial.")
    n_tasks_no_valid_trials: int
    n_trials: int = Field(description="Valid (non-error) trials.")
    n_error_trials: int
    n_trials_run: int
    trials_per_task: dict[str, int | None] = Field(description="min / max valid trials.")
    pass_at_k: dict[str, EstimateEntry]
    pass_hat_k: dict[str, EstimateEntry]
    gap: dict[str, EstimateEntry] = Field(description="pass@k - pass^k, per task (paired).")
    retention: dict[str, EstimateEntry] = Field(description="pass^k / pass@1, ratio of means.")
    variance: Variance
    n_clusters: int | None = Field(None, description="Clusters of tasks, with a cluster.")
    k_max: int
    k_all_tasks: int | None = Field(None, description="Largest k every task with a valid trial "
                                    "supports (the default k_max).")  # fmt: skip
    errors_as_failures: dict[str, Any] | None = Field(None, description="pass@k / pass^k with error "
                                            "trials counted as failures (what τ-bench "
                                            "publishes); only when there are error trials.")  # fmt: skip
    beta_binomial: BetaBinomial | None
    note: str | None
    extrapolation: dict[str, Any] | None = Field(None, description="pass^k past the data "
                                       "(relgap.stats.extrapolate), when asked for.")  # fmt: skip
    cost: Cost | None
    latency_s: dict[str, Num] | None
    tokens: dict[str, Num] | None
    failed_checks: dict[str, int] | None
    resource_consistency: dict[str, Any] | None = Field(None, description="Mean CV over tasks of cost, "
                                              "tokens, steps, latency (relgap.stats.consistency).")  # fmt: skip
    outcome_consistency: dict[str, Any] | None = Field(
        None, description="C_out of arXiv 2602.16666 (share of tasks whose repeats all agree)."
    )
    outcome_agreement: dict[str, Any] | None = Field(
        None, description="1 - 4 x within, with interval."
    )
    tasks: list[TaskRow]


class Difference(_Model):
    """One metric of a comparison: both values, their paired difference and its tests."""

    a: Num
    b: Num
    difference: Num = Field(description="a - b over the shared tasks.")
    se: Num
    ci_low: Num = Field(description="Paired bootstrap interval (a second view; under-covers "
                        "with few tasks, so verdicts do not read it).")  # fmt: skip
    ci_high: Num
    clt_low: Num = Field(description="Paired t interval: the interval of the deciding test.")
    clt_high: Num
    p_value: Num = Field(description="Paired t-test on per-task differences.")
    p_value_bootstrap: Num
    mdd: Num = Field(description="Minimum detectable difference at 80 % power.")
    significant: bool | None = Field(None, description="The paired t interval at `level` "
                                     "excludes 0 (p_value < 1 - level).")  # fmt: skip
    test: str | None = Field(None, description="The deciding test: 'paired t'.")
    p_value_holm: Num = Field(None, description="p_value, Holm-adjusted over the comparisons.")


class Comparison(_Model):
    """Two groups compared over their shared tasks at one k (a - b, paired)."""

    a: dict[str, str | None]
    b: dict[str, str | None]
    k: int
    n_shared_tasks: int
    n_tasks_only_a: int
    n_tasks_only_b: int
    n_tasks_too_few_trials: int
    n_clusters: int | None = None
    pass_at_1: Difference
    pass_at_k: Difference
    pass_hat_k: Difference
    gap: Difference
    retention: Difference
    gap_forms_disagree: bool
    less_reliable_by_gap: str | None = None
    less_reliable_by_retention: str | None = None
    note: str | None
    task_changes: dict[str, Any]


class StatsSummary(_Model):
    """What :func:`relgap.stats.summarize` returns: every group's statistics, typed."""

    schema_: Literal["relgap.stats/1"] = Field(alias="schema")
    level: float
    ci_method: Literal["bca", "percentile"]
    bootstrap: int
    seed: int
    k: int | None
    methods: dict[str, str]
    groups: list[Group]
    comparisons: list[Comparison] | None = None
    sweeps: list[dict[str, Any]] | None = Field(
        None, description="relgap.stats.sweep.variant_sweep results."
    )
    multiplicity: dict[str, Any] | None = Field(
        None, description="How comparisons' p-values are adjusted."
    )
    cluster: dict[str, Any] | None = Field(None, description="Set when tasks were clustered.")

    def to_dict(self) -> dict[str, Any]:
        """The ``relgap.stats/1`` JSON document: the keys that were set, in contract order.

        Optional keys that :func:`relgap.stats.summarize` left out (``comparisons``,
        ``n_clusters``, ...) stay out, and ``None`` stays ``null``, so the document is
        byte-for-byte what ``relgap stats --json`` has always printed.
        """
        return self.model_dump(by_alias=True, exclude_unset=True)
