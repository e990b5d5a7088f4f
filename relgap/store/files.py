"""The file operations a run directory is built on: atomic JSON, errors that name the path.

:func:`write_json_atomic` replaces a file without ever publishing a half-written one, and
:func:`store_error` turns an ``OSError`` into one line a user can act on (a full disk says so).
"""

from __future__ import annotations

import errno
import json
import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any

from relgap.errors import StoreError


def store_error(path: Path, exc: OSError, doing: str = "write") -> StoreError:
    """An OSError on a run directory as one line; a full disk says so."""
    if exc.errno == errno.ENOSPC:
        return StoreError(f"cannot {doing} {path}: disk full (no space left on device)")
    reason = exc.strerror or str(exc)
    if isinstance(exc, IsADirectoryError) or (doing != "create" and _is_dir(path)):
        reason = "it is a directory, not a file"
    return StoreError(f"cannot {doing} {path}: {reason}")


def _is_dir(path: Path) -> bool:
    try:
        return path.is_dir()
    except OSError:
        return False


def write_json_atomic(path: Path, data: Mapping[str, Any]) -> None:
    """Write ``data`` as JSON to a temp file, then rename it over ``path``.

    On failure the temp file is removed and the old file is untouched. A full disk falls
    back to rewriting the file in place when the new text fits in the blocks it already
    holds (so a status can still say why a run ended).
    """
    text = json.dumps(data, indent=2, sort_keys=True, allow_nan=False) + "\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    try:
        with tmp.open("w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())  # the rename must never publish an empty manifest
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        if exc.errno == errno.ENOSPC and _rewrite_in_place(path, text.encode()):
            return
        raise store_error(path, exc) from None


def _rewrite_in_place(path: Path, data: bytes) -> bool:
    try:
        if not path.is_file() or len(data) > path.stat().st_blocks * 512:
            return False
        with path.open("r+b") as fh:
            fh.write(data)
            fh.truncate()
        return True
    except OSError:
        return False
