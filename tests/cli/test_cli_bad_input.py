"""Every command and option with a table of bad values: negative, zero, nan, inf, huge, wrong
type, unwritable path, non-UTF-8 file. Each is one line on stderr, exit 2, no traceback, and
nothing is written."""

from __future__ import annotations

import hashlib
import shutil
import socket
from pathlib import Path

import pytest

from relgap.cli import main

LONG = "x" * 300
RUN = ["run", "food_order", "-m", "sim/fast", "--tasks", "fo-t1-001", "-n", "1"]
OUT = ["-o", "{tmp}/new"]

BAD = [
    # relgap run: bounded numbers (RunConfig)
    *[[*RUN, "--trials", v, *OUT] for v in ("0", "-1", "abc", "1.5", "99999999999")],
    *[[*RUN, "--concurrency", v, *OUT] for v in ("0", "-3", "100000")],
    *[[*RUN, "--timeout", v, *OUT] for v in ("0", "-5", "nan", "inf", "abc")],
    *[[*RUN, "--call-timeout", v, *OUT] for v in ("0", "nan", "-inf")],
    *[[*RUN, "--retries", v, *OUT] for v in ("-1", "1000", "x")],
    *[[*RUN, "--budget", v, *OUT] for v in ("0", "-1", "nan", "inf")],
    *[[*RUN, "--rpm", v, *OUT] for v in ("0", "-10", "nan", "inf")],
    *[[*RUN, "--tpm", v, *OUT] for v in ("0", "nan")],
    *[[*RUN, "--max-steps", v, *OUT] for v in ("0", "-1")],
    *[[*RUN, "--max-turns", v, *OUT] for v in ("0", "-1", "x")],
    [*RUN, "--user-model", "sim/fast", "--user-base-url", "http://u:PASS@127.0.0.1:9/v1", *OUT],
    [*RUN, "--seed", "abc", *OUT],
    [*RUN, "--tier", "x", *OUT],
    # variants: bad values and repeated values
    *[
        [*RUN, "--variant", v, *OUT]
        for v in (
            "thinking=-5",
            "temperature=nan",
            "temperature=-1",
            "temperature=inf",
            "max_tokens=0",
            "effort=low,low",
            "temperature=0,0.0",
            "effort=huge",
            "nokey=1",
            "effort",
            "thinking=abc",
        )
    ],
    [*RUN, "--variant", "effort=low", "--variant", "effort=high", *OUT],
    # paths
    [*RUN, "-o", ""],
    [*RUN, "-o", "{tmp}/FILE"],
    [*RUN, "-o", "{tmp}/FILE/sub"],
    [*RUN, "-o", "/proc/relgap-x"],
    [*RUN, "-o", "{tmp}/" + LONG],
    [*RUN, "--cache", "{tmp}/FILE", *OUT],
    [*RUN, "--config", "{tmp}/latin1.toml", *OUT],
    [*RUN, "--config", "{tmp}/missing.toml", *OUT],
    *[[*RUN, "--config", "{tmp}/" + name, *OUT] for name in ("inf.toml", "nan.toml", "price.toml")],
    # base URLs
    *[
        ["run", "food_order", "-m", "openai/m", "--base-url", url, *OUT]
        for url in (
            "http://user:PASS@127.0.0.1:9/v1",
            "http://127.0.0.1:9/v1?api_key=SECRET",
            "http://127.0.0.1:99999/v1",
            "ftp://127.0.0.1/v1",
            "127.0.0.1:9",
        )
    ],
    # relgap demo
    *[["demo", flag, v, "-o", "{tmp}/demo"] for flag in ("-n", "-c") for v in ("0", "-1", "x")],
    ["demo", "-n", "100000", "-o", "{tmp}/demo"],
    ["demo", "-o", "{tmp}/FILE"],
    # relgap report / stats
    *[
        ["report", "{tmp}/run", flag, v]
        for flag, v in (("--transcripts", "-1"), ("--k", "0"), ("--bootstrap", "-1"), ("--k", "99"))
    ],
    ["report", "{tmp}/run", "{tmp}/run"],
    ["report", "{tmp}/run", "{tmp}/copy"],
    ["report", "{tmp}/nope"],
    ["report", "{tmp}/FILE"],
    ["report", "{tmp}/" + LONG],
    ["report", "{tmp}/run", "--html", "{tmp}/FILE/x.html"],
    *[["stats", "{tmp}/run", flag, v] for flag, v in (("--k", "0"), ("--bootstrap", "-1"))],
    ["stats", "{tmp}/run", "{tmp}/copy"],
    # relgap gate / baseline / plan
    *[
        ["gate", "{tmp}/run", "-b", "{tmp}/copy2", "--alpha", v]
        for v in ("2", "0", "1", "nan", "-1")
    ],
    ["gate", "{tmp}/run", "-b", "{tmp}/copy2", "--k", "0"],
    ["gate", "{tmp}/run", "--config", "{tmp}/latin1.toml"],
    ["gate", "{tmp}/run", "--config", "{tmp}/typo.toml"],
    ["gate", "{tmp}/run", "-b", "{tmp}/copy"],
    ["gate", "{tmp}/run"],
    ["baseline", "save", "{tmp}/run", "../escape"],
    ["baseline", "save", "{tmp}/nope", "ok"],
    *[
        ["plan", "--tasks", t, "--trials", n, "--k", k, *extra]
        for t, n, k, extra in (
            ("20", "8", "4", ["--alpha", "1.5"]),
            ("20", "8", "4", ["--alpha", "0"]),
            ("20", "8", "4", ["--alpha", "nan"]),
            ("20", "8", "4", ["--power", "0"]),
            ("20", "8", "4", ["--power", "1"]),
            ("20", "8", "4", ["--drop", "2"]),
            ("0", "8", "4", []),
            ("20", "0", "1", []),
            ("20", "8", "0", []),
            ("20", "8", "9", []),
            ("99999999999", "99999999", "4", []),
            ("20", "99999999", "4", []),
        )
    ],
    # relgap serve (fails before listening)
    *[["serve", "--port", v] for v in ("-1", "70000", "x")],
    *[["serve", flag, "-1"] for flag in ("--latency-ms", "--retry-after", "--slow-seconds")],
    ["serve", "--latency-ms", "nan"],
    ["serve", "--fault-rate", "2"],
    ["serve", "--rate-window", "0"],
    ["serve", "--rpm", "0"],
    ["serve", "--host", "999.1.1.1"],
    ["serve", "--port", "{busy}"],
    # importers
    ["import", "csv", "{tmp}/latin1.csv", "--out", "{tmp}/imp"],
    ["import", "csv", "{tmp}/missing.csv", "--out", "{tmp}/imp"],
    ["import", "tau-bench", "{tmp}/latin1.json", "--out", "{tmp}/imp"],
    ["import", "csv", "{tmp}/good.csv", "--out", "{tmp}/FILE"],
    ["import", "csv", "{tmp}/good.csv", "--out", "{tmp}/run"],
]


