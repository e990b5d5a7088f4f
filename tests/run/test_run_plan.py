from __future__ import annotations

import pytest

from relgap.errors import ConfigError
from relgap.run.plan import parse_variants, trial_seed


def test_variants_cross_product_and_labels():
    variants = parse_variants(["effort=low,high", "temperature=0"])
    assert [v.label for v in variants] == [
        "effort=low,temperature=0.0",
        "effort=high,temperature=0.0",
    ]
    assert variants[1].settings.reasoning_effort == "high"
    assert variants[1].settings.temperature == 0.0


def test_thinking_budget_variant_is_an_int():
    (variant,) = parse_variants(["thinking=2048"])
    assert variant.settings.thinking_budget == 2048


@pytest.mark.parametrize(
    ("spec", "message"),
    [
        ("effort", "expected KEY=VALUE"),
        ("speed=fast", "unknown key 'speed'"),
        ("effort=extreme", "'extreme' is not one of"),
        ("thinking=lots", "'lots' is not a number"),
    ],
)
def test_bad_variants_name_the_problem(spec, message):
    with pytest.raises(ConfigError, match=message):
        parse_variants([spec])


def test_trial_seeds_are_stable_and_distinct():
    a = trial_seed(0, "sim/fast", "default", "t1", 0)
    assert a == trial_seed(0, "sim/fast", "default", "t1", 0)
    others = {trial_seed(0, "sim/fast", "default", "t1", i) for i in range(1, 50)}
    assert a not in others and len(others) == 49
    assert trial_seed(1, "sim/fast", "default", "t1", 0) != a


@pytest.mark.parametrize(
    "url",
    [
        "https://user:hunter2@proxy.example:8443/v1",
        "https://gw.example/v1?api-key=hunter2&region=eu",
        "http://127.0.0.1:8000/v1?token=hunter2",
    ],
)
def test_credentials_in_a_base_url_are_refused_without_echoing_them(url):
    from relgap.errors import ConfigError
    from relgap.run.config import RunConfig

    with pytest.raises(ConfigError, match="must not carry credentials") as exc:
        RunConfig(suite="s", models=["openai/m"], base_url=url)
    assert "hunter2" not in str(exc.value)
    plain = RunConfig(suite="s", models=["m"], base_url="https://gw.example/v1?region=eu")
    assert plain.manifest_view()["base_url"] == "https://gw.example/v1?region=eu"
