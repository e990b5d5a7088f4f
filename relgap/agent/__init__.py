"""The agent under test: the built-in loop, the protocol your own agent implements, baselines.

The built-in tool-calling loop is ``relgap.agent.loop``; the protocol a product team's own
agent implements is ``relgap.agent.protocol``; the baselines are ``relgap.agent.baselines``.
"""
