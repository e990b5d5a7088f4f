"""Charts that scale: small multiples past two models, labelled heatmap rows, headers that
wrap instead of being cut (the browser test checks that no labels overlap)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from report_helpers import crowded_records, make_records, write_run

from relgap.report import build_report
from relgap.report.charts import curves
from relgap.report.task_charts import heatmap, histograms


def _texts(svg: str) -> list[str]:
    return [
        re.sub(r"<title>.*?</title>", "", t) for t in re.findall(r"<text[^>]*>(.*?)</text>", svg)
    ]


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory):
    run = write_run(tmp_path_factory.mktemp("crowded") / "run", crowded_records())
    return build_report([run], bootstrap=0)


def test_curves_small_multiples_past_two_models(crowded) -> None:
    svg = curves(crowded)
    assert svg.count('class="tick">100%</text>') == len(crowded.groups)  # one y axis each
    assert "sim/reasoner [effort=high]" in _texts(svg)


def test_curves_overlay_up_to_two_models(tmp_path: Path) -> None:
    run = write_run(tmp_path / "r", make_records("r", models=("sim/fast", "sim/reasoner-low")))
    svg = curves(build_report([run], bootstrap=0))
    assert svg.count('class="tick">100%</text>') == 1


def test_heatmap_labels_every_row_and_headers_whole(crowded) -> None:
    texts = _texts(heatmap(crowded))
    assert {f"t{i:02d}" for i in range(82)} <= set(texts)
    assert not any("…" in t for t in texts)
    joined = "".join(texts).replace(" ", "")
    for g in crowded.groups:  # wrapped over lines, but every character there, in order
        assert g.label.replace(" ", "") in joined, g.label


def test_heatmap_groups_many_tasks_by_tier(tmp_path: Path) -> None:
    run = write_run(tmp_path / "r", make_records("r", models=("sim/fast",), n_tasks=200, trials=2))
    texts = _texts(heatmap(build_report([run], bootstrap=0)))
    assert "t150" not in texts  # too many rows for one label each
    assert {"tier 1", "tier 2", "tier 3"} <= set(texts)


def test_histogram_titles_wrap_not_cut(crowded) -> None:
    texts = _texts(histograms(crowded))
    assert not any("…" in t for t in texts)
    assert "".join(texts).count("openai/gpt-4.1-mini-2025-04-14".replace(" ", "")) == 1
