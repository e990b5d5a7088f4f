"""Providers are an open registry: plugins arrive through the ``relgap.providers`` entry point
(installed here as a real dist-info folder on sys.path) or ``register_provider``, and play
whole runs; unknown prefixes, missing SDKs and broken plugins are one line, exit 2.

The plugin is docs/writing-a-provider.md's example, taken from the page as written.
"""

from __future__ import annotations

import ast
import asyncio
import json
import re
import sys
import tomllib
from collections.abc import Iterator
from pathlib import Path

import pytest

import relgap
from relgap.cli import main
from relgap.errors import ConfigError, MissingDependency
from relgap.messages import Message
from relgap.providers import registry
from relgap.providers.base import GenerateSettings
from relgap.providers.registry import ProviderKind, get_provider, list_kinds, register_provider
from relgap.simulation import SimulatedProvider
from relgap.suite.registry import get_suite

ROOT = Path(__file__).resolve().parents[2]
GUIDE = ROOT / "docs" / "writing-a-provider.md"


def _blocks(language: str) -> list[str]:
    return re.findall(rf"```{language}\n(.*?)```", GUIDE.read_text(), flags=re.S)


def _install(site: Path, dist: str, entry_points: dict[str, str]) -> None:
    """A minimal installed distribution: what pip leaves in site-packages for a plugin."""
    info = site / f"{dist.replace('-', '_')}-0.1.0.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text(f"Metadata-Version: 2.1\nName: {dist}\nVersion: 0.1.0\n")
    lines = [f"{name} = {value}" for name, value in entry_points.items()]
    (info / "entry_points.txt").write_text("[relgap.providers]\n" + "\n".join(lines) + "\n")


