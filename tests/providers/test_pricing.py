"""Pricing from LiteLLM's bundled map (offline), user overrides, and 'unknown' never guessed."""

from __future__ import annotations

import pytest

from relgap.cli import main
from relgap.messages import Usage
from relgap.providers.pricing import price_usage
from relgap.server import serve_in_thread
from relgap.store import RunDir


def test_unknown_models_are_unpriced_not_guessed():
    assert price_usage("openai/sim-oracle", Usage(1000, 1000)) is None
    assert price_usage("litellm/nowhere/no-such-model", Usage(1000, 1000)) is None


def test_known_models_bill_reasoning_as_output_and_cached_input_at_the_cache_rate():
    plain = price_usage("openai/gpt-4o", Usage(1_000_000, 0))
    out = price_usage("openai/gpt-4o", Usage(0, 1_000_000))
    assert plain and out and out > plain  # output costs more than input
    with_reasoning = price_usage("openai/gpt-4o", Usage(0, 1_000_000, reasoning_tokens=600_000))
    assert with_reasoning == pytest.approx(out)  # reasoning tokens are part of output
    cached = price_usage("openai/gpt-4o", Usage(1_000_000, 0, cached_tokens=1_000_000))
    assert cached is not None and cached < plain


def test_user_prices_override_the_map():
    prices = {"openai/gpt-4o": {"input": 1.0, "output": 2.0}}
    assert price_usage("openai/gpt-4o", Usage(2_000_000, 500_000), prices) == pytest.approx(3.0)


def test_prices_from_the_config_file_reach_the_records(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relgap.toml").write_text(
        '[prices."openai/sim-oracle"]\ninput = 2.0\noutput = 8.0\n'
    )
    with serve_in_thread() as server:
        main(["run", "food_order", "-m", "openai/sim-oracle", "-n", "1", "--tasks", "fo-t1-001,fo-t2-001",
              "--base-url", server.openai_base_url, "-o", str(tmp_path / "run")])  # fmt: skip
    for r in RunDir.open(tmp_path / "run").records():
        expected = (r.usage.input_tokens * 2.0 + r.usage.output_tokens * 8.0) / 1e6
        assert r.cost_usd == pytest.approx(expected) and r.cost_usd > 0
