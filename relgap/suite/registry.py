"""Find suites three ways, wherever a suite name goes.

- **Entry point**: an installed package registers a suite in the group ``relgap.suites``;
  its value is a :class:`~relgap.suite.base.Suite` subclass or instance
  (``food_order = "relgap_suites.food_order:suite"``).
- **Path**: a suite folder (see :mod:`relgap.suite.folder`): ``relgap run ./my_suite/ ...``.
- **Object**: a Suite passed to the Python API (``Runner(cfg, out, suite=MySuite())``);
  :func:`register_suite` makes it known to this process (the runner does so itself).

:func:`resolve_suite` takes a name or a path; :func:`list_suites` says where each came from.
"""

from __future__ import annotations

import importlib
import pkgutil
import weakref
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from pathlib import Path

from relgap.errors import SuiteError
from relgap.suite.base import Suite, Task
from relgap.suite.folder import as_suite, load_suite_folder, looks_like_path

GROUP = "relgap.suites"
BUNDLED = "relgap_suites"  # the package relgap ships its own suites in


@dataclass(frozen=True)
class SuiteSource:
    """Where a suite came from.

    ``kind`` is ``entry point``, ``path`` or ``object``; ``where`` the distribution and
    target, the folder, or the defining class.
    """

    name: str
    kind: str
    where: str

    def describe(self) -> str:
        """``kind: where``, as `relgap suites` and run manifests show it."""
        return f"{self.kind}: {self.where}"


_registered: dict[str, tuple[Suite, SuiteSource]] = {}  # objects and paths of this process


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    # relgap's own suites are found even when the installed metadata predates them (an
    # editable install made before a suite was added): their package is the source of truth.
    for name in _bundled():
        found.setdefault(name, EntryPoint(name, f"{BUNDLED}.{name}:suite", GROUP))
    return found


@cache
def _bundled() -> tuple[str, ...]:
    try:
        package = importlib.import_module(BUNDLED)
    except ImportError:
        return ()
    return tuple(m.name for m in pkgutil.iter_modules(package.__path__) if m.ispkg)


def _ep_source(ep: EntryPoint) -> SuiteSource:
    dist = getattr(ep, "dist", None)
    owner = f"{dist.name} {dist.version}" if dist is not None else "relgap (bundled)"
    return SuiteSource(ep.name, "entry point", f"{owner} ({ep.value})")


def _load_entry_point(ep: EntryPoint) -> Suite:
    module_name, _, attr = ep.value.partition(":")
    obj = importlib.import_module(module_name)
    for part in attr.split(".") if attr else ():
        obj = getattr(obj, part)
    suite = as_suite(obj, f"entry point '{ep.name}' ({ep.value})")
    if suite.name != ep.name:
        raise SuiteError(
            f"entry point '{ep.name}' ({ep.value}) gives a suite named '{suite.name}': "
            "rename one so they match"
        )
    return suite


def suite_names() -> list[str]:
    """Names of the installed (entry-point) and registered suites."""
    return sorted(set(_entry_points()) | set(_registered))


def register_suite(suite: Suite, source: SuiteSource | None = None) -> SuiteSource:
    """Make ``suite`` known to this process by its name (simulated models can then play it).

    A different suite object of the same name replaces the earlier one.
    """
    if source is None:
        klass = type(suite)
        source = SuiteSource(suite.name, "object", f"{klass.__module__}.{klass.__qualname__}")
    _registered[suite.name] = (suite, source)
    _task_index.cache_clear()
    return source


def load_path(ref: str | Path) -> Suite:
    """The suite in the suite folder ``ref``, registered as a path suite."""
    suite, folder = load_suite_folder(ref)
    register_suite(suite, SuiteSource(suite.name, "path", str(folder)))
    return suite


def resolve_suite(ref: str | Path | Suite) -> Suite:
    """A suite from a name, a suite folder path, or a Suite object (returned as is)."""
    if isinstance(ref, Suite):
        return ref
    if isinstance(ref, Path) or looks_like_path(ref):
        return load_path(ref)
    if ref not in suite_names() and (Path(ref) / "suite.py").is_file():
        return load_path(ref)  # `relgap run my_suite` from the folder that holds it
    return get_suite(ref)


def get_suite(name: str) -> Suite:
    """The suite called ``name``; a one-line error lists the known ones otherwise."""
    if name in _registered:
        return _registered[name][0]
    return _installed(name)


@cache
def _installed(name: str) -> Suite:
    eps = _entry_points()
    if name not in eps:
        known = ", ".join(suite_names()) or "none installed"
        raise SuiteError(
            f"unknown suite '{name}' (known: {known}; a suite folder is given by its path, "
            "e.g. ./my_suite/)"
        )
    return _load_entry_point(eps[name])


def suite_source(suite: Suite) -> SuiteSource:
    """Where ``suite`` came from (an unregistered object: ``object``)."""
    found = _registered.get(suite.name)
    if found is not None and found[0] is suite:
        return found[1]
    ep = _entry_points().get(suite.name)
    if ep is not None and _installed.cache_info().currsize and _installed(suite.name) is suite:
        return _ep_source(ep)
    klass = type(suite)
    return SuiteSource(suite.name, "object", f"{klass.__module__}.{klass.__qualname__}")


def list_suites(paths: list[str] | None = None) -> list[tuple[Suite, SuiteSource]]:
    """Every installed suite, registered suite and suite folder in ``paths``.

    Each comes with where it came from.
    """
    for path in paths or []:
        load_path(path)
    found: dict[str, tuple[Suite, SuiteSource]] = {}
    for name, ep in sorted(_entry_points().items()):
        found[name] = (_installed(name), _ep_source(ep))
    for name, pair in _registered.items():
        if name in found and found[name][0] is not pair[0]:
            found[f"{name} ({pair[1].kind})"] = pair  # shadows the installed one here
        else:
            found[name] = pair
    return [found[k] for k in sorted(found)]


@cache
def _task_index() -> dict[str, tuple[Suite, Task]]:
    index: dict[str, tuple[Suite, Task]] = {}
    for name in suite_names():
        suite = get_suite(name)
        for task in suite.tasks():
            index.setdefault(suite.first_user_message(task).strip(), (suite, task))
    return index


# The suite of the trial being played in this task (set by ``run_trial``): simulated
# models look the conversation's task up in it first, so a suite passed as an object or a
# path plays without being installed.
playing: ContextVar[Suite | None] = ContextVar("relgap_playing_suite", default=None)

_indexes: weakref.WeakKeyDictionary[Suite, dict[str, Task]] = weakref.WeakKeyDictionary()


def find_task_in(suite: Suite, first_user_message: str) -> Task | None:
    """The task of ``suite`` whose opening user message this is."""
    index = _indexes.get(suite)
    if index is None:
        index = {}
        for task in suite.tasks():
            index.setdefault(suite.first_user_message(task).strip(), task)
        _indexes[suite] = index
    return index.get(first_user_message.strip())


def find_task(first_user_message: str) -> tuple[Suite, Task] | None:
    """The suite and task whose opening user message this is.

    Used by simulated models, which see only the conversation, exactly as a hosted model
    would. Searched among the installed suites and those registered in this process, the
    suite being played first.
    """
    suite = playing.get()
    task = find_task_in(suite, first_user_message) if suite is not None else None
    if suite is not None and task is not None:
        return suite, task
    return _task_index().get(first_user_message.strip())