@pytest.fixture
def site(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A site folder on sys.path holding the guide's plugin, installed with its entry point."""
    site = tmp_path / "site"
    for block in _blocks("python"):
        first, _, body = block.partition("\n")
        if first.startswith("# ") and first.endswith(".py"):
            path = site / first[2:]
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(body)
    project = tomllib.loads(_blocks("toml")[0])
    _install(site, project["project"]["name"], project["project"]["entry-points"][registry.GROUP])
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.setattr(registry, "_registered", {})
    yield site
    for name in [m for m in sys.modules if m.startswith("relgap_parrot")]:
        del sys.modules[name]


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Exit code (0 when ``main`` returns), stdout and stderr of ``relgap ARGS``."""
    code: object = 0
    try:
        main(list(args))
    except SystemExit as exc:
        code = exc.code or 0
    out, err = capsys.readouterr()
    return (code if isinstance(code, int) else 1), out, err


def _trials(out: Path) -> list[dict]:
    return [json.loads(line) for line in (out / "trials.jsonl").read_text().splitlines()]


def _tasks(n: int) -> str:
    return ",".join(t.id for t in get_suite("food_order").tasks()[:n])


def test_relgap_declares_its_own_prefixes_as_entry_points():
    listed = {x.prefix: x for x in list_kinds()}
    assert {"sim", "openai", "openai-responses", "anthropic", "litellm"} <= set(listed)
    assert all(x.kind is not None and x.source.startswith("relgap ") for x in listed.values())
    assert get_provider("sim/fast").simulated


def test_an_installed_plugin_is_listed_and_plays_a_run(site, tmp_path, capsys):
    main(["models"])
    out = capsys.readouterr().out
    assert "parrot/polly" in out and "relgap-parrot 0.1.0" in out
    assert "sim/reasoner-high" in out  # the others are still there
    run_dir = tmp_path / "run"
    code, _, err = _run(
        capsys, "run", "food_order", "-m", "parrot/polly", "-n", "2", "--tasks", _tasks(3),
        "-o", str(run_dir),
    )  # fmt: skip
    assert code == 0, err
    trials = _trials(run_dir)
    assert len(trials) == 6
    assert {t["model"] for t in trials} == {"parrot/polly"}
    # It only talks, so it passes nothing, and that is a model failure, not an infra error.
    assert {t["outcome"] for t in trials} == {"fail"}
    assert not any(t["simulated"] for t in trials)


def test_a_registered_provider_plays_a_run(monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(registry, "_registered", {})
    built: list[str] = []

    class Oracle:
        """sim/oracle under another name: a provider class defined in the user's own code."""

        simulated = True
        reasoning_effort = None

        def __init__(self, name: str, **options: object) -> None:
            built.append(name)
            self.name = self.family = name
            self.inner = SimulatedProvider("sim/oracle")

        def check_settings(self, settings) -> None:
            self.inner.check_settings(settings)

        async def complete(self, messages, tools, settings):
            return await self.inner.complete(messages, tools, settings)

        async def aclose(self) -> None:
            await self.inner.aclose()

    kind = relgap.register_provider(ProviderKind("mine", Oracle, "mine", "an oracle", "mine/x"))
    assert kind in [x.kind for x in list_kinds()]
    run_dir = tmp_path / "run"
    code, _, err = _run(
        capsys, "run", "food_order", "-m", "mine/oracle", "-n", "2", "--tasks", _tasks(2),
        "-o", str(run_dir),
    )  # fmt: skip
    assert code == 0, err
    assert built == ["mine/oracle"]
    trials = _trials(run_dir)
    assert [t["outcome"] for t in trials] == ["pass"] * 4
    assert all(t["model"] == "mine/oracle" and t["simulated"] for t in trials)


def test_the_guides_registration_example_runs(site):
    (block,) = [b for b in _blocks("python") if "register_provider" in b]
    scope: dict[str, object] = {}
    exec(block, scope)
    provider = scope["provider"]
    reply = asyncio.run(
        provider.complete([Message("user", "two pizzas")], [], GenerateSettings())  # type: ignore[attr-defined]
    )
    assert reply.message.content == "You said: two pizzas" and not reply.message.tool_calls
    assert get_provider("echo/x").name == "echo/x"


def test_a_registered_kind_replaces_an_installed_one(monkeypatch):
    monkeypatch.setattr(registry, "_registered", {})
    register_provider(ProviderKind("sim", lambda name, **o: "replaced", "x", "x", "sim/x"))
    assert get_provider("sim/fast") == "replaced"


def test_an_unknown_prefix_lists_the_known_ones_plugins_included(site, tmp_path, capsys):
    code, _, err = _run(capsys, "run", "food_order", "-m", "nope/x", "-o", str(tmp_path / "r"))
    assert code == 2
    assert err.count("\n") == 1 and "Traceback" not in err
    assert "unknown model 'nope/x'" in err
    assert "parrot/..." in err and "sim/..." in err and "litellm/..." in err


def test_a_missing_sdk_names_the_package_to_install(tmp_path, monkeypatch, capsys):
    (tmp_path / "needs_sdk.py").write_text("import relgap_no_such_sdk  # noqa\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(registry, "_registered", {})
    register_provider(
        ProviderKind("acme", "needs_sdk:make", "relgap-no-such-sdk", "Acme", "acme/a1")
    )
    with pytest.raises(MissingDependency, match="pip install relgap-no-such-sdk"):
        get_provider("acme/a1")
    code, _, err = _run(capsys, "run", "food_order", "-m", "acme/a1", "-o", str(tmp_path / "r"))
    assert code == 2 and "model prefix 'acme/' needs the 'relgap-no-such-sdk' package" in err


def test_a_broken_plugin_is_one_line_and_spares_the_others(site, tmp_path, capsys):
    (site / "relgap_wrong_type.py").write_text("KIND = 'not a kind'\n")
    (site / "relgap_wrong_prefix.py").write_text(
        "from relgap.providers import ProviderKind\n"
        "KIND = ProviderKind('other', 'x:y', 'x', 'x', 'other/x')\n"
    )
    _install(site, "relgap-broken", {
        "broken": "relgap_no_such_module:KIND",
        "wrongtype": "relgap_wrong_type:KIND",
        "wrongprefix": "relgap_wrong_prefix:KIND",
    })  # fmt: skip
    main(["models"])
    out = capsys.readouterr().out
    assert "parrot/polly" in out and "anthropic/claude" in out
    assert out.count("BROKEN") == 3
    cases = {
        "broken/x": "provider plugin 'broken' (relgap-broken 0.1.0 (relgap_no_such_module:KIND)) "
        "failed to load: ModuleNotFoundError: No module named 'relgap_no_such_module'",
        "wrongtype/x": "gives a str, not a ProviderKind",
        "wrongprefix/x": "declares prefix 'other': rename one so they match",
    }
    for model, message in cases.items():
        code, _, err = _run(capsys, "run", "food_order", "-m", model, "-o", str(tmp_path / "r"))
        assert code == 2 and message in err and err.count("\n") == 1, err
    with pytest.raises(ConfigError, match="provider plugin 'broken'"):
        get_provider("broken/x")


def test_providers_do_not_import_suites_or_the_simulation():
    # The arrow runs simulation -> providers, never back: get_provider has no special case.
    for path in (ROOT / "relgap" / "providers").glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module:
                assert not node.module.startswith(("relgap.suite", "relgap.simulation")), path
    assert '"sim"' not in (ROOT / "relgap" / "providers" / "registry.py").read_text()


def test_an_install_older_than_the_entry_points_says_to_reinstall(monkeypatch):
    # An editable install made before relgap declared its prefixes has none of them: say so,
    # rather than "a model name starts with one of" an empty list.
    monkeypatch.setattr(registry, "entry_points", lambda group: [])
    monkeypatch.setattr(registry, "_registered", {})
    with pytest.raises(ConfigError, match=r"declares no 'relgap\.providers' entry points"):
        get_provider("sim/fast")
