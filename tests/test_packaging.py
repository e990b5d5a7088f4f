"""The packaging: every package folder is listed, the suites ship, the public API is complete."""

from __future__ import annotations

import ast
import importlib
import re
import tomllib
from pathlib import Path

import pytest

import relgap

ROOT = Path(__file__).resolve().parents[1]


def _listed_packages() -> set[str]:
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    return set(config["tool"]["setuptools"]["packages"])


def test_every_package_folder_is_listed_in_pyproject():
    found = set()
    for init in ROOT.glob("relgap/**/__init__.py"):
        found.add(".".join(init.parent.relative_to(ROOT).parts))
    for init in ROOT.glob("suites/**/__init__.py"):
        parts = init.parent.relative_to(ROOT / "suites").parts
        found.add(".".join(("relgap_suites", *parts)))
    assert found == _listed_packages()


def test_suite_data_files_are_declared_as_package_data():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    patterns = config["tool"]["setuptools"]["package-data"]["relgap_suites"]
    data = [
        p.relative_to(ROOT / "suites")
        for p in (ROOT / "suites").rglob("*")
        if p.suffix in {".json", ".jsonl", ".md"}
    ]
    assert data, "the built-in suites ship data files"
    for path in data:
        assert any(path.match(pattern) for pattern in patterns), f"{path} would not be installed"


def test_public_api_all_is_complete():
    exported = set(relgap.__all__)
    public = {name for name in vars(relgap) if not name.startswith("_")}
    modules = {name for name, value in vars(relgap).items() if type(value).__name__ == "module"}
    assert public - modules <= exported
    for name in exported:
        assert hasattr(relgap, name), name


@pytest.mark.parametrize("package", ["relgap", "relgap.report", "relgap.server"])
def test_lazy_exports_agree_with_all_and_the_typing_imports(package):
    # These packages import each public name on first use (relgap._lazy): the name -> module
    # table, the TYPE_CHECKING imports that type checkers read, and __all__ must agree.
    module = importlib.import_module(package)
    tree = ast.parse(Path(module.__file__).read_text())
    guarded = next(n for n in tree.body if isinstance(n, ast.If))
    typed = {
        alias.name: node.module
        for node in guarded.body
        if isinstance(node, ast.ImportFrom)
        for alias in node.names
    }
    assert typed == module._EXPORTS
    assert set(module._EXPORTS) | {"__version__"} >= set(module.__all__) >= set(module._EXPORTS)
    for name, source in module._EXPORTS.items():
        assert getattr(module, name) is getattr(importlib.import_module(source), name)
    assert set(module.__all__) <= set(dir(module))


def test_unknown_attribute_is_an_attribute_error():
    with pytest.raises(AttributeError, match="no attribute 'Runnr'"):
        relgap.Runnr  # noqa: B018


def test_version_matches_pyproject():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())
    assert relgap.__version__ == config["project"]["version"]


def test_readme_test_command_is_what_ci_runs():
    readme = (ROOT / "README.md").read_text()
    blocks = re.findall(r"```(?:bash|sh)\n(.*?)```", readme, flags=re.S)
    setup = [line for block in blocks for line in block.splitlines() if "python3 -m venv" in line]
    assert len(setup) == 2, "the README gives exactly two set-up commands"
    demo, tests = setup
    assert demo.rstrip().endswith("relgap demo")
    assert tests.rstrip().endswith("pytest")
    ci = (ROOT / ".ci" / "run").read_text()
    assert tests.strip() in ci
