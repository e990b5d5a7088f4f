"""The build step turns a config's names into objects; the runner runs what is built."""

from __future__ import annotations

import asyncio

import pytest

from relgap.errors import ConfigError
from relgap.run.build import BuiltRun, build_models, build_run, check_budget_is_enforceable
from relgap.run.cache import CachingProvider
from relgap.run.config import RunConfig
from relgap.run.limits import LimitedProvider
from relgap.run.retry import RetryingProvider
from relgap.run.runner import Runner, run_suite
from relgap.simulation import SimulatedProvider
from relgap.store import RunDir

CONFIG = RunConfig(
    suite="food_order", models=["sim/fast"], trials=1, task_ids=["fo-t1-001", "fo-t1-002"]
)


def test_build_run_names_become_objects_without_calling_a_model():
    built = build_run(CONFIG.model_copy(update={"variants": ["temperature=0,1"]}))
    assert built.suite.name == "food_order" and built.source.kind != "path"
    assert [t.id for t in built.tasks] == ["fo-t1-001", "fo-t1-002"]
    assert [v.label for v in built.variants] == ["temperature=0.0", "temperature=1.0"]
    assert built.agent is None


def test_models_are_stacked_cache_retries_limits_adapter(tmp_path):
    config = CONFIG.model_copy(update={"rpm": 600, "cache_dir": str(tmp_path / "cache")})
    models = build_models(build_run(config))
    cache = models.by_name["sim/fast"]
    assert isinstance(cache, CachingProvider)
    assert isinstance(cache.inner, RetryingProvider)
    assert isinstance(cache.inner.inner, LimitedProvider)
    assert isinstance(cache.inner.inner.inner, SimulatedProvider)
    assert models.user is None
    asyncio.run(models.aclose())


def test_an_unpriced_model_cannot_have_a_budget():
    config = CONFIG.model_copy(update={"models": ["openai/gpt-x"], "budget_usd": 1.0})
    built = build_run(config)
    models = build_models(built, {"openai/gpt-x": _Hosted("openai/gpt-x")})
    with pytest.raises(ConfigError, match="no price is known for 'openai/gpt-x'"):
        check_budget_is_enforceable(built.config, models, price=None)


class _Hosted:
    """A hosted model's identity, never called (the budget check comes first)."""

    simulated = False

    def __init__(self, name: str) -> None:
        self.name = self.family = name

    async def complete(self, messages, tools, settings):  # pragma: no cover - never called
        raise AssertionError

    async def aclose(self) -> None:
        return None


def test_the_runner_runs_a_built_run_into_one_run_directory(tmp_path):
    built = build_run(CONFIG)
    assert isinstance(built, BuiltRun)
    runner = Runner(built, tmp_path / "run")
    progress = asyncio.run(runner.run_async())
    assert progress.done == 2 and runner.rundir.path == tmp_path / "run"
    assert len(RunDir.open(tmp_path / "run").records()) == 2
    # Resuming the same run through the convenience entry point runs nothing again.
    assert run_suite(CONFIG, str(tmp_path / "run")).already_done == 2
    with pytest.raises(TypeError):
        Runner(built, tmp_path / "other", suite=built.suite)
