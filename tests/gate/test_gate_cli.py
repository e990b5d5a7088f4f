from __future__ import annotations

import xml.etree.ElementTree as ET

import pytest

from relgap.cli import main


def cli(*args: str) -> int:
    with pytest.raises(SystemExit) as exc:
        main(list(args))
    return exc.value.code


def ok(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return exc.code
    return 0


@pytest.fixture(scope="module")
def runs(tmp_path_factory):
    root = tmp_path_factory.mktemp("gate-runs")
    common = ["run", "food_order", "-n", "8", "-c", "16"]
    main([*common, "-m", "sim/reasoner-medium", "-o", str(root / "base"), "--seed", "1"])
    main([*common, "-m", "sim/reasoner-medium", "-o", str(root / "same"), "--seed", "2"])
    return root


def test_same_model_other_seed_passes_the_default_regression_gate(runs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    junit = tmp_path / "gates.xml"
    code = ok("gate", str(runs / "same"), "--baseline", str(runs / "base"), "--junit", str(junit), "--junit-tasks",
              "--md", str(tmp_path / "gate.md"))  # fmt: skip
    assert code == 0
    root = ET.parse(junit).getroot()
    assert root.tag == "testsuites"
    suite = root.find("testsuite")
    cases = suite.findall("testcase")
    assert int(suite.get("tests")) == len(cases) >= 1
    gate_cases = [c for c in cases if c.get("classname").startswith("gates.")]
    assert len(gate_cases) == 1 and gate_cases[0].find("failure") is None
    assert int(suite.get("failures")) == sum(c.find("failure") is not None for c in cases)
    assert "no significant regression" in (tmp_path / "gate.md").read_text()


def test_a_degraded_model_fails_the_gate_with_exit_1(runs, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    degraded = tmp_path / "degraded"
    main(["run", "food_order", "-n", "8", "-c", "16", "-m", "sim/fast", "-o", str(degraded)])
    assert cli("gate", str(degraded), "--baseline", str(runs / "base")) == 2  # no shared model
    assert "shares no model" in capsys.readouterr().err
    (tmp_path / "relgap.toml").write_text(
        '[[gates]]\ntype = "threshold"\nmetric = "pass_hat_k"\nk = 8\nmin = 0.9\nname = "nightly bar"\n'
    )
    junit = tmp_path / "g.xml"
    assert ok("gate", str(degraded), "--junit", str(junit)) == 1
    out = capsys.readouterr().out
    assert "FAIL" in out and "nightly bar" in out
    failure = ET.parse(junit).getroot().find("testsuite/testcase/failure")
    assert failure is not None and "pass^8" in failure.get("message")


def test_saved_baselines_resolve_by_name(runs, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert ok("baseline", "save", str(runs / "base"), "nightly") == 0
    assert (tmp_path / ".relgap" / "baselines" / "nightly" / "trials.jsonl").is_file()
    assert ok("gate", str(runs / "same"), "--baseline", "nightly") == 0
    assert cli("gate", str(runs / "same"), "--baseline", "nosuch") == 2


def test_bad_gate_config_names_file_line_and_key(runs, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relgap.toml").write_text(
        'trials = 8\n\n[[gates]]\nmetric = "pass_hat_k"\nminn = 0.5\n'
    )
    assert cli("gate", str(runs / "same")) == 2
    err = capsys.readouterr().err
    assert "relgap.toml:5: key 'gates[0].minn': unknown key" in err
    assert cli("gate", str(tmp_path / "missing")) == 2


def test_regression_between_real_runs_is_detected(runs, tmp_path):
    """sim/fast's trials relabelled as the baseline's model: a genuine drop in reliability."""
    from relgap.gate import evaluate_gates
    from relgap.store import load

    main(
        ["run", "food_order", "-n", "8", "-c", "16", "-m", "sim/fast", "-o", str(tmp_path / "fast")]
    )
    worse = load(tmp_path / "fast").assign(model="sim/reasoner-medium")
    report = evaluate_gates(worse, [], baseline=load(runs / "base"))
    (result,) = report.results
    assert not result.passed and result.numbers["difference"] < 0
    assert result.numbers["p_one_sided"] < 0.05
    same = evaluate_gates(load(runs / "same"), [], baseline=load(runs / "base"))
    assert same.passed


def test_first_night_without_a_baseline_skips_the_regression_gate(
    runs, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    (tmp_path / "relgap.toml").write_text('[[gates]]\ntype = "regression"\nk = 4\n')
    junit = tmp_path / "g.xml"
    assert ok("gate", str(runs / "same"), "--junit", str(junit)) == 0
    assert "skipped" in capsys.readouterr().out
    suite = ET.parse(junit).getroot().find("testsuite")
    assert suite.get("skipped") == "1" and suite.find("testcase/skipped") is not None


def test_unwritable_outputs_are_a_one_line_error(runs, tmp_path, capsys):
    (tmp_path / "file").write_text("x")
    code = cli(
        "gate",
        str(runs / "same"),
        "--baseline",
        str(runs / "base"),
        "--md",
        str(tmp_path / "file" / "g.md"),
    )
    assert code == 2 and "cannot write" in capsys.readouterr().err
