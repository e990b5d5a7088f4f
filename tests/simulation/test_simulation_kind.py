"""The simulation is a provider plugin like any other: its ``sim/`` kind is light to list,
ignores options meant for hosted adapters, refuses unknown names, and labels SIMULATED."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from relgap.errors import ConfigError
from relgap.providers.registry import get_provider, list_kinds
from relgap.simulation import SimulatedProvider
from relgap.simulation.kind import SIM


def test_listing_the_sim_prefix_loads_no_suite():
    probe = (
        "import json, sys\n"
        "from relgap.providers.registry import list_kinds\n"
        "assert 'sim' in [k.prefix for k in list_kinds() if k.kind]\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith('relgap.'))))"
    )
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    loaded = json.loads(out.stdout)
    assert "relgap.simulation.kind" in loaded
    assert not [m for m in loaded if m.startswith(("relgap.suite", "relgap.simulation.provider"))]


def test_the_sim_kind_comes_from_relgaps_entry_point():
    (listing,) = [x for x in list_kinds() if x.prefix == "sim"]
    assert listing.kind is SIM and listing.source.startswith("relgap ")
    assert "SIMULATED" in SIM.description


def test_hosted_options_are_ignored_and_the_model_is_labelled_simulated():
    provider = get_provider("sim/fast", base_url="http://127.0.0.1:9/v1", timeout=5.0)
    assert isinstance(provider, SimulatedProvider)
    assert provider.simulated and provider.name == "sim/fast" and not provider.sleep
    assert get_provider("sim/fast", sleep=True).sleep  # type: ignore[attr-defined]


def test_an_unknown_simulated_model_is_refused():
    with pytest.raises(ConfigError, match="unknown simulated model 'sim/genius'"):
        get_provider("sim/genius", base_url="http://127.0.0.1:9/v1")
