"""Simulated models: SIMULATION, not real models. See params.py for how they work."""

from relgap.simulation.params import DEMO_MODELS, SIM_MODELS, SimParams
from relgap.simulation.provider import SimulatedProvider, resolve_params, sim_names

__all__ = [
    "DEMO_MODELS",
    "SIM_MODELS",
    "SimParams",
    "SimulatedProvider",
    "resolve_params",
    "sim_names",
]
