"""LiteLLM's bundled price map is read as a file, without importing litellm (which took
4-6 s of a run's event loop on 2 cores), and it prices exactly as litellm.model_cost does."""

from __future__ import annotations

import json
import subprocess
import sys

SCRIPT = r"""
import json, os, sys
from relgap.messages import Usage
from relgap.providers import pricing

ours = pricing.load_price_map()
assert pricing.price_usage("openai/gpt-4o", Usage(1000, 1000)) is not None
imported_early = "litellm" in sys.modules
os.environ["LITELLM_LOCAL_MODEL_COST_MAP"] = "True"
import litellm

theirs = litellm.model_cost
fields = ("input_cost_per_token", "output_cost_per_token", "cache_read_input_token_cost")
priced = [k for k, v in theirs.items() if isinstance(v, dict) and v.get("input_cost_per_token") is not None]
differ = [k for k in priced if k not in ours or any(ours[k].get(f) != theirs[k].get(f) for f in fields)]
print(json.dumps({"imported_early": imported_early, "priced": len(priced), "differ": differ[:10]}))
"""


def test_the_map_is_read_without_litellm_and_matches_it():
    proc = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert proc.returncode == 0, proc.stderr
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    assert result["imported_early"] is False
    assert result["priced"] > 1000 and result["differ"] == []


def test_the_cli_loads_the_map_before_the_run(tmp_path, monkeypatch):
    """`relgap run` reads the price map before its first trial: no trial pays for it."""
    from rich.console import Console

    from relgap.cli.run import execute
    from relgap.providers import pricing
    from relgap.run.config import RunConfig

    pricing.load_price_map.cache_clear()
    seen: list[int] = []
    real = pricing.load_price_map

    def spy():
        seen.append(real.cache_info().currsize)
        return real()

    monkeypatch.setattr(pricing, "load_price_map", spy)
    config = RunConfig(suite="food_order", models=["sim/fast"], trials=1, task_ids=["fo-t1-001"])
    with (tmp_path / "out.txt").open("w") as fh:
        execute(config, tmp_path / "run", Console(file=fh))
    assert seen and seen[0] == 0  # loaded once, up front
