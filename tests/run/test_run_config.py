"""One place resolves a run's configuration: a library user reading relgap.toml gets the run
`relgap run --config` runs, and the alias table covers every key of both sides."""

from __future__ import annotations

import inspect
import json
from typing import Any

import pytest
import typer

from relgap.cli import main
from relgap.cli.run import run_command
from relgap.config import FileConfig, load_config
from relgap.errors import ConfigError
from relgap.run.config import ALIASES, NOT_RUN_KEYS, RunConfig, resolve_run_config

TOML = """\
suite = "food_order"
models = ["sim/fast", "sim/reasoner-low", "sim/fast"]
trials = 2
tasks = ["fo-t1-001,fo-t1-002"]
concurrency = 3
seed = 7
timeout = 90
call_timeout = 30
retries = 2
max_turns = 4
out = "from-file"
k = 2

[prices."sim/fast"]
input = 1.0
output = 2.0
"""


def test_a_library_user_gets_the_run_the_cli_runs(tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relgap.toml").write_text(TOML)
    main(["run", "--config", "relgap.toml", "--seed", "9"])
    capsys.readouterr()
    manifest = json.loads((tmp_path / "from-file" / "manifest.json").read_text())
    library = RunConfig.from_file(tmp_path / "relgap.toml", seed=9)
    assert manifest["config"] == library.manifest_view()
    # The file's keys arrived under their RunConfig names, and the flag won over the file.
    assert library.trial_timeout_s == 90 and library.max_retries == 2 and library.seed == 9
    assert library.models == ["sim/fast", "sim/reasoner-low"]
    assert library.task_ids == ["fo-t1-001", "fo-t1-002"]
    # With no path, the file in the working directory is read, as the CLI reads it.
    assert RunConfig.from_file(seed=9) == library


def test_unset_keys_take_the_models_defaults():
    config = resolve_run_config(FileConfig(suite="food_order", models=["sim/fast"]), {})
    assert config == RunConfig(suite="food_order", models=["sim/fast"])
    flags = {"trials": None, "tiers": [], "trial_timeout_s": None}
    assert resolve_run_config(FileConfig(suite="s", models=["m"], trials=5), flags).trials == 5


def test_the_alias_table_covers_every_config_file_key():
    """A key added to FileConfig (or to RunConfig's aliases) alone fails here."""
    keys = {key for key, _ in ALIASES.values()}
    assert keys | NOT_RUN_KEYS == set(FileConfig.model_fields)
    assert not keys & NOT_RUN_KEYS
    assert set(ALIASES) <= set(RunConfig.model_fields)


def test_every_run_flag_sets_the_field_the_alias_table_names():
    options = {p.name: p for p in _run_params()}
    for field, (_, flag) in ALIASES.items():
        if flag.startswith("--"):
            assert flag in options[field].opts, (field, flag)
    assert set(options) - {"out", "config"} == {f for f, (_, x) in ALIASES.items() if x != "prices"}


def _run_params() -> list[Any]:
    from relgap.cli import _register, app

    _register()
    command = typer.main.get_command(app).commands["run"]  # type: ignore[attr-defined]
    assert [p.name for p in command.params] == list(inspect.signature(run_command).parameters)
    return list(command.params)


def test_a_bad_value_names_the_file_line_and_key(tmp_path):
    path = tmp_path / "relgap.toml"
    path.write_text('suite = "food_order"\nmodels = ["sim/fast"]\nretries = 1000\n')
    with pytest.raises(ConfigError, match=r"relgap.toml:3: key 'retries' must be at most 100"):
        resolve_run_config(load_config(path), {})
    # The same value as a flag names the flag.
    with pytest.raises(ConfigError, match=r"^--retries must be at most 100 \(got 1000\)$"):
        resolve_run_config(load_config(path), {"max_retries": 1000, "suite": "x"})


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"models": ["sim/fast"]}, "name a suite"),
        ({"suite": "food_order"}, "name at least one --model"),
    ],
)
def test_a_missing_suite_or_model_says_where_to_give_it(values, message):
    with pytest.raises(ConfigError, match=message):
        resolve_run_config(None, values)
