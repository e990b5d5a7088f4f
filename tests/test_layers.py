"""The packages of relgap/ import one another one way: no two import each other.

Only imports that run when a module loads count (module level); imports inside functions
and under ``if TYPE_CHECKING:`` are how a lower layer names a higher one without depending
on it at import time.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

PACKAGE = Path(__file__).resolve().parents[1] / "relgap"


def package_imports() -> dict[str, dict[str, list[str]]]:
    """``{package: {imported package: [files]}}`` for module-level imports of relgap."""
    edges: dict[str, dict[str, list[str]]] = defaultdict(lambda: defaultdict(list))
    for path in PACKAGE.rglob("*.py"):
        rel = path.relative_to(PACKAGE)
        package = rel.parts[0].removesuffix(".py")
        for node in ast.parse(path.read_text()).body:
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and node.level == 0:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                parts = name.split(".")
                if parts[0] == "relgap" and len(parts) > 1 and parts[1] != package:
                    edges[package][parts[1]].append(str(rel))
    return edges


def test_no_two_packages_import_each_other() -> None:
    edges = package_imports()
    assert edges["cli"], "the scan found no imports at all"
    cycles = [
        f"{a} <-> {b}: {edges[a][b][0]} / {edges[b][a][0]}"
        for a in sorted(edges)
        for b in sorted(edges[a])
        if a < b and a in edges.get(b, {})
    ]
    assert cycles == []


def test_lower_layers_never_import_the_cli_or_the_report() -> None:
    edges = package_imports()
    for low in ("messages", "records", "errors", "stats", "store", "providers", "suite"):
        assert "cli" not in edges.get(low, {}), low
        assert "report" not in edges.get(low, {}), low
