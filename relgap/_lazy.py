"""Lazy re-exports for package ``__init__`` modules (PEP 562 module ``__getattr__``).

A package lists its public names and the module each lives in; a name is imported on first
use and then cached on the package. Passing through a package (``relgap``, ``relgap.report``,
``relgap.server``) to reach a light module then costs nothing, so ``relgap --help`` does not
load pandas, scipy, FastAPI or a vendor SDK it never uses.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Mapping


def attribute(package: str, exports: Mapping[str, str], name: str) -> object:
    """``package.name``, imported from the module ``exports[name]`` names."""
    module = exports.get(name)
    if module is None:
        raise AttributeError(f"module {package!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    setattr(sys.modules[package], name, value)  # the next look-up is an ordinary attribute
    return value


def names(package: str, exports: Mapping[str, str]) -> list[str]:
    """What ``dir(package)`` lists: what it holds now and what it exports lazily."""
    return sorted({*vars(sys.modules[package]), *exports})
