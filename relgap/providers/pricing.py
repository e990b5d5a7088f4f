"""Price a model call's token usage (USD) from LiteLLM's bundled, offline price map.

Unknown models are priced ``None`` ("unknown"), never a guess. User-supplied prices in
USD per million tokens override the map.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from functools import cache
from typing import Any

from relgap.agent.messages import Usage


@cache
def _cost_map() -> dict[str, Any]:
    # Read the map bundled with litellm; never fetch it from the network.
    os.environ.setdefault("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    try:
        import litellm
    except ImportError:
        return {}
    return dict(litellm.model_cost)


def _entry(model: str) -> dict[str, Any] | None:
    prefix, _, rest = model.partition("/")
    table = _cost_map()
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
