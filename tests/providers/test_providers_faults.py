"""Injected faults reach each adapter as the right ProviderError (or a parse error)."""

from __future__ import annotations

import socket

import pytest

from relgap.errors import ProviderError
from relgap.messages import Message
from relgap.providers.base import GenerateSettings, Provider
from relgap.providers.registry import get_provider
from relgap.records import Outcome, StopReason
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.run.trial import TrialSpec, run_trial
from relgap.server import LocalServer
from relgap.store.rundir import RunDir
from relgap.suite.base import Suite, Task

# Shorter than the server's stall for a `timeout` fault (SLOW_SECONDS in conftest.py).
CLIENT_TIMEOUT_S = 0.5

ADAPTERS = ["openai", "openai-responses", "anthropic", "anthropic-stream", "litellm/openai"]

# fault -> (kind, transient)
EXPECTED = {
    "429": ("rate_limit", True),
    "500": ("server_error", True),
    "503": ("server_error", True),
    "529": ("overloaded", True),
    "timeout": ("timeout", True),
    "truncated": ("server_error", True),
    "overflow": ("context_overflow", False),
    "refusal": ("refusal", False),
    "401": ("auth", False),
    "404": ("not_found", False),
}


def make(server: LocalServer, adapter: str, model: str) -> Provider:
    if adapter.startswith("anthropic"):
        return get_provider(f"anthropic/{model}", base_url=server.url, timeout=CLIENT_TIMEOUT_S,
                            stream=adapter.endswith("stream"))  # fmt: skip
    return get_provider(
        f"{adapter}/{model}", base_url=server.openai_base_url, timeout=CLIENT_TIMEOUT_S
    )


def opening(suite: Suite, task: Task) -> list[Message]:
    return [Message(role="system", content=suite.system_prompt(task)),
            Message(role="user", content=suite.first_user_message(task))]  # fmt: skip


@pytest.mark.parametrize("fault", sorted(EXPECTED))
@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_fault_is_classified(
    server: LocalServer, food_order: Suite, task: Task, adapter: str, fault: str
) -> None:
    provider = make(server, adapter, f"sim-oracle+fault={fault}")
    env = food_order.environment(task)
    with pytest.raises(ProviderError) as info:
        await provider.complete(opening(food_order, task), env.tool_specs(), GenerateSettings())
    await provider.aclose()
    error = info.value
    assert (error.kind, error.transient) == EXPECTED[fault], str(error)
    if fault != "refusal":  # a refusal is a reply, the others come from an SDK exception
        assert isinstance(error.__cause__, Exception)
    if fault == "429":
        assert error.retry_after == pytest.approx(
            0.05 if not adapter.startswith("anthropic") else 1.0
        )
        assert error.status_code == 429
    assert server.requests()[-1]["fault"] == fault


@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_malformed_tool_json_is_a_parse_error(
    server: LocalServer, food_order: Suite, task: Task, adapter: str
) -> None:
    provider = make(server, adapter, "sim-oracle+fault=malformed")
    env = food_order.environment(task)
    completion = await provider.complete(
        opening(food_order, task), env.tool_specs(), GenerateSettings()
    )
    await provider.aclose()
    (call,) = completion.message.tool_calls
    assert call.parse_error is not None and "JSON" in call.parse_error
    assert call.arguments == {} and call.raw_arguments


async def test_malformed_tool_json_trial_continues(
    server: LocalServer, food_order: Suite, task: Task
) -> None:
    provider = make(server, "openai", "sim-oracle+fault=malformed")
    spec = TrialSpec(
        "r",
        food_order,
        task,
        "openai/sim-oracle+fault=malformed",
        "default",
        GenerateSettings(),
        0,
        1,
    )
    record = await run_trial(spec, provider)
    await provider.aclose()
    assert record.outcome is Outcome.FAIL  # graded, not an error: the model's fault
    assert record.stop_reason is StopReason.USER_DONE
    assert record.failed_checks[0] == "invalid_tool_call"  # the breakdown names the cause
    observations = [m["content"] for m in record.transcript if m["role"] == "tool"]
    assert observations and all(
        o.startswith("Error: arguments are not valid JSON") for o in observations
    )


@pytest.mark.parametrize("adapter", ["openai", "anthropic"])
async def test_model_errors_fail_the_trial_with_a_named_check(
    server: LocalServer, food_order: Suite, task: Task, adapter: str
) -> None:
    provider = make(server, adapter, "sim-oracle+fault=refusal")
    spec = TrialSpec(
        "r", food_order, task, f"{adapter}/sim-oracle", "default", GenerateSettings(), 0, 1
    )
    record = await run_trial(spec, provider)
    assert record.outcome is Outcome.FAIL
    assert record.stop_reason is StopReason.MODEL_ERROR
    assert record.failed_checks[0] == "model_error:refusal"


async def test_transient_faults_are_retried_by_the_runner(
    server: LocalServer, tmp_path: object
) -> None:
    model = "openai-responses/sim-oracle+fault=429,500,truncated+rate=0.3"
    config = RunConfig(suite="food_order", models=[model], trials=2, task_ids=["fo-t1-001", "fo-t1-002"],
                       base_url=server.openai_base_url, retry_base_delay_s=0.01, max_retries=20)  # fmt: skip
    out = tmp_path / "run"  # type: ignore[operator]
    progress = await Runner(config, str(out)).run_async()
    assert progress.retries > 0
    assert (progress.passed, progress.errors) == (4, 0)
    assert {r["fault"] for r in server.requests()} >= {"429", "500", "truncated"}
    assert all(r.outcome is Outcome.PASS for r in RunDir(out).records())


async def test_exhausted_retries_end_as_error_trials(
    server: LocalServer, food_order: Suite, task: Task
) -> None:
    provider = make(server, "anthropic", "sim-oracle+fault=503")
    spec = TrialSpec(
        "r", food_order, task, "anthropic/sim-oracle", "default", GenerateSettings(), 0, 1
    )
    record = await run_trial(spec, provider)
    assert record.outcome is Outcome.ERROR
    assert record.stop_reason is StopReason.INFRA_ERROR
    assert record.error_kind == "server_error"


@pytest.mark.parametrize("adapter", ADAPTERS)
async def test_connection_refused_is_transient(adapter: str) -> None:
    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    url = f"http://127.0.0.1:{port}"
    if adapter.startswith("anthropic"):
        provider = get_provider(
            "anthropic/sim-oracle", base_url=url, stream=adapter.endswith("stream")
        )
    else:
        provider = get_provider(f"{adapter}/sim-oracle", base_url=f"{url}/v1")
    with pytest.raises(ProviderError) as info:
        await provider.complete([Message(role="user", content="hi")], [], GenerateSettings())
    await provider.aclose()
    assert (info.value.kind, info.value.transient) == ("connection", True)
