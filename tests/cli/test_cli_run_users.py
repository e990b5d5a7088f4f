"""`relgap run --user-model`: the user's model takes --base-url unless --user-base-url, its
price comes from the config like any model's, and the run records who played the user."""

from __future__ import annotations

import json

import pytest

from relgap.cli import main
from relgap.server import serve_in_thread
from relgap.store import RunDir


def test_run_with_a_served_user_model(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("OPENAI_API_KEY", "test")
    (tmp_path / "relgap.toml").write_text('[prices."openai/sim-user"]\ninput = 1.0\noutput = 4.0\n')
    with serve_in_thread() as server:
        main(["run", "food_order", "-m", "openai/sim-oracle", "--base-url", server.openai_base_url,
              "--user-model", "openai/sim-user", "--max-turns", "6", "-n", "1",
              "--tasks", "fo-t4-001,fo-t4-021", "-o", str(tmp_path / "run")])  # fmt: skip
    records = RunDir.open(tmp_path / "run").records()
    assert [r.passed for r in records] == [True, True]
    for r in records:
        assert r.user_simulator == "llm:openai/sim-user" and r.user_stated_all
        u = r.user_usage
        assert r.user_cost_usd == pytest.approx((u.input_tokens + 4 * u.output_tokens) / 1e6)
    manifest = json.loads((tmp_path / "run" / "manifest.json").read_text())
    assert manifest["config"]["user_model"] == "openai/sim-user"
    assert manifest["config"]["max_turns"] == 6
    assert manifest["user_simulator"] == "llm:openai/sim-user"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--max-turns", "0"], "--max-turns must be at least 1 (got 0)"),
        (["--user-model", "nope"], "unknown model 'nope'"),
        (["--user-model", "sim/genius"], "unknown simulated model 'sim/genius'"),
    ],
)
def test_bad_user_options_are_one_line_and_exit_2(capsys, tmp_path, args, message):
    with pytest.raises(SystemExit) as exc:
        main(["run", "food_order", "-m", "sim/fast", "-n", "1", "--tasks", "fo-t1-001",
              "-o", str(tmp_path / "r"), *args])  # fmt: skip
    err = capsys.readouterr().err
    assert exc.value.code == 2 and message in err and "Traceback" not in err
