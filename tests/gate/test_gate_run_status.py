"""The gate says when the run it judges did not complete (budget stop, kill): in the log and
in the job-summary Markdown, not only in the manifest."""

from __future__ import annotations

from relgap.cli import main


def _cli(*args: str) -> int:
    try:
        main(list(args))
    except SystemExit as exc:
        return int(exc.code or 0)
    return 0


def test_a_budget_stopped_run_is_named_in_the_gate_summary(tmp_path, capsys):
    out, md = str(tmp_path / "run"), tmp_path / "gates.md"
    _cli(
        "run",
        "food_order",
        "-m",
        "sim/fast",
        "-n",
        "2",
        "--tier",
        "1",
        "--budget",
        "0.02",
        "-o",
        out,
    )
    (tmp_path / "g.toml").write_text(
        '[[gates]]\nmetric = "pass_at_1"\nmin = 0.0\non = "estimate"\n'
    )
    capsys.readouterr()
    assert _cli("gate", out, "--config", str(tmp_path / "g.toml"), "--md", str(md)) == 0
    text = md.read_text()
    assert "stopped: budget" in text and "of 36 planned trials" in text
    assert "stopped: budget" in capsys.readouterr().out


def test_a_complete_run_gets_no_note(tmp_path):
    out, md = str(tmp_path / "run"), tmp_path / "gates.md"
    _cli("run", "food_order", "-m", "sim/fast", "-n", "1", "--tier", "1", "-o", out)
    (tmp_path / "g.toml").write_text(
        '[[gates]]\nmetric = "pass_at_1"\nmin = 0.0\non = "estimate"\n'
    )
    assert _cli("gate", out, "--config", str(tmp_path / "g.toml"), "--md", str(md)) == 0
    assert "planned trials" not in md.read_text()
