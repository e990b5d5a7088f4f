"""Shared test set-up: isolate the environment, and gate live-API tests behind --runapi."""

from __future__ import annotations

import pytest

# Keys and endpoints that must never leak into (or out of) the default, offline test run.
_ISOLATED_VARS = [
    "OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL",
    "GEMINI_API_KEY", "RELGAP_DEBUG",
]  # fmt: skip


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--runapi", action="store_true", default=False,
        help="run tests marked 'api' against real hosted LLM APIs (needs keys in the environment)",
    )  # fmt: skip


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    if config.getoption("--runapi"):
        return
    skip = pytest.mark.skip(
        reason="live API test: opt in with --runapi and keys in the environment"
    )
    for item in items:
        if "api" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(autouse=True)
def clean_environ(
    request: pytest.FixtureRequest,
    monkeypatch: pytest.MonkeyPatch,
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    """Each test starts without provider keys and with a private HOME."""
    if "api" in request.keywords:
        return
    for var in _ISOLATED_VARS:
        monkeypatch.delenv(var, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
