"""Reasoning tokens as each adapter reads them from the vendor's usage, checked against
what `relgap serve` reported: OpenAI ``completion_tokens_details.reasoning_tokens`` (Chat)
and ``output_tokens_details.reasoning_tokens`` (Responses), Anthropic
``output_tokens_details.thinking_tokens``, and LiteLLM's mapping of both."""

from __future__ import annotations

import pytest

from relgap.providers.base import GenerateSettings
from relgap.providers.registry import get_provider
from relgap.records import Outcome
from relgap.run.trial import TrialSpec, run_trial
from relgap.server import LocalServer
from relgap.suite.registry import get_suite

EFFORT = GenerateSettings(reasoning_effort="high", max_tokens=20_000)
THINKING = GenerateSettings(thinking_budget=2048, max_tokens=20_000)
# LiteLLM knows which Claude models think; the simulated one it has to be told about.
LITELLM_THINKING = GenerateSettings(
    thinking_budget=2048, max_tokens=20_000, extra={"allowed_openai_params": ["thinking"]}
)
CASES = [
    ("openai", EFFORT),
    ("openai-responses", EFFORT),
    ("anthropic", THINKING),
    ("litellm/openai", EFFORT),
    ("litellm/anthropic", LITELLM_THINKING),
]


@pytest.mark.parametrize(("prefix", "settings"), CASES, ids=[c[0] for c in CASES])
async def test_reasoning_tokens_match_what_the_server_reported(
    server: LocalServer, prefix: str, settings: GenerateSettings
) -> None:
    suite = get_suite("exact_answer")
    # A 9-step problem: the simulated model calls the calculator, so several turns.
    task = next(t for t in suite.tasks() if t.id == "ea-arit-s9-01")
    base_url = server.url if prefix.endswith("anthropic") else server.openai_base_url
    provider = get_provider(f"{prefix}/sim-reasoner", base_url=base_url)
    spec = TrialSpec("r", suite, task, f"{prefix}/sim-reasoner", "default", settings, 0, 11)
    record = await run_trial(spec, provider)
    await provider.aclose()
    assert record.outcome in (Outcome.PASS, Outcome.FAIL), record.error
    sent = [r["usage"] for r in server.requests() if r["status"] == 200]
    assert len(sent) == record.steps >= 1
    assert record.usage.reasoning_tokens == sum(u["reasoning_tokens"] for u in sent) > 0
    assert record.usage.output_tokens == sum(u["output_tokens"] for u in sent)
    assert record.usage.output_tokens > record.usage.reasoning_tokens  # included in output
