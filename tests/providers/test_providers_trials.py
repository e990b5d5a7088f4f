"""Full food-order trials through each official SDK against the local server."""

from __future__ import annotations

import pytest

from relgap.errors import MissingAPIKey
from relgap.messages import Usage
from relgap.providers.base import GenerateSettings, Provider
from relgap.providers.pricing import price_usage
from relgap.providers.registry import get_provider
from relgap.records import Outcome, StopReason
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.run.trial import TrialSpec, run_trial
from relgap.server import LocalServer
from relgap.store.rundir import RunDir
from relgap.suite.base import Suite, Task

SENTINEL = "sk-test-SENTINEL-123"

ADAPTERS = ["openai", "openai-responses", "anthropic", "litellm/openai"]


def base_url(server: LocalServer, prefix: str) -> str:
    return server.url if prefix == "anthropic" else server.openai_base_url


def make(server: LocalServer, prefix: str, model: str, **options: object) -> Provider:
    return get_provider(f"{prefix}/{model}", base_url=base_url(server, prefix), **options)


def spec(
    suite: Suite, task: Task, model: str, settings: GenerateSettings | None = None, seed: int = 7
) -> TrialSpec:
    return TrialSpec("run1", suite, task, model, "default", settings or GenerateSettings(), 0, seed)


@pytest.mark.parametrize("prefix", ADAPTERS)
async def test_oracle_trial_passes(
    server: LocalServer, food_order: Suite, task: Task, prefix: str
) -> None:
    provider = make(server, prefix, "sim-oracle")
    record = await run_trial(
        spec(food_order, task, f"{prefix}/sim-oracle"), provider, price=price_usage
    )
    await provider.aclose()
    assert record.outcome is Outcome.PASS, record.failed_checks
    assert record.stop_reason is StopReason.USER_DONE
    assert record.simulated is True  # relgap serve's sim-* models are labelled simulation
    assert record.family == f"{prefix}/sim-oracle"
    assert record.steps >= 3 and record.usage.model_calls == record.steps
    assert record.usage.input_tokens > 0 and record.usage.output_tokens > 0
    assert record.cost_usd is None  # the price map does not know sim-oracle: unknown, not a guess
    assert len(server.requests()) == record.steps
    assert all(r["status"] == 200 for r in server.requests())


@pytest.mark.parametrize("prefix", ["openai", "openai-responses", "litellm/openai"])
async def test_reasoning_effort_reaches_the_server_and_usage(
    server: LocalServer, food_order: Suite, task: Task, prefix: str
) -> None:
    provider = make(server, prefix, "sim-reasoner")
    settings = GenerateSettings(reasoning_effort="high", max_tokens=50_000, temperature=0.3)
    record = await run_trial(spec(food_order, task, f"{prefix}/sim-reasoner", settings), provider)
    await provider.aclose()
    assert record.outcome in (Outcome.PASS, Outcome.FAIL)
    assert record.usage.reasoning_tokens > 0
    assert record.usage.output_tokens > record.usage.reasoning_tokens
    assert record.reasoning_effort == "high"
    bodies = [r["body"] for r in server.requests()]
    assert all("temperature" not in b for b in bodies)  # never sent with reasoning
    if prefix == "openai-responses":
        assert all(b["reasoning"] == {"effort": "high"} for b in bodies)
        assert all(b["max_output_tokens"] == 50_000 and b["store"] is False for b in bodies)
        assert all(b["include"] == ["reasoning.encrypted_content"] for b in bodies)
        # Reasoning items of earlier turns go back (the server verifies them).
        assert any(i.get("type") == "reasoning" for i in bodies[-1]["input"])
    else:
        assert all(b["reasoning_effort"] == "high" for b in bodies)
        assert all(b["seed"] == 7 for b in bodies)
        key = "max_completion_tokens" if prefix == "openai" else None
        assert key is None or all(b[key] == 50_000 for b in bodies)


async def test_temperature_is_sent_to_non_reasoning_models(server: LocalServer) -> None:
    provider = make(server, "openai", "sim-fast")
    params = provider.request([], [], GenerateSettings(temperature=0.2))  # type: ignore[attr-defined]
    assert params["temperature"] == 0.2
    reasoning = make(server, "openai", "o4-mini")
    assert "temperature" not in reasoning.request([], [], GenerateSettings(temperature=0.2))  # type: ignore[attr-defined]


