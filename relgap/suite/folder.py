"""Loading a suite from a folder on disk: ``relgap run ./my_suite/ ...``.

A **suite folder** is a directory holding a ``suite.py`` that defines the suite, either

- a module attribute ``suite``: a :class:`~relgap.suite.base.Suite` instance or subclass, or
- exactly one :class:`~relgap.suite.base.Suite` subclass defined in ``suite.py`` itself.

The folder is imported as a package, so ``suite.py`` imports its neighbours relatively
(``from .tools import MyEnv``); an ``__init__.py`` is optional. Data usually sits beside it:
``tasks.jsonl`` or ``tasks.yaml`` (read by the default :meth:`Suite.tasks`) and
``policy.md`` (the default :meth:`Suite.system_prompt`). A path may also name the
``suite.py`` file itself.
"""

from __future__ import annotations

import hashlib
import importlib
import importlib.util
import sys
import types
from pathlib import Path

from relgap.errors import SuiteError
from relgap.suite.base import Suite

SUITE_FILE = "suite.py"


def looks_like_path(ref: str) -> bool:
    """A suite reference that names a path (``./x``, ``a/b``, ``x.py``) rather than a name."""
    return "/" in ref or "\\" in ref or ref.endswith(".py") or ref in (".", "..")


def suite_folder(ref: str | Path) -> Path:
    """The suite folder ``ref`` names (a folder, or its ``suite.py``); SuiteError otherwise."""
    path = Path(ref).expanduser()
    if path.is_file() and path.suffix == ".py":
        path = path.parent if path.name == SUITE_FILE else path
        if path.is_file():
            raise SuiteError(f"{ref}: a suite file must be called {SUITE_FILE}")
    if not path.is_dir():
        raise SuiteError(f"{ref}: no such suite folder")
    if not (path / SUITE_FILE).is_file():
        raise SuiteError(
            f"{ref}: not a suite folder (it needs a {SUITE_FILE} that defines the suite)"
        )
    return path.resolve()


def _package_name(folder: Path) -> str:
    digest = hashlib.blake2b(str(folder).encode(), digest_size=4).hexdigest()
    ident = "".join(c if c.isalnum() else "_" for c in folder.name)
    return f"relgap_suite_{ident}_{digest}"


def _import_suite_module(folder: Path) -> types.ModuleType:
    package = _package_name(folder)
    if package not in sys.modules:
        init = folder / "__init__.py"
        if init.is_file():
            spec = importlib.util.spec_from_file_location(
                package, init, submodule_search_locations=[str(folder)]
            )
            assert spec is not None and spec.loader is not None
            module = importlib.util.module_from_spec(spec)
            sys.modules[package] = module
            try:
                spec.loader.exec_module(module)
            except BaseException:
                del sys.modules[package]
                raise
        else:
            module = types.ModuleType(package)
            module.__path__ = [str(folder)]
            sys.modules[package] = module
    return importlib.import_module(f"{package}.suite")


def _suite_of(module: types.ModuleType, where: str) -> Suite:
    obj = getattr(module, "suite", None)
    if obj is None:
        own = [
            v
            for v in vars(module).values()
            if isinstance(v, type)
            and issubclass(v, Suite)
            and v is not Suite
            and v.__module__ == module.__name__
        ]
        if len(own) != 1:
            found = f"{len(own)} Suite subclasses" if own else "no Suite subclass"
            raise SuiteError(f"{where}: define `suite = MySuite()` (found {found} and no `suite`)")
        obj = own[0]
    return as_suite(obj, where)


def as_suite(obj: object, where: str) -> Suite:
    """``obj`` as a Suite instance (a subclass is instantiated without arguments)."""
    if isinstance(obj, type) and issubclass(obj, Suite):
        try:
            obj = obj()
        except TypeError as exc:
            raise SuiteError(f"{where}: cannot create the suite: {exc}") from None
    if not isinstance(obj, Suite):
        raise SuiteError(f"{where}: `suite` is a {type(obj).__name__}, not a relgap Suite")
    if not getattr(obj, "name", None):
        raise SuiteError(f'{where}: the suite has no `name` (set `name = "my_suite"`)')
    return obj


def load_suite_folder(ref: str | Path) -> tuple[Suite, Path]:
    """The suite defined by the suite folder ``ref`` and the folder's absolute path.

    An import error inside the suite's own code keeps its traceback (it is a bug to fix in
    the suite); a folder that is not a suite fails with one line saying what to add.
    """
    folder = suite_folder(ref)
    module = _import_suite_module(folder)
    return _suite_of(module, str(folder / SUITE_FILE)), folder