@pytest.fixture(scope="module")
def root(tmp_path_factory) -> Path:
    tmp = tmp_path_factory.mktemp("bad-input")
    main([*RUN, "-o", str(tmp / "run")])
    shutil.copytree(tmp / "run", tmp / "copy")
    (tmp / "FILE").write_text("a file\n")
    (tmp / "latin1.toml").write_bytes('suite = "food_order"\n# caf\xe9\n'.encode("latin-1"))
    (tmp / "latin1.csv").write_bytes("task_id,trial,passed\ncaf\xe9,0,1\n".encode("latin-1"))
    (tmp / "latin1.json").write_bytes('[{"task_id": "caf\xe9"}]'.encode("latin-1"))
    (tmp / "good.csv").write_text("task_id,trial,passed\nt1,0,1\n")
    (tmp / "inf.toml").write_text("budget_usd = inf\n")
    (tmp / "nan.toml").write_text("timeout = nan\n")
    (tmp / "price.toml").write_text('[prices."sim/fast"]\ninput = -1.0\noutput = 1.0\n')
    (tmp / "typo.toml").write_text('[[gates]]\nmetirc = "pass_hat_k"\nmin = 0.5\n')
    return tmp


@pytest.fixture(scope="module")
def other_run(root: Path) -> Path:
    main([*RUN, "--seed", "9", "-o", str(root / "copy2")])
    return root / "copy2"


def snapshot(root: Path) -> dict[str, str]:
    return {
        str(p.relative_to(root)): hashlib.sha1(p.read_bytes()).hexdigest() if p.is_file() else "dir"
        for p in sorted(root.rglob("*"))
    }


@pytest.mark.parametrize("args", BAD, ids=lambda a: " ".join(a)[:90])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    args, root, other_run, capsys, monkeypatch
):
    monkeypatch.chdir(root)
    monkeypatch.setenv("RELGAP_BASELINES", str(root / "baselines"))
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        argv = [a.format(tmp=root, busy=busy.getsockname()[1]) for a in args]
        before = snapshot(root)
        with pytest.raises(SystemExit) as exc:
            main(argv)
    out, err = capsys.readouterr()
    assert exc.value.code == 2, (argv, err, out[-500:])
    assert err.startswith("relgap: error: ") and err.count("\n") == 1, err
    assert "Traceback" not in err and "PASS" not in err and "SECRET" not in err
    assert snapshot(root) == before  # nothing written, nothing changed


def test_a_bad_input_in_a_real_process_is_one_line(tmp_path):
    import subprocess
    import sys

    proc = subprocess.run(
        [sys.executable, "-m", "relgap", "run", "food_order", "-m", "sim/fast", "--timeout", "nan", "-o", str(tmp_path / "r")],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert proc.returncode == 2 and proc.stderr.count("\n") == 1
    assert proc.stderr.startswith("relgap: error: --timeout") and not (tmp_path / "r").exists()
