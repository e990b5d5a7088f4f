"""Agents of a team's own, for the mini refund desk (tests/suite/mini_refund): loaded by
``--agent tests/agent/own_agents.py:ATTR`` and through the Python API."""

from __future__ import annotations

import json
import re

from relgap.agent.protocol import AgentReply
from relgap.agent.toolbox import Conversation, Toolbox
from relgap.errors import ProviderError
from relgap.messages import Usage


async def refund_desk(conversation: Conversation, toolbox: Toolbox) -> AgentReply:
    """A correct agent: looks the order up, refunds delivered orders up to $100, says so."""
    found = re.search(r"\b([A-Z]\d)\b", conversation.last_user_message)
    if found is None:
        return AgentReply("Which order is it?")
    order = found.group(1)
    seen = await toolbox.call("get_order", {"order_id": order})
    amount = float(re.search(r"\$(\d+\.\d\d)", seen).group(1))  # type: ignore[union-attr]
    if "delivered" not in seen or amount > 100:
        text = f"Sorry, I cannot refund order {order}."
    else:
        raw = json.dumps({"order_id": order, "reason": "asked"})  # a model's JSON string
        await toolbox.call("refund_order", raw)
        text = f"Done: order {order} is refunded, ${amount:.2f} goes back to your card."
    # Two model calls' worth of usage, one priced by the agent itself.
    toolbox.report_usage(100, 20, cost_usd=0.001)
    return AgentReply(text, usage=Usage(50, 10), cost_usd=0.0005)


async def talker(conversation: Conversation, toolbox: Toolbox) -> str:
    """Only talks: never looks anything up, never acts."""
    return "Sure, I have taken care of it!"


class Counting:
    """A class agent: relgap makes one instance per trial."""

    instances = 0

    def __init__(self) -> None:
        Counting.instances += 1
        self.turns = 0

    async def __call__(self, conversation: Conversation, toolbox: Toolbox) -> str:
        self.turns += 1
        assert self.turns == 1, "a fresh instance per trial"
        return (await refund_desk(conversation, toolbox)).text


async def crashes(conversation: Conversation, toolbox: Toolbox) -> str:
    await toolbox.call("get_order", {"order_id": "A1"})
    raise KeyError("orders")


async def flaky_network(conversation: Conversation, toolbox: Toolbox) -> str:
    raise ProviderError("upstream 503", transient=True, kind="server_error")


async def loops_forever(conversation: Conversation, toolbox: Toolbox) -> str:
    while True:
        await toolbox.call("get_order", {"order_id": "A1"})


not_callable = 42
