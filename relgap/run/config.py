"""What a run is: the configuration the runner executes and the manifest records."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Annotated, Any

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from relgap.config import FileConfig, find_config
from relgap.errors import ConfigError
from relgap.options import option_error

# The one alias table: each RunConfig field a config file or a flag sets, with its key in
# relgap.toml (FileConfig) and its command-line flag (`relgap run`, and one-line errors).
ALIASES: dict[str, tuple[str, str]] = {
    "suite": ("suite", "SUITE"),
    "models": ("models", "--model"),
    "variants": ("variants", "--variant"),
    "trials": ("trials", "--trials"),
    "task_ids": ("tasks", "--tasks"),
    "tiers": ("tiers", "--tier"),
    "concurrency": ("concurrency", "--concurrency"),
    "seed": ("seed", "--seed"),
    "base_url": ("base_url", "--base-url"),
    "max_steps": ("max_steps", "--max-steps"),
    "max_turns": ("max_turns", "--max-turns"),
    "user_model": ("user_model", "--user-model"),
    "user_base_url": ("user_base_url", "--user-base-url"),
    "agent": ("agent", "--agent"),
    "trial_timeout_s": ("timeout", "--timeout"),
    "call_timeout_s": ("call_timeout", "--call-timeout"),
    "max_retries": ("retries", "--retries"),
    "budget_usd": ("budget_usd", "--budget"),
    "rpm": ("rpm", "--rpm"),
    "tpm": ("tpm", "--tpm"),
    "cache_dir": ("cache", "--cache"),
    "prices": ("prices", "prices"),  # the config file only
}
# Config-file keys that are not part of a run: its directory (--out), the k that reports
# and gates use, and the gates.
NOT_RUN_KEYS = frozenset({"out", "k", "gates"})

# The command-line flag of each field, for one-line errors (relgap.options.validate_options).
RUN_FLAGS = {field: flag for field, (_, flag) in ALIASES.items()}

NonNegativePrice = Annotated[float, Field(ge=0)]

# Keys that decide how the user is played, with the value a manifest without them meant:
# a resumed run must keep them.
USER_KEYS: dict[str, object] = {"max_turns": 10, "user_model": None}


class RunConfig(BaseModel):
    """A run = suite x models x variants x tasks x trials.

    Stored in the manifest (no secrets: keys are read from the environment by the adapters
    and never pass through here).
    """

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

    @classmethod
    def from_file(cls, path: str | Path | None = None, **overrides: Any) -> RunConfig:
        """The run that ``relgap run --config PATH`` with these flags would run.

        Args:
            path: a ``relgap.toml`` (or ``pyproject.toml`` with ``[tool.relgap]``); None:
                ``./relgap.toml``, else ``./pyproject.toml``'s table, else no file.
            **overrides: RunConfig fields (``trials=3``, ``trial_timeout_s=60``), which win
                over the file as flags do; None leaves the file's value.

        Raises:
            ConfigError: one line naming the file, line and key (or the field) that is wrong.
        """
        return resolve_run_config(find_config(path), overrides)

    def manifest_view(self) -> dict[str, Any]:
        """The config as the manifest stores it: credentials in a URL are masked."""
        from relgap.providers.keys import masked_url

        data = self.model_dump(mode="json")
        for key in ("base_url", "user_base_url", "agent"):
            if data.get(key) and (key != "agent" or "://" in data[key]):
                data[key] = masked_url(data[key])  # secrets never reach a manifest
        return data


def split_ids(values: Iterable[str]) -> list[str]:
    """Task ids as ``--tasks a,b --tasks c`` gives them: comma-separated, blanks dropped."""
    return [v.strip() for value in values for v in value.split(",") if v.strip()]


def _given(value: Any) -> bool:
    return value is not None and not (isinstance(value, list | dict) and not value)


# How a value given by a flag or a file becomes the field's value.
_NORMALISE: dict[str, Callable[[Any], Any]] = {
    "models": lambda models: list(dict.fromkeys(models)),  # a model named twice runs once
    "task_ids": split_ids,
    "cache_dir": os.fspath,
}

# What to say when a run names no suite or no model.
_MISSING = {
    "suite": "name a suite: relgap run SUITE (or 'suite' in the config file)",
    "models": "name at least one --model (or 'models' in the config file)",
}


def resolve_run_config(
    file: FileConfig | None = None, flags: Mapping[str, Any] | None = None
) -> RunConfig:
    """The run a config file and flags describe, validated.

    A flag overrides the file's key (through :data:`ALIASES`), and the file overrides
    RunConfig's defaults. ``relgap run``, ``relgap demo`` and :meth:`RunConfig.from_file`
    all resolve their runs here, so ``relgap.toml`` means the same thing to each.

    Args:
        file: the config file (:func:`relgap.config.find_config`); None: none.
        flags: RunConfig field -> value; None (or an empty list) for a flag not given.

    Raises:
        ConfigError: one line naming the first bad value's flag, or its file, line and key.
    """
    file = file or FileConfig()
    values: dict[str, Any] = {}
    for field, (key, _) in ALIASES.items():
        if _given(getattr(file, key)):
            values[field] = getattr(file, key)
    from_file = set(values)
    for field, value in (flags or {}).items():
        if _given(value):
            values[field] = value
            from_file.discard(field)
    for field, normalise in _NORMALISE.items():
        if field in values:
            values[field] = normalise(values[field])
    try:
        return RunConfig.model_validate(values)
    except ValidationError as exc:
        raise ConfigError(_bad_value(exc, file, from_file)) from None


def _bad_value(exc: ValidationError, file: FileConfig, from_file: set[str]) -> str:
    """One line for the first error, naming where the bad value came from."""
    err = exc.errors()[0]
    field = str(err["loc"][0]) if err["loc"] else ""
    if field in _MISSING and err["type"] in ("missing", "too_short"):
        return _MISSING[field]
    flags = dict(RUN_FLAGS)
    if field in from_file:
        flags[field] = file.where(ALIASES[field][0])
    return option_error(exc, flags)
