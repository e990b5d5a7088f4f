"""``--agent http://HOST:PORT/PATH``: your agent as a service (``docs/agent-protocol.md``).

Turn-based and stateless: for each step relgap POSTs the conversation so far (Chat
Completions messages) and the tools (Chat Completions ``tools``); the agent answers with
tool calls for relgap to make, or with its reply to the user. Tool results come back in the
next request's messages. Every answer may report the usage of the model calls behind it.
"""

from __future__ import annotations

import uuid
from typing import Any

import httpx
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from relgap.agent.toolbox import Conversation, Toolbox
from relgap.errors import ProviderError

PROTOCOL = "relgap-agent/1"
TIMEOUT_S = 300.0


class WireUsage(BaseModel):
    """Usage of the model calls behind one answer (all optional)."""

    model_config = ConfigDict(extra="ignore")

    input_tokens: int = 0
    output_tokens: int = Field(0, description="Includes reasoning tokens.")
    reasoning_tokens: int = 0
    cached_tokens: int = 0
    model_calls: int = Field(1, ge=0, description="How many model calls this usage covers.")
    cost_usd: float | None = None
    model: str | None = None


class WireToolCall(BaseModel):
    """One tool call the agent asks for; ``arguments`` may be an object or a JSON string."""

    model_config = ConfigDict(extra="ignore")

    id: str | None = None
    name: str
    arguments: dict[str, Any] | str = Field(default_factory=dict)


class WireAnswer(BaseModel):
    """The agent's answer: ``tool_calls`` to make, or a ``reply`` (exactly one of them)."""

    model_config = ConfigDict(extra="ignore")

    tool_calls: list[WireToolCall] = Field(default_factory=list)
    reply: str | None = None
    usage: WireUsage | None = None


class HttpAgent:
    """An agent behind a URL, speaking ``relgap-agent/1``; one instance per trial."""

    def __init__(self, url: str, timeout_s: float = TIMEOUT_S) -> None:
        """Talk to the agent at ``url``, each request timing out after ``timeout_s``."""
        self.url = url
        self.timeout_s = timeout_s
        self.trial_id = uuid.uuid4().hex[:16]

    async def __call__(self, conversation: Conversation, toolbox: Toolbox) -> str:
        """Ask the agent until it replies, making the tool calls it asks for; its reply."""
        async with httpx.AsyncClient(timeout=self.timeout_s) as client:
            while True:
                answer = await self._ask(client, conversation, toolbox)
                if answer.usage is not None:
                    _report(toolbox, answer.usage)
                if not answer.tool_calls:
                    return answer.reply or ""
                for call in answer.tool_calls:
                    await toolbox.call(call.name, call.arguments, id=call.id)

    async def _ask(
        self, client: httpx.AsyncClient, conversation: Conversation, toolbox: Toolbox
    ) -> WireAnswer:
        # The toolbox appends tool calls and results to the transcript the conversation
        # was taken from: rebuild the view from it for each request.
        body = {
            "protocol": PROTOCOL,
            "trial_id": self.trial_id,
            "model": conversation.model,
            "settings": conversation.settings,
            "seed": conversation.seed,
            "messages": Conversation(toolbox.transcript, conversation.model).openai_messages(),
            "tools": toolbox.openai_tools(),
        }
        try:
            response = await client.post(self.url, json=body)
        except httpx.TimeoutException as exc:
            raise ProviderError(
                f"agent {self.url} timed out", transient=True, kind="timeout"
            ) from exc
        except httpx.TransportError as exc:
            raise ProviderError(
                f"agent {self.url} unreachable: {exc}", transient=True, kind="connection"
            ) from exc
        if response.status_code == 429 or response.status_code >= 500:
            raise ProviderError(
                f"agent {self.url} answered HTTP {response.status_code}",
                transient=True, kind="rate_limit" if response.status_code == 429 else "server_error",
                status_code=response.status_code,
            )  # fmt: skip
        if response.status_code >= 400:
            raise ProviderError(
                f"agent {self.url} answered HTTP {response.status_code}: {response.text[:200]}",
                transient=False, kind="bad_request", status_code=response.status_code,
            )  # fmt: skip
        try:
            answer = WireAnswer.model_validate_json(response.content)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "body"
            raise ProviderError(
                f"agent {self.url} answered outside {PROTOCOL}: {where}: {first['msg']}",
                transient=False, kind="invalid_output",
            ) from None  # fmt: skip
        if answer.tool_calls and answer.reply:
            raise ProviderError(
                f"agent {self.url} answered both tool_calls and a reply (give one)",
                transient=False, kind="invalid_output",
            )  # fmt: skip
        return answer


def _report(toolbox: Toolbox, usage: WireUsage) -> None:
    toolbox.report_usage(
        usage.input_tokens, usage.output_tokens, reasoning_tokens=usage.reasoning_tokens,
        cached_tokens=usage.cached_tokens, cost_usd=usage.cost_usd, model=usage.model,
        calls=usage.model_calls,
    )  # fmt: skip
