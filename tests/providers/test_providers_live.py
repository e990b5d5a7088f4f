"""One tiny call per vendor against the real APIs: opt in with --runapi and keys set.

Models can be changed with RELGAP_LIVE_OPENAI_MODEL / RELGAP_LIVE_ANTHROPIC_MODEL.
"""

from __future__ import annotations

import os

import pytest

from relgap.messages import Message, ToolSpec
from relgap.providers.base import GenerateSettings
from relgap.providers.registry import get_provider

pytestmark = pytest.mark.api

OPENAI_MODEL = os.environ.get("RELGAP_LIVE_OPENAI_MODEL", "gpt-4.1-mini")
ANTHROPIC_MODEL = os.environ.get("RELGAP_LIVE_ANTHROPIC_MODEL", "claude-haiku-4-5")
ADD = ToolSpec(
    "add",
    "Add a number to the counter.",
    {"type": "object", "properties": {"n": {"type": "integer"}}, "required": ["n"]},
)
ASK = [
    Message(role="system", content="You are a test harness. Use the tool when asked."),
    Message(role="user", content="Call the add tool with n=2. Do not answer in text."),
]

CASES = [
    (f"openai/{OPENAI_MODEL}", "OPENAI_API_KEY"),
    (f"openai-responses/{OPENAI_MODEL}", "OPENAI_API_KEY"),
    (f"anthropic/{ANTHROPIC_MODEL}", "ANTHROPIC_API_KEY"),
    (f"litellm/openai/{OPENAI_MODEL}", "OPENAI_API_KEY"),
]


@pytest.mark.parametrize(("name", "variable"), CASES)
async def test_one_tool_call(name: str, variable: str) -> None:
    if not os.environ.get(variable):
        pytest.skip(f"{variable} is not set")
    provider = get_provider(name)
    try:
        completion = await provider.complete(ASK, [ADD], GenerateSettings(max_tokens=200))
    finally:
        await provider.aclose()
    assert completion.usage.input_tokens > 0 and completion.usage.output_tokens > 0
    (call,) = completion.message.tool_calls
    assert call.name == "add" and call.arguments == {"n": 2} and call.parse_error is None
    assert completion.stop_reason == "tool_use"
