"""An agent of your own on the plain ``openai`` SDK, with its own tool-calling loop.

relgap hands it the conversation and a toolbox each agent turn; it calls the model, runs the
tools the model asks for through the toolbox (so relgap records and grades them), reports
each response's usage, and returns its reply to the user. Replace the loop with your
application's own (prompts, retrieval, guardrails): relgap measures whatever it does.

Offline, against relgap's simulated models behind the real OpenAI wire protocol::

    relgap serve --port 8765 &
    OWN_AGENT_BASE_URL=http://127.0.0.1:8765/v1 relgap run food_order \\
        --agent examples/own-agent/openai_agent.py:OpenAIAgent \\
        -m openai/sim-reasoner-high -n 4 -o runs/own-agent

Against OpenAI: ``export OPENAI_API_KEY=...`` and ``-m openai/gpt-4.1-mini`` (the part after
``openai/`` is the model id sent). Keys come only from the environment.
"""

from __future__ import annotations

import os
from typing import Any

from openai import AsyncOpenAI

from relgap.agent.toolbox import Conversation, Toolbox

MAX_ROUNDS = 25  # model calls per agent turn before the agent gives up


class OpenAIAgent:
    """One instance per trial (relgap makes it with no arguments)."""

    def __init__(self) -> None:
        self.base_url = os.environ.get("OWN_AGENT_BASE_URL") or os.environ.get("OPENAI_BASE_URL")
        # A local server (relgap serve, vLLM) takes any key; a hosted one needs the real one.
        self.api_key = os.environ.get("OPENAI_API_KEY") or ("local" if self.base_url else None)

    async def __call__(self, conversation: Conversation, toolbox: Toolbox) -> str:
        model = conversation.model.split("/", 1)[-1]
        messages: list[dict[str, Any]] = conversation.openai_messages()
        async with AsyncOpenAI(base_url=self.base_url, api_key=self.api_key) as client:
            for _ in range(MAX_ROUNDS):
                response = await client.chat.completions.create(
                    model=model,
                    messages=messages,  # type: ignore[arg-type]
                    tools=toolbox.openai_tools(),  # type: ignore[arg-type]
                    seed=conversation.seed,
                )
                toolbox.report_response(response, model=conversation.model)
                message = response.choices[0].message
                if not message.tool_calls:
                    return message.content or ""
                messages.append(message.model_dump(exclude_none=True))
                for call in message.tool_calls:
                    result = await toolbox.call(
                        call.function.name, call.function.arguments, id=call.id
                    )
                    messages.append({"role": "tool", "tool_call_id": call.id, "content": result})
        return "Sorry, I could not finish that."
