"""Provider-neutral messages (``relgap.agent.messages``) and the agent loop
(``relgap.agent.loop``). Only the messages are re-exported here: providers import them, and
the loop imports providers."""

from relgap.agent.messages import Completion, Message, ToolCall, ToolSpec, Usage

__all__ = ["Completion", "Message", "ToolCall", "ToolSpec", "Usage"]
