"""Simulated models: SIMULATION, not real models. See params.py for how they work.

They play suite tasks from the conversation alone, in process (``sim/...`` through the
``relgap.providers`` entry point, see :mod:`relgap.simulation.kind`) and behind the wire
formats of ``relgap serve`` (:mod:`relgap.server.sim`). This package reads suites; the
providers package does not, so the dependency arrow runs simulation -> suite and providers.

Importing the package is cheap: each name is imported from its module on first use, so
listing the ``sim/`` prefix does not load the suites.
"""

import typing as _typing

from relgap import _lazy

if _typing.TYPE_CHECKING:  # what type checkers see; at run time `__getattr__` imports
    from relgap.simulation.params import DEMO_MODELS, SIM_MODELS, SimParams
    from relgap.simulation.provider import SimulatedProvider, resolve_params, sim_names

# Public name -> its module, imported on first use (see relgap._lazy).
_EXPORTS: dict[str, str] = {
    "DEMO_MODELS": "relgap.simulation.params",
    "SIM_MODELS": "relgap.simulation.params",
    "SimParams": "relgap.simulation.params",
    "SimulatedProvider": "relgap.simulation.provider",
    "resolve_params": "relgap.simulation.provider",
    "sim_names": "relgap.simulation.provider",
}


def __getattr__(name: str) -> object:
    return _lazy.attribute(__name__, _EXPORTS, name)


def __dir__() -> list[str]:
    return _lazy.names(__name__, _EXPORTS)


__all__ = [
    "DEMO_MODELS",
    "SIM_MODELS",
    "SimParams",
    "SimulatedProvider",
    "resolve_params",
    "sim_names",
]
