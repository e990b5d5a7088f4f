"""The report and the gate read one config: same k, same verdict; the verdict leads the report."""

from __future__ import annotations

import json
import re
from html import unescape
from pathlib import Path

import pytest
from report_helpers import make_records, write_run
from rich.console import Console

import relgap.cli.report  # noqa: F401  (registers the command)
from relgap.cli import main
from relgap.config import GateSpec, load_config
from relgap.gate import evaluate_gates
from relgap.report import build_report, render_html, render_markdown, render_terminal
from relgap.store import load

CONFIG = """
k = 2
[[gates]]
name = "pass^2 bar"
metric = "pass_hat_k"
min = 0.5
[[gates]]
name = "no regression"
type = "regression"
"""


@pytest.fixture(scope="module")
def config(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("config") / "relgap.toml"
    path.write_text(CONFIG)
    return path


def _terminal(data) -> str:
    console = Console(width=200, record=True, file=open("/dev/null", "w"))  # noqa: SIM115
    console.print(render_terminal(data))
    return console.export_text()


def test_report_uses_the_config_k(run_dir: Path, config: Path, tmp_path: Path, capsys) -> None:
    main(["report", str(run_dir), "--config", str(config), "--bootstrap", "0",
          "--json", str(tmp_path / "s.json")])  # fmt: skip
    assert json.loads((tmp_path / "s.json").read_text())["report_k"] == 2
    out = capsys.readouterr().out
    assert out.startswith("Gates FAIL")  # sim/fast cannot meet pass^2 >= 0.5 on 12 tasks
    main(["report", str(run_dir), "--config", str(config), "--k", "3", "--bootstrap", "0",
          "--json", str(tmp_path / "s.json")])  # fmt: skip
    assert json.loads((tmp_path / "s.json").read_text())["report_k"] == 3  # the flag wins


def test_report_finds_relgap_toml(run_dir: Path, config: Path, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(config.parent)
    main(["report", str(run_dir), "--bootstrap", "0", "--json", str(tmp_path / "s.json")])
    assert json.loads((tmp_path / "s.json").read_text())["report_k"] == 2


def test_config_k_too_large_names_the_config(run_dir: Path, tmp_path: Path, capsys) -> None:
    (tmp_path / "relgap.toml").write_text("k = 9\n")
    with pytest.raises(SystemExit) as exc:
        main(["report", str(run_dir), "--config", str(tmp_path / "relgap.toml")])
    assert exc.value.code == 2
    err = capsys.readouterr().err
    assert "--k 9 is more than" in err and "k = 9 comes from the config file" in err


def test_stats_uses_the_config_k(run_dir: Path, config: Path, capsys) -> None:
    main(["stats", str(run_dir), "--config", str(config), "--bootstrap", "0", "--json"])
    summary = json.loads(capsys.readouterr().out)
    assert summary["k"] == 2  # 4 trials per task: without the config, k would be 4
    assert all(max(map(int, g["pass_hat_k"])) == 2 for g in summary["groups"])


def test_verdict_leads_every_format_with_the_gate_numbers(run_dir: Path, config: Path) -> None:
    gates = load_config(config).gates
    data = build_report([run_dir], k=2, bootstrap=200, gates=gates)
    judged = evaluate_gates(load(run_dir), gates, k=2).results
    bars = [r for r in judged if not r.skipped]
    assert data.gates is not None and len(data.gates.bars) == len(judged)
    assert any(not r.passed for r in bars) and any(r.passed for r in bars)
    first_lines = {
        "terminal": _terminal(data).replace("\n", " ").split("relgap report ·")[0],
        "markdown": render_markdown(data).splitlines()[0],
        "html": unescape(
            re.sub(r"<[^>]+>", "", render_html(data).split("<body>", 1)[1].split("<h1>", 1)[0])
        ),
    }
    for fmt, line in first_lines.items():
        assert "Gates FAIL" in line, fmt
        assert "relgap report" not in line, fmt  # before the title
        for r in bars:
            low = f"lower bound {r.numbers['ci_low']:.3f}"
            verdict = "pass" if r.passed else "FAIL"
            assert low in line and r.subject in line, (fmt, low, line)
            start = line.index(r.subject)
            assert line[start:].split(";")[0].rstrip(". *<>/p").endswith(verdict), (fmt, line)
        assert "no regression" in line and "no baseline" in line, fmt
    assert render_html(data).count('id="gate-verdict"') == 1


def test_regression_gate_judged_against_a_baseline(run_dir: Path, tmp_path: Path) -> None:
    worse = write_run(tmp_path / "worse", make_records("run-b", seed=7))
    gates = [GateSpec(type="regression", name="no regression")]
    data = build_report([worse], bootstrap=0, gates=gates, baseline=load(run_dir))
    assert data.gates is not None
    assert {b.status for b in data.gates.bars} <= {"pass", "FAIL"}
    assert all("vs baseline, one-sided p=" in b.judged for b in data.gates.bars)


def test_gate_that_cannot_be_judged_does_not_stop_the_report(run_dir: Path) -> None:
    gates = [GateSpec(metric="pass_hat_k", k=50, min=0.5, name="too deep")]
    data = build_report([run_dir], bootstrap=0, gates=gates)
    assert data.gates is not None and data.gates.status == "NOT JUDGED"
    assert "too deep" in data.gates.line and "cannot be judged" in data.gates.line


def test_no_gates_no_verdict(run_dir: Path) -> None:
    data = build_report([run_dir], bootstrap=0)
    assert data.gates is None
    assert render_markdown(data).startswith("# relgap report")
    assert 'id="gate-verdict"' not in render_html(data)
