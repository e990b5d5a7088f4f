"""The config file: ``relgap.toml``, or ``[tool.relgap]`` in ``pyproject.toml``.

Command-line flags override it. Unknown keys are errors (a typo must fail loudly), reported
with the file, the line and the key::

    relgap.toml:7: key 'gates[1].metirc': unknown key
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, model_validator

from relgap.errors import ConfigError

Metric = Literal["pass_at_k", "pass_hat_k", "gap", "retention", "pass_at_1"]


class GateSpec(BaseModel):
    """One gate of ``relgap gate``: a threshold on a metric, or no regression.

    ``type = "threshold"``: ``metric(k) >= min`` (or ``<= max``), judged on the
    lower (upper) 95% confidence bound unless ``on = "estimate"``. ``type = "regression"``:
    no statistically significant drop against the baseline run, larger than ``min_effect``,
    in a paired test over the tasks both runs share.
    """

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    type: Literal["threshold", "regression"] = "threshold"
    metric: Metric = "pass_hat_k"
    k: int | None = Field(None, ge=1, description="None: the largest k both runs support.")
    min: float | None = Field(
        None, ge=0, le=1, description="threshold: the metric must be at least this."
    )
    max: float | None = Field(
        None, ge=0, le=1, description="threshold: at most this (e.g. for the gap)."
    )
    on: Literal["lower_bound", "estimate"] = "lower_bound"
    alpha: float = Field(0.05, gt=0, lt=1, description="regression: significance level.")
    min_effect: float = Field(
        0.0, ge=0, le=1, description="regression: ignore drops smaller than this."
    )
    models: list[str] = Field(default_factory=list, description="Only these models (default: all).")
    name: str | None = None

    @model_validator(mode="after")
    def _check(self) -> GateSpec:
        if self.type == "threshold" and self.min is None and self.max is None:
            raise ValueError("a threshold gate needs 'min' or 'max'")
        return self


class FileConfig(BaseModel):
    """Everything a config file may say. Every key is optional; flags override."""

    model_config = ConfigDict(extra="forbid", allow_inf_nan=False)

    suite: str | None = None
    models: list[str] = Field(default_factory=list)
    variants: list[str] = Field(default_factory=list)
    trials: int | None = Field(None, ge=1)
    k: int | None = Field(None, ge=1, description="The k reports and gates use by default.")
    tasks: list[str] = Field(default_factory=list)
    tiers: list[int] = Field(default_factory=list)
    concurrency: int | None = Field(None, ge=1)
    seed: int | None = None
    out: str | None = None
    base_url: str | None = None
    budget_usd: float | None = Field(None, gt=0)
    rpm: float | None = Field(None, gt=0)
    tpm: float | None = Field(None, gt=0)
    max_steps: int | None = Field(None, ge=1)
    max_turns: int | None = Field(None, ge=1, description="User messages per conversation.")
    user_model: str | None = Field(None, description="Model that plays the user.")
    user_base_url: str | None = None
    agent: str | None = Field(None, description="Your own agent: MODULE:ATTR or http(s)://URL.")
    timeout: float | None = Field(None, gt=0, description="Seconds per trial.")
    call_timeout: float | None = Field(None, gt=0, description="Seconds per model call.")
    retries: int | None = Field(None, ge=0)
    cache: str | None = None
    prices: dict[str, dict[Literal["input", "output"], Annotated[float, Field(ge=0)]]] = Field(
        default_factory=dict
    )
    gates: list[GateSpec] = Field(default_factory=list)
    _path: Path | None = PrivateAttr(None)  # the file it was read from (None: built in code)

    def where(self, key: str) -> str:
        """Where the file sets ``key``, for messages: ``relgap.toml:7: key 'timeout'``."""
        if self._path is None:
            return f"config key '{key}'"
        try:
            line = _line_of(self._path.read_text(encoding="utf-8"), (key,), "")
        except (OSError, UnicodeDecodeError):
            line = None
        return f"{self._path}:{line}: key '{key}'" if line else f"{self._path}: key '{key}'"


def _line_of(text: str, loc: tuple[Any, ...], table_prefix: str) -> int | None:
    """Best-effort line number of the key at ``loc`` in the TOML ``text``."""
    lines = text.splitlines()
    start = 0
    # Arrays of tables ([[gates]]): find the n-th header.
    if len(loc) >= 2 and isinstance(loc[1], int):
        header = re.compile(rf"^\s*\[\[\s*{re.escape(table_prefix + str(loc[0]))}\s*\]\]")
        seen = -1
        for i, line in enumerate(lines):
            if header.match(line):
                seen += 1
                if seen == loc[1]:
                    start = i
                    break
        key = str(loc[2]) if len(loc) > 2 else None
        if key is None:
            return start + 1
    else:
        key = str(loc[0])
    pattern = re.compile(rf"^\s*\"?{re.escape(key)}\"?\s*=")
    for i in range(start, len(lines)):
        if pattern.match(lines[i]):
            return i + 1
    return start + 1 if start else None


def _where(loc: tuple[Any, ...]) -> str:
    out = ""
    for part in loc:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def load_config(path: str | Path) -> FileConfig:
    """Read and validate a config file; one-line errors name file, line and key."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read config {path}: {exc.strerror}") from exc
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as exc:
        raise ConfigError(f"{path}: invalid TOML: {exc}") from exc
    prefix = ""
    if path.name == "pyproject.toml":
        data = data.get("tool", {}).get("relgap")
        if data is None:
            raise ConfigError(f"{path} has no [tool.relgap] table")
        prefix = "tool.relgap."
    try:
        config = FileConfig.model_validate(data)
    except ValidationError as exc:
        err = exc.errors()[0]
        loc = tuple(err["loc"])
        if not loc:  # the table itself has the wrong type
            raise ConfigError(f"{path}: the relgap settings must be a table of keys") from exc
        if err["type"] == "extra_forbidden":
            msg = "unknown key"
        else:
            msg = err["msg"].removeprefix("Value error, ")
        line = _line_of(text, loc, prefix)
        at = f"{path}:{line}" if line else str(path)
        raise ConfigError(f"{at}: key '{_where(loc)}': {msg}") from exc
    config._path = path
    return config


def find_config(explicit: str | Path | None = None, cwd: Path | None = None) -> FileConfig | None:
    """The explicit file, else ./relgap.toml, else ./pyproject.toml's [tool.relgap], else None."""
    if explicit is not None:
        return load_config(explicit)
    cwd = cwd or Path.cwd()
    if (cwd / "relgap.toml").is_file():
        return load_config(cwd / "relgap.toml")
    pyproject = cwd / "pyproject.toml"
    if pyproject.is_file():
        try:
            has_table = "relgap" in tomllib.loads(pyproject.read_text("utf-8")).get("tool", {})
        except (tomllib.TOMLDecodeError, UnicodeDecodeError, OSError):
            has_table = False
        if has_table:
            return load_config(pyproject)
    return None