async def test_anthropic_thinking_reaches_the_server(
    server: LocalServer, food_order: Suite, task: Task
) -> None:
    provider = make(server, "anthropic", "sim-reasoner")
    settings = GenerateSettings(thinking_budget=2048, max_tokens=1024)
    # The Messages API carries no seed, so the simulated model draws its own: a trial may
    # end at its first call. Play until one takes several turns (almost always the first).
    for _ in range(10):
        server.state.clear()
        record = await run_trial(
            spec(food_order, task, "anthropic/sim-reasoner", settings), provider
        )
        bodies = [r["body"] for r in server.requests()]
        if len(bodies) >= 2:
            break
    await provider.aclose()
    assert len(bodies) >= 2
    assert record.outcome in (Outcome.PASS, Outcome.FAIL)
    assert record.thinking_budget == 2048
    assert record.usage.reasoning_tokens > 0
    assert all(b["thinking"] == {"type": "enabled", "budget_tokens": 2048} for b in bodies)
    assert all(b["max_tokens"] == 1024 + 2048 for b in bodies)  # the budget comes on top
    # Signed thinking blocks went back verbatim: the server checks every signature.
    later = [m for m in bodies[-1]["messages"] if m["role"] == "assistant"]
    assert later and all(m["content"][0]["type"] == "thinking" for m in later)


async def test_runner_records_usage_cost_and_no_key(
    server: LocalServer, tmp_path: object, monkeypatch: pytest.MonkeyPatch, food_order: Suite
) -> None:
    monkeypatch.setenv("OPENAI_API_KEY", SENTINEL)
    monkeypatch.setenv("ANTHROPIC_API_KEY", SENTINEL.replace("123", "456"))
    tasks = [t.id for t in food_order.tasks()[:2]]
    out = tmp_path / "run"  # type: ignore[operator]
    config = RunConfig(suite="food_order", models=["openai/sim-oracle"], trials=2, task_ids=tasks,
                       base_url=server.openai_base_url, concurrency=2, seed=3)  # fmt: skip
    progress = await Runner(config, str(out), price=price_usage).run_async()
    assert (progress.done, progress.passed, progress.errors) == (4, 4, 0)
    records = RunDir(out).records()
    assert len(records) == 4 and all(r.outcome is Outcome.PASS for r in records)
    assert all(r.cost_usd is None and r.usage.input_tokens > 0 for r in records)
    assert all(r["auth"] == "bearer" for r in server.requests())
    files = [p for p in out.rglob("*") if p.is_file()]
    assert files
    for path in files:
        text = path.read_bytes().decode("utf-8", errors="replace")
        assert "SENTINEL" not in text, path


def test_price_usage_knows_hosted_models() -> None:
    usage = Usage(input_tokens=1_000_000, output_tokens=1_000_000)
    cost = price_usage("openai/gpt-4o", usage)
    assert cost is not None and cost > 0
    assert price_usage("openai/sim-oracle", usage) is None


@pytest.mark.parametrize(
    ("name", "variable"),
    [
        ("openai/gpt-4.1", "OPENAI_API_KEY"),
        ("openai-responses/o4-mini", "OPENAI_API_KEY"),
        ("anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
        ("litellm/openai/gpt-4.1", "OPENAI_API_KEY"),
        ("litellm/anthropic/claude-sonnet-4-5", "ANTHROPIC_API_KEY"),
    ],
)
def test_missing_key_fails_at_construction(
    name: str, variable: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(variable, raising=False)
    with pytest.raises(MissingAPIKey, match=variable) as info:
        get_provider(name)
    assert info.value.variable == variable
    with pytest.raises(MissingAPIKey):
        get_provider(name, base_url="https://gateway.example.com/v1")


def test_missing_key_fails_the_run_before_any_file(
    tmp_path: object, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv("OPENAI_API_KEY", raising=False)
    out = tmp_path / "run"  # type: ignore[operator]
    config = RunConfig(
        suite="food_order", models=["openai/gpt-4.1"], trials=1, task_ids=["fo-t1-001"]
    )
    with pytest.raises(MissingAPIKey):
        import asyncio

        asyncio.run(Runner(config, str(out)).run_async())
    assert not out.exists()


def test_base_url_from_environment(
    monkeypatch: pytest.MonkeyPatch, sim_server: LocalServer
) -> None:
    monkeypatch.setenv("OPENAI_BASE_URL", "https://gateway.example.com/v1")
    with pytest.raises(MissingAPIKey):
        get_provider("openai/gpt-4.1")
    monkeypatch.setenv("OPENAI_BASE_URL", sim_server.openai_base_url)
    assert get_provider("openai/gpt-4.1").client.api_key == "relgap-local-no-key"  # type: ignore[attr-defined]


async def test_responses_reasoning_model_with_an_unknown_name_replays_its_reasoning(
    server: LocalServer, food_order: Suite, task: Task
) -> None:
    # 'sim-reasoner-high' is not a name relgap recognises as a reasoning model and no effort is
    # set, so the first call does not ask for encrypted reasoning; replaying the reasoning item
    # it gets back by id alone would be a fatal 404 (store=False).
    provider = make(server, "openai-responses", "sim-reasoner-high")
    record = await run_trial(
        spec(food_order, task, "openai-responses/sim-reasoner-high"), provider, price=price_usage
    )
    await provider.aclose()
    assert record.outcome is not Outcome.ERROR, record.error
    assert record.steps >= 3
    statuses = [r["status"] for r in server.requests()]
    assert statuses == [200] * record.steps
