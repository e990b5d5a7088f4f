"""Clusters of tasks (template, persona, tier, ...) as the unit of resampling, and Holm.

Tasks built from one template or persona are not independent draws: their outcomes move
together, and a standard error that treats them as independent is too small. Every
statistic here is a ratio of sums over tasks, so clustering is one step: sum each
per-task column within its cluster and hand the cluster sums to the same estimators. Then

* the delta-method SE is the cluster-robust (sandwich) SE, with ``G / (G - 1)`` for ``G``
  clusters (Miller 2024, arXiv 2411.00640, section 2.2; Inspect AI ``stderr(cluster=)``);
* the bootstrap resamples whole clusters, the jackknife leaves one cluster out;
* the Student-t interval and the paired t-test use ``G - 1`` degrees of freedom.

With few clusters these intervals are short of nominal (below about 30 clusters the
``few_tasks`` flag is set, counting clusters).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

__all__ = ["cluster_codes", "holm", "holm_comparisons", "sum_by_cluster"]


def cluster_codes(task_ids: Sequence[Any], clusters: Mapping[str, Any]) -> np.ndarray:
    """An integer cluster code per task; a task missing from ``clusters`` is its own cluster."""
    labels = [
        ("c", str(clusters[str(t)])) if str(t) in clusters and clusters[str(t)] is not None
        else ("t", str(t))
        for t in task_ids
    ]  # fmt: skip
    index: dict[tuple[str, str], int] = {}
    return np.array([index.setdefault(lab, len(index)) for lab in labels], dtype=np.int64)


def sum_by_cluster(z: np.ndarray, codes: np.ndarray) -> np.ndarray:
    """Rows of ``z`` summed within each cluster, shape ``(G, ...)``."""
    out = np.zeros((int(codes.max(initial=-1)) + 1, *z.shape[1:]), dtype=float)
    np.add.at(out, codes, z)
    return out


def holm(p_values: Sequence[float | None]) -> list[float | None]:
    """Holm–Bonferroni adjusted p-values (family-wise error over the given tests).

    ``None`` (no test) stays ``None`` and does not count towards the family.
    """
    idx = [i for i, p in enumerate(p_values) if p is not None and np.isfinite(p)]
    m = len(idx)
    out: list[float | None] = [None] * len(p_values)
    running = 0.0
    for rank, i in enumerate(sorted(idx, key=lambda j: p_values[j])):  # type: ignore[arg-type, return-value]
        p = float(p_values[i])  # type: ignore[arg-type]
        running = max(running, min(1.0, (m - rank) * p))
        out[i] = running
    return out


def holm_comparisons(comparisons: list[dict[str, Any]], metrics: Sequence[str]) -> dict[str, Any]:
    """Add ``p_value_holm`` to each metric of each comparison (Holm over the comparisons)."""
    for metric in metrics:
        entries = [c[metric] for c in comparisons]
        for entry, adj in zip(entries, holm([e.get("p_value") for e in entries]), strict=True):
            entry["p_value_holm"] = adj
    return {"method": "holm", "n_comparisons": len(comparisons),
            "note": "p_value_holm controls the family-wise error over these comparisons, "
                    "metric by metric; p_value is each test alone"}  # fmt: skip
