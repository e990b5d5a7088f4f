"""`relgap new suite NAME`: write a working suite folder from templates.

The templates (``templates/*.tmpl``, package data) are rendered with :class:`string.Template`
(``${name}`` placeholders, so the Python braces inside them need no escaping). The folder
they make is a complete suite: a world, two tools (one writes), three tasks with user
scenarios, a grader on the final state, reference solutions and its own pytest tests; it
passes ``relgap suite check`` and runs with ``relgap run ./NAME/ -m sim/oracle``.
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from string import Template

from relgap.errors import ConfigError

_NAME = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
# template file -> path in the new folder
FILES = {
    "suite.py.tmpl": "suite.py",
    "tools.py.tmpl": "tools.py",
    "policy.md.tmpl": "policy.md",
    "tasks.jsonl.tmpl": "tasks.jsonl",
    "README.md.tmpl": "README.md",
    "tests/test_suite.py.tmpl": "tests/test_${name}.py",
}


def class_name(name: str) -> str:
    """The class name of suite ``name``: ``clinic_booking`` -> ``ClinicBookingSuite``."""
    return "".join(part.capitalize() for part in name.split("_") if part) + "Suite"


def render(template: str, name: str) -> str:
    """``template`` with ``${name}`` and ``${class_name}`` filled in for the suite ``name``."""
    return Template(template).substitute(name=name, class_name=class_name(name))


def new_suite(name: str, parent: Path) -> Path:
    """Write the suite folder ``parent/name`` and return it.

    Raises:
        ConfigError: ``name`` is not a lower-case identifier, or the folder exists.
    """
    if not _NAME.match(name):
        raise ConfigError(
            f"suite name '{name}' must be lower case letters, digits and _ "
            "(starting with a letter), e.g. 'clinic_booking'"
        )
    folder = parent / name
    if folder.exists():
        raise ConfigError(f"{folder} already exists; choose another name or --dir")
    templates = resources.files("relgap.scaffold") / "templates"
    rendered = {
        Template(target).substitute(name=name): render(
            (templates / source).read_text(encoding="utf-8"), name
        )
        for source, target in FILES.items()
    }
    for target, text in rendered.items():
        path = folder / target
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return folder
