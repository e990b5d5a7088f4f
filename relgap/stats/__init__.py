"""Statistics of repeated trials: capability (pass@k), reliability (pass^k) and their gap.

Pure functions over counts and trial tables; nothing here prints, reads files or talks to a
provider. Start with :func:`summarize`: a typed :class:`StatsSummary` (``.to_dict()`` is the
``relgap.stats/1`` JSON contract; :func:`summarize_dict` returns that dict directly). The
building blocks are public for reports and notebooks:

* :mod:`~relgap.stats.estimators` – unbiased pass@k (arXiv 2107.03374) and pass^k
  (arXiv 2406.12045), scalar and vectorised.
* :mod:`~relgap.stats.intervals` – task-clustered SEs (arXiv 2411.00640), bootstrap (BCa /
  percentile) over tasks, Wilson intervals per task.
* :mod:`~relgap.stats.variance` – within- vs between-task variance, ICC, flaky share.
* :mod:`~relgap.stats.betabinom` – Beta-binomial fit, model pass@k / pass^k for any k.
* :mod:`~relgap.stats.compare` – paired comparisons of two groups, per-task Fisher tests with
  Benjamini–Hochberg.
* :mod:`~relgap.stats.sweep` – GEE models of a setting's effect on success and flakiness.
* :mod:`~relgap.stats.power` – minimum detectable difference and tasks needed.
"""

from relgap.stats.betabinom import BetaBinomialFit, fit_beta_binomial
from relgap.stats.compare import (
    compare_groups,
    compare_tasks,
    fisher_exact_two_sided,
    task_changes,
    task_changes_table,
)
from relgap.stats.counts import GROUP_KEYS, GroupTasks, select_group, split_groups, task_counts
from relgap.stats.estimators import (
    pass_at_k,
    pass_at_k_array,
    pass_curves,
    pass_hat_k,
    pass_hat_k_array,
)
from relgap.stats.intervals import bootstrap_sums, wilson_interval
from relgap.stats.power import (
    minimum_detectable_difference,
    sd_of_task_differences,
    tasks_needed,
)
from relgap.stats.schema import StatsSummary
from relgap.stats.summary import SCHEMA, summarize, summarize_dict, to_jsonable
from relgap.stats.sweep import variant_sweep
from relgap.stats.synthetic import synthetic_trials
from relgap.stats.variance import rate_distribution, variance_decomposition

__all__ = [
    "GROUP_KEYS",
    "SCHEMA",
    "BetaBinomialFit",
    "GroupTasks",
    "StatsSummary",
    "bootstrap_sums",
    "compare_groups",
    "compare_tasks",
    "fisher_exact_two_sided",
    "fit_beta_binomial",
    "minimum_detectable_difference",
    "pass_at_k",
    "pass_at_k_array",
    "pass_curves",
    "pass_hat_k",
    "pass_hat_k_array",
    "rate_distribution",
    "sd_of_task_differences",
    "select_group",
    "split_groups",
    "summarize",
    "summarize_dict",
    "synthetic_trials",
    "task_changes",
    "task_changes_table",
    "task_counts",
    "tasks_needed",
    "to_jsonable",
    "variance_decomposition",
    "variant_sweep",
    "wilson_interval",
]
