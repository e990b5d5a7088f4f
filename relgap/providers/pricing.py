"""Price a model call's token usage (USD) from LiteLLM's bundled, offline price map.

The map is read as a JSON file; litellm itself is not imported.

Unknown models are priced ``None`` ("unknown"), never a guess. User-supplied prices in
USD per million tokens override the map.
"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

from relgap.messages import Usage

BUNDLED_MAP = "model_prices_and_context_window_backup.json"


@cache
def load_price_map() -> dict[str, Any]:
    """LiteLLM's bundled price map, read as a file; empty when litellm is not installed.

    Never fetched, and litellm is not imported (its import took 4-6 s on 2 cores, stalling a
    run's event loop on the first priced trial). Rows that are aliases (``alias_of``,
    ``aliases``) resolve as LiteLLM resolves them.
    """
    spec = importlib.util.find_spec("litellm")  # finds the package without running it
    if spec is None or spec.origin is None:
        return {}
    path = Path(spec.origin).parent / BUNDLED_MAP
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    rows = {k: v for k, v in raw.items() if isinstance(v, dict)}
    table = {k: v for k, v in rows.items() if not isinstance(v.get("alias_of"), str)}
    for name, row in rows.items():
        target = row.get("alias_of")
        if isinstance(target, str) and target in table:
            table.setdefault(name, table[target])
        aliases = row.get("aliases")
        if name in table and isinstance(aliases, list):
            for alias in aliases:
                table.setdefault(str(alias), row)
    return table


def _entry(model: str) -> dict[str, Any] | None:
    prefix, _, rest = model.partition("/")
    table = load_price_map()
    candidates = [rest]
    if prefix == "litellm":
        candidates = [rest, rest.partition("/")[2]]
    if prefix == "anthropic":
        candidates.append(f"anthropic/{rest}")
    for name in candidates:
        entry = table.get(name)
        if entry and entry.get("input_cost_per_token") is not None:
            return entry
    return None


def price_usage(
    model: str, usage: Usage, overrides: Mapping[str, Mapping[str, float]] | None = None
) -> float | None:
    """USD for ``usage`` on ``model``, or None when no price is known.

    Output tokens include reasoning tokens, billed at the output rate as both vendors do;
    cached input tokens use the cache-read rate when the map has one.
    """
    if overrides and model in overrides:
        price = overrides[model]
        return (
            usage.input_tokens * price.get("input", 0.0)
            + usage.output_tokens * price.get("output", 0.0)
        ) / 1e6
    entry = _entry(model)
    if entry is None:
        return None
    rate_in = float(entry["input_cost_per_token"])
    rate_out = float(entry.get("output_cost_per_token") or 0.0)
    rate_cached = float(entry.get("cache_read_input_token_cost") or rate_in)
    fresh = max(usage.input_tokens - usage.cached_tokens, 0)
    return fresh * rate_in + usage.cached_tokens * rate_cached + usage.output_tokens * rate_out
