"""The ``sim/`` model-name prefix, registered through the ``relgap.providers`` entry point.

Light on purpose (``relgap models`` loads it to list the prefix): the provider is imported
when a simulated model is asked for.
"""

from __future__ import annotations

from typing import Any

from relgap.providers.base import Provider
from relgap.providers.registry import ProviderKind


def create(name: str, *, sleep: bool = False, **hosted_options: Any) -> Provider:
    """A simulated model for ``name`` (``sim/fast``, ...); refuses an unknown one.

    Options meant for hosted adapters (``base_url``, ``timeout``, ...) do not apply to an
    in-process simulation and are ignored; ``sleep`` sleeps the simulated latency.
    """
    from relgap.simulation.provider import SimulatedProvider

    return SimulatedProvider(name, sleep=sleep)


SIM = ProviderKind(
    prefix="sim",
    factory=create,
    package="relgap",
    description="built-in SIMULATED models (offline, no key)",
    example="sim/reasoner-high",
)
