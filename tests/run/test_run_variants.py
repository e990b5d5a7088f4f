"""A --variant sweep the model ignores is refused before any trial: its "effect" would be
seed noise, and the report would answer "does reasoning narrow the gap?" from it."""

from __future__ import annotations

import asyncio

import pytest
from runhelpers import execute, run_config

from relgap.cli import main
from relgap.errors import ConfigError
from relgap.providers.registry import get_provider
from relgap.run.plan import parse_variants
from relgap.run.variants import check_variants_matter

LOCAL = "http://127.0.0.1:9/v1"  # never called: the check happens before any request


@pytest.mark.parametrize(
    ("model", "variant", "ignored"),
    [
        ("sim/fast", "effort=low,high", "sim/fast"),
        ("sim/reasoner-high", "effort=low,high", "sim/reasoner-high"),
        ("sim/reasoner", "temperature=0,1", "sim/reasoner"),
        ("openai/o4-mini", "temperature=0,0.7", "openai/o4-mini"),
        ("openai/sim-fast", "effort=low,high", "openai/sim-fast"),  # relgap serve's
        ("anthropic/sim-reasoner-low", "thinking=2048,8192", "anthropic/sim-reasoner-low"),
    ],
)
def test_a_sweep_the_model_ignores_is_refused(model, variant, ignored):
    hosted = not model.startswith("sim/")
    options = (
        {"base_url": LOCAL.removesuffix("/v1") if "anthropic" in model else LOCAL} if hosted else {}
    )
    provider = get_provider(model, **options)
    try:
        with pytest.raises(ConfigError, match="sends identical requests") as exc:
            check_variants_matter(model, provider, parse_variants([variant]))
    finally:
        asyncio.run(provider.aclose())
    assert ignored in str(exc.value) and "\n" not in str(exc.value)


@pytest.mark.parametrize(
    ("model", "variant"),
    [
        ("sim/reasoner", "effort=low,high"),
        ("openai/gpt-4.1-mini", "temperature=0,0.7"),
        ("openai/o4-mini", "effort=low,high"),
        ("openai-responses/o4-mini", "effort=low,high"),
        ("anthropic/claude-sonnet-4-5", "thinking=1024,4096"),
        ("litellm/openai/gpt-4.1-mini", "temperature=0,0.7"),
        ("sim/fast", "temperature=0"),  # one variant: nothing to compare
        ("openai/sim-reasoner", "effort=low,high"),
        ("anthropic/sim-reasoner", "thinking=1024,16384"),
    ],
)
def test_a_sweep_that_changes_the_requests_is_accepted(model, variant):
    hosted = not model.startswith("sim/")
    options = (
        {"base_url": LOCAL.removesuffix("/v1") if "anthropic" in model else LOCAL} if hosted else {}
    )
    provider = get_provider(model, **options)
    try:
        check_variants_matter(model, provider, parse_variants([variant]))
    finally:
        asyncio.run(provider.aclose())


def test_the_runner_refuses_before_writing_anything(tmp_path):
    with pytest.raises(ConfigError, match="sim/fast"):
        execute(run_config(models=["sim/fast"], variants=["effort=low,high"]), tmp_path / "run")
    assert not (tmp_path / "run").exists()


def test_the_cli_refuses_with_one_line_and_exit_2(tmp_path, capsys):
    with pytest.raises(SystemExit) as exc:
        main(["run", "food_order", "-m", "sim/fast", "--variant", "effort=low,high",
              "-o", str(tmp_path / "run")])  # fmt: skip
    err = capsys.readouterr().err
    assert exc.value.code == 2 and len(err.strip().splitlines()) == 1
    assert "sim/fast" in err and "effort=low" in err and "Traceback" not in err
