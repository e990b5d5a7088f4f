"""Model names to providers: an open registry keyed by the name's prefix.

A model name is ``<prefix>/<rest>``; the prefix picks a :class:`ProviderKind`. Kinds come
from the entry-point group ``relgap.providers`` (relgap declares its own ``sim``, ``openai``,
``openai-responses``, ``anthropic`` and ``litellm`` there, exactly as a plugin would) and from
:func:`register_provider` (library users, tests). See docs/writing-a-provider.md.

An entry point names a ``ProviderKind`` in a light module; its factory, given as
``"module:attr"``, is imported only when a model of that prefix is asked for, so listing the
kinds (``relgap models``) imports no vendor SDK.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache
from importlib.metadata import EntryPoint, entry_points
from typing import Any

from relgap.errors import ConfigError, MissingDependency
from relgap.providers.base import Provider

GROUP = "relgap.providers"

ProviderFactory = Callable[..., Provider]


@dataclass(frozen=True)
class ProviderKind:
    """What a model-name prefix means: how to build its provider, and how to present it.

    Attributes:
        prefix: the part of the model name before the first ``/`` (``openai`` in
            ``openai/gpt-4.1``).
        factory: ``(name: str, **options) -> Provider``, called with the whole model name and
            the run's options (``base_url``, ``timeout``; accept and ignore the others). Either
            the callable, or ``"module:attr"`` imported on first use to keep listing light.
        package: the pip package the factory needs; a missing import of it (dashes read as
            underscores) becomes a one-line :class:`MissingDependency` naming it.
        description: one line for ``relgap models``.
        example: a model name, for ``relgap models`` and error messages.
    """

    prefix: str
    factory: str | ProviderFactory
    package: str
    description: str
    example: str

    def load_factory(self) -> ProviderFactory:
        """The factory, importing its module now if it was given as ``"module:attr"``."""
        if not isinstance(self.factory, str):
            return self.factory
        module_name, _, attr = self.factory.partition(":")
        try:
            module = importlib.import_module(module_name)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] == self.package.replace("-", "_").lower():
                raise MissingDependency(
                    f"model prefix '{self.prefix}/' needs the '{self.package}' package: "
                    f"pip install {self.package}"
                ) from exc
            raise
        factory: ProviderFactory = getattr(module, attr)
        return factory


@dataclass(frozen=True)
class KindListing:
    """One prefix as ``relgap models`` shows it: its kind, or why its plugin failed to load.

    ``source`` says where it came from (the installed distribution, or ``registered``).
    """

    prefix: str
    source: str
    kind: ProviderKind | None
    error: str | None = None


_registered: dict[str, ProviderKind] = {}  # register_provider, in this process


def register_provider(kind: ProviderKind) -> ProviderKind:
    """Make ``kind`` known to this process; it replaces any kind with the same prefix."""
    _registered[kind.prefix] = kind
    return kind


def _entry_points() -> dict[str, EntryPoint]:
    found: dict[str, EntryPoint] = {}
    for ep in entry_points(group=GROUP):
        found.setdefault(ep.name, ep)
    return found


def _owner(ep: EntryPoint) -> str:
    dist = getattr(ep, "dist", None)
    return f"{dist.name} {dist.version}" if dist is not None else "unknown distribution"


def _ep_source(ep: EntryPoint) -> str:
    return f"{_owner(ep)} ({ep.value})"


@cache
def _load_entry_point(ep: EntryPoint) -> ProviderKind:
    where = f"provider plugin '{ep.name}' ({_ep_source(ep)})"
    try:
        kind = ep.load()
    except Exception as exc:  # a broken plugin must not take the others down
        raise ConfigError(f"{where} failed to load: {type(exc).__name__}: {exc}") from exc
    if not isinstance(kind, ProviderKind):
        raise ConfigError(f"{where} gives a {type(kind).__name__}, not a ProviderKind")
    if kind.prefix != ep.name:
        raise ConfigError(f"{where} declares prefix '{kind.prefix}': rename one so they match")
    return kind


def prefixes() -> list[str]:
    """Every known prefix: registered ones, then installed plugins (relgap's own included)."""
    return _prefixes(_entry_points())


def _prefixes(eps: dict[str, EntryPoint]) -> list[str]:
    return list(dict.fromkeys([*_registered, *eps]))


def list_kinds() -> list[KindListing]:
    """Every known prefix with its kind; a plugin that fails to load is listed with its error."""
    eps = _entry_points()  # one scan of the installed distributions
    listings = []
    for prefix in _prefixes(eps):
        if prefix in _registered:
            listings.append(KindListing(prefix, "registered", _registered[prefix]))
            continue
        try:
            kind = _load_entry_point(eps[prefix])
        except ConfigError as exc:
            listings.append(KindListing(prefix, _owner(eps[prefix]), None, str(exc)))
        else:
            listings.append(KindListing(prefix, _owner(eps[prefix]), kind))
    return listings


def get_kind(prefix: str) -> ProviderKind | None:
    """The kind for ``prefix``, or None when nothing declares it."""
    if prefix in _registered:
        return _registered[prefix]
    ep = _entry_points().get(prefix)
    return _load_entry_point(ep) if ep is not None else None


def _unknown(name: str) -> ConfigError:
    eps = _entry_points()
    known = _prefixes(eps)
    owners = {getattr(getattr(ep, "dist", None), "name", None) for ep in eps.values()}
    if "relgap" not in owners:
        return ConfigError(
            f"unknown model '{name}': relgap's installed metadata declares no "
            f"'{GROUP}' entry points (an install older than them?): run pip install -e . again"
        )
    listed = ", ".join(f"{p}/..." for p in known)
    return ConfigError(f"unknown model '{name}': a model name starts with one of {listed}")


def split_model(name: str) -> tuple[ProviderKind, str]:
    """The kind a model name's prefix picks, and the rest of the name."""
    prefix, sep, rest = name.partition("/")
    kind = get_kind(prefix) if sep and rest else None
    if kind is None:
        raise _unknown(name)
    return kind, rest


def get_provider(name: str, **options: Any) -> Provider:
    """A provider for ``name``. ``options`` (e.g. ``base_url``) go to the kind's factory."""
    kind, _ = split_model(name)
    return kind.load_factory()(name, **options)
