"""Saved baselines: a named copy of a run directory to gate later runs against."""

from __future__ import annotations

import os
import re
import shutil
from pathlib import Path

from relgap.errors import ConfigError
from relgap.store.files import store_error
from relgap.store.rundir import MANIFEST, TRIALS, RunDir

DEFAULT_HOME = Path(".relgap") / "baselines"
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$")


def baselines_home() -> Path:
    """Where saved baselines live: ``$RELGAP_BASELINES`` or ``.relgap/baselines``."""
    return Path(os.environ.get("RELGAP_BASELINES", DEFAULT_HOME))


def save_baseline(run_dir: str | Path, name: str, home: Path | None = None) -> Path:
    """Copy ``run_dir``'s manifest and trial log to ``<home>/<name>`` (replacing it)."""
    if not _NAME.match(name):
        raise ConfigError(f"baseline name '{name}' must be letters, digits, '.', '_' or '-'")
    source = RunDir.open(run_dir)
    source.records()  # refuse to save a corrupt run
    target = (home or baselines_home()) / name
    tmp = target.with_name(f".{name}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    try:
        tmp.mkdir(parents=True)
        for item in (MANIFEST, TRIALS):
            shutil.copy2(source.path / item, tmp / item)
        shutil.rmtree(target, ignore_errors=True)
        tmp.rename(target)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)  # never listed as a baseline
        raise store_error(target, exc, "save the baseline") from None
    return target


def resolve_baseline(value: str, home: Path | None = None) -> Path:
    """A run directory path, or the name of a saved baseline."""
    path = Path(value)
    if (path / MANIFEST).is_file():
        return path
    saved = (home or baselines_home()) / value
    if (saved / MANIFEST).is_file():
        return saved
    raise ConfigError(
        f"baseline '{value}' is neither a run directory nor a saved baseline in {home or baselines_home()}"
    )


def list_baselines(home: Path | None = None) -> list[str]:
    """The names of the saved baselines (in ``home``, default :func:`baselines_home`)."""
    root = home or baselines_home()
    return (
        sorted(
            p.name
            for p in root.glob("*")
            if not p.name.startswith(".") and (p / MANIFEST).is_file()
        )
        if root.is_dir()
        else []
    )
