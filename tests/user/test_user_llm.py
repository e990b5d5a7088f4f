"""The llm user end to end, offline: ``sim-user`` served by relgap serve plays the scenario
through the official SDKs; its tokens and cost are recorded apart; its failures are
infrastructure errors."""

from __future__ import annotations

import asyncio
import json
from collections.abc import Sequence

import pytest

from relgap.errors import ProviderError
from relgap.messages import Completion, Message, ToolSpec, Usage
from relgap.providers.base import GenerateSettings
from relgap.providers.pricing import price_usage
from relgap.records import Outcome, StopReason
from relgap.run.config import RunConfig
from relgap.run.runner import Runner
from relgap.server import serve_in_thread
from relgap.store import RunDir
from relgap.user.llm import LLMUser, stated, user_view
from relgap.user.prompt import DONE_MARK, scenario_from_prompt, system_prompt
from relgap.user.scenario import ScenarioFact, UserScenario

SCENARIO = UserScenario(
    requests=["A large Pad Thai, please.", "And a Thai Iced Tea."],
    facts=[ScenarioFact(name="address", answer="To my office.", keywords=["address"])],
)


def test_the_prompt_carries_the_scenario_and_its_guards() -> None:
    prompt = system_prompt(SCENARIO)
    assert scenario_from_prompt(prompt) == SCENARIO
    assert "ONLY the first request" in prompt and "Never end before" in prompt
    assert "To my office." in prompt and DONE_MARK in prompt


def test_the_user_sees_texts_only_with_roles_swapped() -> None:
    conversation = [
        Message("system", "agent policy"),
        Message("user", "A large Pad Thai, please."),
        Message("assistant", "Let me look.", tool_calls=()),
        Message("tool", "secret tool output", tool_call_id="c", name="search"),
        Message("assistant", "Where should it go?"),
    ]
    view = user_view(conversation)
    assert [m.role for m in view] == ["user", "assistant", "user"]
    assert view[2].content == "Let me look.\n\nWhere should it go?"
    assert all("secret" not in m.content for m in view)


def test_a_request_counts_as_stated_when_its_words_were_said() -> None:
    assert stated("And a Thai Iced Tea.", ["oh and also a thai iced tea please"])
    assert not stated("And a Thai Iced Tea.", ["that's all, thanks"])


class Broken:
    name = family = "broken"
    simulated = False

    async def complete(
        self, messages: Sequence[Message], tools: Sequence[ToolSpec], settings: GenerateSettings
    ) -> Completion:
        raise ProviderError("rate limited for good", transient=True, kind="rate_limit")

    async def aclose(self) -> None:
        return None


def run(config: RunConfig, out, **kwargs):  # type: ignore[no-untyped-def]
    return asyncio.run(Runner(config, str(out), **kwargs).run_async())


TASKS = ["fo-t1-001", "fo-t2-001", "fo-t4-001", "fo-t4-004", "fo-t4-009", "fo-t4-018", "fo-t4-021"]


@pytest.mark.parametrize("wire", ["openai", "anthropic"])
def test_the_oracle_passes_with_a_served_sim_user(tmp_path, wire: str) -> None:
    """Every task over OpenAI's wire format; a sample over Anthropic's."""
    tasks = [] if wire == "openai" else TASKS
    with serve_in_thread() as server:
        url = server.openai_base_url if wire == "openai" else server.url
        config = RunConfig(
            suite="food_order", models=["sim/oracle"], trials=1, task_ids=tasks,
            user_model=f"{wire}/sim-user", user_base_url=url,
        )  # fmt: skip
        prices = {f"{wire}/sim-user": {"input": 1.0, "output": 2.0}}
        progress = run(config, tmp_path / "run", price=lambda m, u: price_usage(m, u, prices))
        served = len(server.requests())
    from relgap.suite.registry import get_suite

    n = len(get_suite("food_order").tasks()) if wire == "openai" else len(TASKS)
    assert progress.passed == n and progress.errors == 0
    assert served > n  # the user spoke through the wire
    records = RunDir.open(tmp_path / "run").records()
    assert {r.user_simulator for r in records} == {f"llm:{wire}/sim-user"}
    assert all(r.user_stated_all and r.user_usage.model_calls >= 1 for r in records)
    # Priced apart from the agent (whose served simulation has no price here: unknown).
    assert all(r.user_cost_usd and r.user_cost_usd > 0 for r in records)
    assert all(r.cost_usd == 0.0 and r.spent_usd == r.user_cost_usd for r in records)
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["user_simulator"] == f"llm:{wire}/sim-user"


def test_the_sim_user_in_process_plays_like_the_scripted_user(tmp_path) -> None:
    """Same seeds, same outcomes: sim/fast's trials with sim/user equal those with the
    scripted user (the LLM-user path adds no noise of its own when the user is exact)."""
    common = dict(suite="food_order", models=["sim/fast"], trials=2, task_ids=TASKS)
    llm = run(RunConfig(user_model="sim/user", **common), tmp_path / "llm")  # type: ignore[arg-type]
    scripted = run(RunConfig(**common), tmp_path / "scripted")  # type: ignore[arg-type]
    assert llm.passed == scripted.passed and llm.errors == scripted.errors == 0


def test_a_failing_user_model_is_an_infrastructure_error(tmp_path) -> None:
    config = RunConfig(
        suite="food_order", models=["sim/oracle"], trials=1, task_ids=TASKS[:2],
        user_model="broken/user", max_retries=0,
    )  # fmt: skip
    progress = run(config, tmp_path / "run", providers={"broken/user": Broken()})
    assert progress.errors == 2 and progress.failed == 0
    records = RunDir.open(tmp_path / "run").records()
    assert all(r.outcome is Outcome.ERROR for r in records)
    assert all(r.stop_reason is StopReason.INFRA_ERROR for r in records)
    assert all("user simulator" in (r.error or "") for r in records)


async def test_an_empty_user_message_is_the_user_models_failure() -> None:
    class Mute(Broken):
        async def complete(self, messages, tools, settings):  # type: ignore[no-untyped-def]
            return Completion(Message("assistant", ""), Usage(1, 0), "end_turn")

    user = LLMUser(Mute(), "mute", SCENARIO, seed=1)
    with pytest.raises(ProviderError, match="empty message"):
        await user.opening()
