"""relgap: measure the capability-reliability gap of LLM applications."""

__version__ = "0.1.0"
