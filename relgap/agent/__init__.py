"""Provider-neutral messages and the agent loop."""

from relgap.agent.messages import Completion, Message, ToolCall, ToolSpec, Usage

__all__ = ["Completion", "Message", "ToolCall", "ToolSpec", "Usage"]
