"""What a run is: the configuration the runner executes and the manifest records."""

from __future__ import annotations

import re
from typing import Annotated, Any
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

# The command-line flag of each field, for one-line errors (relgap.options.validate_options).
RUN_FLAGS = {
    "suite": "SUITE",
    "models": "--model",
    "variants": "--variant",
    "task_ids": "--tasks",
    "tiers": "--tier",
    "trial_timeout_s": "--timeout",
    "call_timeout_s": "--call-timeout",
    "max_retries": "--retries",
    "budget_usd": "--budget",
    "cache_dir": "--cache",
    "prices": "prices",
}

NonNegativePrice = Annotated[float, Field(ge=0)]

_SECRET_PARAM = re.compile(r"key|token|secret|password|auth|sig", re.IGNORECASE)

# Keys that decide how the user is played, with the value a manifest without them meant:
# a resumed run must keep them.
USER_KEYS: dict[str, object] = {"max_turns": 10, "user_model": None}


class RunConfig(BaseModel):
    """A run = suite x models x variants x tasks x trials. Stored in the manifest (no secrets:
    keys are read from the environment by the adapters and never pass through here)."""

    model_config = ConfigDict(extra="forbid", frozen=True, allow_inf_nan=False)

    suite: str
    models: list[str] = Field(min_length=1)
    variants: list[str] = Field(
        default_factory=list, description="--variant specs, e.g. 'effort=low,high'."
    )
    trials: int = Field(8, ge=1, le=10_000_000)
    task_ids: list[str] = Field(default_factory=list)
    tiers: list[int] = Field(default_factory=list)
    concurrency: int = Field(8, ge=1, le=10_000)
    seed: int = 0
    max_steps: int | None = Field(None, ge=1)
    max_tokens: int | None = Field(None, ge=1, description="Output-token cap per model call.")
    temperature: float | None = Field(None, ge=0)
    trial_timeout_s: float | None = Field(1800.0, gt=0, description="Seconds per trial.")
    call_timeout_s: float | None = Field(300.0, gt=0, description="Seconds per model call.")
    max_retries: int = Field(6, ge=0, le=100)
    retry_base_delay_s: float = Field(1.0, ge=0)
    base_url: str | None = None
    budget_usd: float | None = Field(None, gt=0)
    rpm: float | None = Field(
        None, gt=0, description="Client-side requests-per-minute limit per model."
    )
    tpm: float | None = Field(
        None, gt=0, description="Client-side tokens-per-minute limit per model."
    )
    cache_dir: str | None = None
    max_turns: int = Field(10, ge=1, description="User messages per conversation, at most.")
    user_model: str | None = Field(
        None, description="Model that plays the user (llm user); None: the scripted user."
    )
    user_base_url: str | None = Field(None, description="Base URL for --user-model.")
    agent: str | None = Field(
        None,
        description="--agent: your own agent (MODULE:ATTR, FILE.py:ATTR or http(s)://URL); "
        "the models then only label the groups.",
    )
    prices: dict[str, dict[str, NonNegativePrice]] = Field(
        default_factory=dict,
        description="USD per million tokens by model: {'input': x, 'output': y}; overrides LiteLLM's map.",
    )

    @field_validator("base_url", "user_base_url")
    @classmethod
    def _plain_url(cls, url: str | None) -> str | None:
        from relgap.providers.keys import check_base_url

        return check_base_url(url) if url else url

    @field_validator("agent")
    @classmethod
    def _plain_agent_url(cls, agent: str | None) -> str | None:
        from relgap.providers.keys import check_base_url

        if agent and agent.startswith(("http://", "https://")):
            return check_base_url(agent, "--agent")
        return agent

    def manifest_view(self) -> dict[str, Any]:
        """The config as the manifest stores it: credentials in a URL are masked."""
        data = self.model_dump(mode="json")
        for key in ("base_url", "user_base_url", "agent"):
            if data.get(key) and (key != "agent" or "://" in data[key]):
                data[key] = masked_url(data[key])
        return data


def masked_url(url: str) -> str:
    """``url`` with a user:password and secret-looking query values replaced by ``***``."""
    parts = urlsplit(url)
    if parts.username or parts.password:
        host = parts.hostname or ""
        parts = parts._replace(netloc=f"***@{host}" + (f":{parts.port}" if parts.port else ""))
    query = [
        (k, "***" if _SECRET_PARAM.search(k) else v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
    ]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))
