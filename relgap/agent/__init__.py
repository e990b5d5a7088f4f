"""The agent under test: the built-in tool-calling loop (``relgap.agent.loop``), the protocol a
product team's own agent implements (``relgap.agent.protocol``), and the baselines."""
