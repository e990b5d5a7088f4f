"""Clustered tasks: paired tests and intervals that hold when tasks share a template.

Tasks come in 24 clusters of 5. In the null scenario model a is better than b on some
clusters and worse on others, by the same amount on every task of a cluster, with no
difference on average over clusters. Task-level tests treat the 120 tasks as independent
and call a difference far too often; clustered tests (``clusters=``) keep about 5 %.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from relgap.stats import summarize_dict as summarize
from relgap.stats.clusters import cluster_codes, holm
from relgap.stats.compare import compare_tasks
from relgap.stats.counts import GroupTasks

G, SIZE, N = 24, 5, 8
IDS = np.array([f"t{i:03d}" for i in range(G * SIZE)], dtype=object)
CLUSTERS = {t: f"template-{i // SIZE}" for i, t in enumerate(IDS)}


def _group(name: str, c: np.ndarray) -> GroupTasks:
    n = np.full(c.size, N)
    zeros = np.zeros(c.size, dtype=int)
    return GroupTasks(("s", name, "default"), IDS, np.ones(c.size), n, zeros, n, c)


def _null_pair(rng: np.random.Generator) -> tuple[GroupTasks, GroupTasks]:
    base = np.repeat(rng.uniform(0.2, 0.8, G), SIZE)
    shift = np.repeat(rng.choice([-0.15, 0.15], G), SIZE)  # mean zero over clusters
    a = rng.binomial(N, np.clip(base + shift, 0, 1))
    b = rng.binomial(N, base)
    return _group("a", a), _group("b", b)


def test_clustered_paired_test_keeps_its_error_rate() -> None:
    rng = np.random.default_rng(6)
    naive = clustered = 0
    reps = 400
    for _ in range(reps):
        a, b = _null_pair(rng)
        naive += compare_tasks(a, b, 1, bootstrap=0)["pass_at_1"]["significant"]
        out = compare_tasks(a, b, 1, bootstrap=0, clusters=CLUSTERS)
        assert out["n_clusters"] == G
        clustered += out["pass_at_1"]["significant"]
    assert naive / reps > 0.12, (naive / reps, clustered / reps)
    assert 0.02 <= clustered / reps <= 0.085, clustered / reps


def test_summary_intervals_widen_with_clusters_and_count_them() -> None:
    rng = np.random.default_rng(2)
    p = np.repeat(rng.uniform(0.05, 0.95, G), SIZE)
    rows = [
        {"suite": "s", "model": "m", "task_id": t, "trial": i, "outcome": "pass" if ok else "fail",
         "passed": bool(ok)}
        for t, pt in zip(IDS, p, strict=True)
        for i, ok in enumerate(rng.random(N) < pt)
    ]  # fmt: skip
    df = pd.DataFrame(rows)
    plain = summarize(df, bootstrap=300)["groups"][0]["pass_at_k"]["1"]
    g = summarize(df, bootstrap=300, cluster=CLUSTERS)["groups"][0]
    clus = g["pass_at_k"]["1"]
    assert g["n_clusters"] == G and clus["n_clusters_used"] == G
    assert clus["n_tasks_used"] == G * SIZE and clus["estimate"] == plain["estimate"]
    assert clus["se"] > 1.5 * plain["se"]
    assert clus["ci_high"] - clus["ci_low"] > 1.5 * (plain["ci_high"] - plain["ci_low"])
    assert clus["few_tasks"] is True  # 24 clusters: below where coverage is shown


def test_holm_adjusts_many_comparisons() -> None:
    assert holm([0.01, 0.04, None, 0.03]) == [0.03, 0.06, None, 0.06]
    codes = cluster_codes(["x", "y", "z"], {"x": "A", "z": "A"})
    assert codes.tolist() == [0, 1, 0]  # y has no label: its own cluster
    rng = np.random.default_rng(1)
    rows = [{"suite": "s", "model": m, "task_id": f"t{t}", "trial": i, "outcome": "pass",
             "passed": bool(rng.random() < 0.6)}
            for m in ("m1", "m2", "m3") for t in range(30) for i in range(4)]  # fmt: skip
    result = summarize(pd.DataFrame(rows), bootstrap=0, comparisons="all")
    assert result["multiplicity"]["n_comparisons"] == 3
    for c in result["comparisons"]:
        entry = c["pass_at_1"]
        assert entry["p_value_holm"] >= entry["p_value"]


def test_cli_cluster_by_a_trial_column_and_refuses_an_unknown_one(tmp_path, capsys) -> None:
    import json

    import pytest
    from test_stats_cli import make_run

    from relgap.cli import main

    run = make_run(tmp_path / "r", "m", {f"t{i}": i % 5 for i in range(12)})
    main(["stats", str(run), "--cluster", "tier", "--json", "--bootstrap", "50"])
    g = json.loads(capsys.readouterr().out)["groups"][0]
    assert g["n_clusters"] == 1 and g["pass_at_k"]["1"]["n_clusters_used"] == 1
    assert g["pass_at_k"]["1"]["se"] is None  # one cluster: no SE, no interval
    with pytest.raises(SystemExit) as exc:
        main(["stats", str(run), "--cluster", "nope"])
    assert exc.value.code == 2
    assert "--cluster nope" in capsys.readouterr().err
