"""A gate never passes on nothing, and no command counts the same run twice."""

from __future__ import annotations

import shutil

import pytest

from relgap.cli import main


def cli(capsys, *args: str) -> tuple[int, str]:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    return exc.value.code, capsys.readouterr().err


@pytest.fixture(scope="module")
def run(tmp_path_factory):
    out = tmp_path_factory.mktemp("gate-nothing") / "run"
    main(["run", "food_order", "-m", "sim/fast", "-n", "4", "--tier", "1", "-o", str(out)])
    return out


def _one_line(err: str) -> None:
    assert err.startswith("relgap: error: ") and err.count("\n") == 1 and "Traceback" not in err


def test_a_gate_whose_model_filter_matches_nothing_is_exit_2(run, tmp_path, capsys):
    config = tmp_path / "g.toml"
    config.write_text('[[gates]]\nmetric = "pass_hat_k"\nmin = 0.1\nmodels = ["sim/fsat"]\n')
    code, err = cli(capsys, "gate", str(run), "--config", str(config))
    assert code == 2 and "sim/fsat" in err and "sim/fast" in err
    _one_line(err)


def test_a_regression_gate_matching_nothing_is_exit_2(run, tmp_path, capsys):
    other = tmp_path / "other"
    main(["run", "food_order", "-m", "sim/fast", "-n", "4", "--tier", "1", "--seed", "3", "-o", str(other)])  # fmt: skip
    config = tmp_path / "g.toml"
    config.write_text('[[gates]]\ntype = "regression"\nmodels = ["sim/nope"]\n')
    code, err = cli(capsys, "gate", str(run), "-b", str(other), "--config", str(config))
    assert code == 2 and ("sim/nope" in err or "shares no model" in err)
    _one_line(err)


def test_a_run_without_trials_is_exit_2(run, tmp_path, capsys):
    empty = tmp_path / "empty"
    empty.mkdir()
    shutil.copy(run / "manifest.json", empty / "manifest.json")  # trials.jsonl missing
    config = tmp_path / "g.toml"
    config.write_text('[[gates]]\nmetric = "pass_hat_k"\nmin = 0.1\n')
    code, err = cli(capsys, "gate", str(empty), "--config", str(config))
    assert code == 2 and "no trials" in err
    _one_line(err)


@pytest.mark.parametrize("command", ["report", "stats", "gate"])
def test_the_same_run_twice_is_refused_everywhere(run, tmp_path, capsys, command):
    copy = tmp_path / "copy"
    shutil.copytree(run, copy)
    args = (
        [command, str(run), str(copy)] if command != "gate" else ["gate", str(run), "-b", str(copy)]
    )
    code, err = cli(capsys, *args)
    assert code == 2 and "give each run once" in err
    _one_line(err)


def test_a_saved_baseline_of_the_same_run_is_refused(run, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("RELGAP_BASELINES", str(tmp_path / "baselines"))
    main(["baseline", "save", str(run), "nightly"])
    code, err = cli(capsys, "gate", str(run), "-b", "nightly")
    assert code == 2 and "same run" in err
