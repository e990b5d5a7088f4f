"""Refuse a --variant sweep that a model ignores.

``sim/fast --variant effort=low,high`` (or a temperature sweep on an OpenAI reasoning model,
which drops temperature) sends the same requests for every variant: the variants differ
only by their trial seeds, and a report would answer "does reasoning narrow the gap?" from
seed noise. The check compares what each variant actually sends, before any trial.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import asdict
from typing import Any

from relgap.errors import ConfigError
from relgap.messages import Message
from relgap.providers.base import GenerateSettings
from relgap.run.plan import Variant

_PROBE = [Message(role="system", content="probe"), Message(role="user", content="probe")]
_WORDS = {"reasoning_effort": "reasoning effort", "thinking_budget": "thinking budget",
          "max_tokens": "max tokens", "temperature": "temperature"}  # fmt: skip


def request_signature(provider: Any, settings: GenerateSettings) -> str | None:
    """What ``provider`` would send for ``settings`` (seed fixed), or None when unknown."""
    from relgap.simulation.provider import SimulatedProvider, resolve_params

    settings = settings.with_seed(0)
    if isinstance(provider, SimulatedProvider):
        # A simulated model reads the reasoning effort (sim/reasoner only) and nothing else.
        return repr(resolve_params(provider.name, settings.reasoning_effort))
    if getattr(provider, "simulated", False) and hasattr(provider, "model"):
        # A model of `relgap serve` behind a hosted adapter: the request changes, but the
        # simulation behind it reads only the effort it folds the request's settings onto.
        from relgap.server.faults import split_model
        from relgap.server.sim import effort_of, sim_name

        name = sim_name(split_model(provider.model)[0])
        effort = effort_of(settings.reasoning_effort, settings.thinking_budget)
        return repr(resolve_params(name, effort))
    build = getattr(provider, "request", None)
    if build is None:
        return None
    return json.dumps(build(_PROBE, [], settings), sort_keys=True, default=repr)


def _changed(variants: Sequence[Variant]) -> str:
    first = asdict(variants[0].settings)
    fields = {k for v in variants[1:] for k, x in asdict(v.settings).items() if x != first[k]}
    return " and ".join(_WORDS.get(f, f) for f in sorted(fields)) or "these settings"


def check_variants_matter(model: str, provider: Any, variants: Sequence[Variant]) -> None:
    """Raise ConfigError when two variants would send ``model`` identical requests."""
    if len(variants) < 2:
        return
    seen: dict[str, list[Variant]] = {}
    for variant in variants:
        signature = request_signature(provider, variant.settings)
        if signature is None:
            return  # a provider relgap cannot inspect: trust the user
        seen.setdefault(signature, []).append(variant)
    same = next((group for group in seen.values() if len(group) > 1), None)
    if same is None:
        return
    labels = ", ".join(v.label for v in same)
    raise ConfigError(
        f"--variant {labels}: {model} sends identical requests for these variants (it ignores "
        f"{_changed(same)}), so they would differ only by seed noise; run {model} without "
        "this --variant, or in a run of its own"
    )
