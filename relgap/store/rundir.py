"""A run directory: ``manifest.json`` plus an append-only ``trials.jsonl``.

Each trial is one JSON line, written and flushed as soon as the trial ends, so a run killed at
any moment (SIGINT or SIGKILL) loses at most the trials in flight. A half-written last line is
detected on the next open, cut off with a warning, and the run resumes from what is intact.
The manifest is replaced atomically (write to a temp file, then rename).
"""

from __future__ import annotations

import json
import os
import warnings
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from relgap.errors import StoreError
from relgap.records import TrialRecord

MANIFEST = "manifest.json"
TRIALS = "trials.jsonl"
LOCK = ".lock"


class TruncatedLogWarning(UserWarning):
    """The trial log ended in a half-written line (a run was killed mid-write)."""


def _write_json_atomic(path: Path, data: dict[str, Any]) -> None:
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(json.dumps(data, indent=2, sort_keys=True, default=str) + "\n")
    os.replace(tmp, path)


class RunDir:
    """Read and append to one run directory. One writer at a time."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fh: Any = None
        self._closed = False

    # -- creation and the manifest ------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], manifest: dict[str, Any]) -> RunDir:
        """Make a new run directory (an empty existing folder is fine)."""
        rd = cls(path)
        if rd.path.exists() and not rd.path.is_dir():
            raise StoreError(f"{rd.path} exists and is not a directory")
        if (rd.path / MANIFEST).exists():
            raise StoreError(f"{rd.path} already holds a run; resume it or choose another --out")
        rd.path.mkdir(parents=True, exist_ok=True)
        _write_json_atomic(rd.path / MANIFEST, manifest)
        (rd.path / TRIALS).touch()
        return rd

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> RunDir:
        """Open an existing run directory, with a one-line error if it is not one."""
        rd = cls(path)
        if not rd.path.is_dir():
            raise StoreError(f"run directory {rd.path} does not exist")
        if not (rd.path / MANIFEST).is_file():
            raise StoreError(f"{rd.path} is not a relgap run directory (no {MANIFEST})")
        rd.manifest()  # validate early
        return rd

    def exists(self) -> bool:
        return (self.path / MANIFEST).is_file()

    def manifest(self) -> dict[str, Any]:
        path = self.path / MANIFEST
        try:
            data = json.loads(path.read_text())
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise StoreError(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise StoreError(f"{path}: the manifest must be a JSON object")
        return data

    def update_manifest(self, **changes: Any) -> dict[str, Any]:
        data = self.manifest()
        data.update(changes)
        _write_json_atomic(self.path / MANIFEST, data)
        return data

    # -- the trial log --------------------------------------------------------------------
    def _repair_tail(self) -> None:
        """Cut a half-written last line left by a killed writer."""
        path = self.path / TRIALS
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb+") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) == b"\n":
                return
            data = path.read_bytes()
            keep = data.rfind(b"\n") + 1
            fh.truncate(keep)
        warnings.warn(
            f"{path}: dropped a half-written last line ({len(data) - keep} bytes) "
            "left by an interrupted run",
            TruncatedLogWarning,
            stacklevel=2,
        )

    def lock(self) -> Any:
        """Take the run directory's writer lock (released when the returned file closes).

        Two ``relgap run`` processes on one directory would write the same trials twice.
        """
        import fcntl

        self.path.mkdir(parents=True, exist_ok=True)
        handle = (self.path / LOCK).open("a")
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise StoreError(f"another relgap process is writing to {self.path}") from None
        return handle

    def writer_alive(self) -> bool:
        """Does a live process hold the writer lock? (The kernel drops a dead one's lock.)"""
        import fcntl

        try:
            handle = (self.path / LOCK).open("r")
        except FileNotFoundError:
            return False
        with handle:
            try:
                fcntl.flock(handle, fcntl.LOCK_SH | fcntl.LOCK_NB)
            except BlockingIOError:
                return True
            fcntl.flock(handle, fcntl.LOCK_UN)
        return False

    def status(self) -> str | None:
        """The run's status: the manifest's, except that "running" with no live writer
        (a ``kill -9``, a lost machine) is "interrupted". Reading never rewrites it."""
        status = self.manifest().get("status")
        if status == "running" and not self.writer_alive():
            return "interrupted"
        return None if status is None else str(status)

    def append(self, record: TrialRecord) -> None:
        """Append one trial and flush it to the OS before returning."""
        if self._closed:
            raise StoreError(f"{self.path}: the trial log was closed; no more trials are written")
        if self._fh is None:
            self._repair_tail()
            self._fh = (self.path / TRIALS).open("a", encoding="utf-8")
        self._fh.write(record.model_dump_json() + "\n")
        self._fh.flush()

    def close(self) -> None:
        self._closed = True
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> RunDir:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def iter_raw(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, parsed object) for every complete line; a torn tail is skipped."""
        path = self.path / TRIALS
        if not path.exists():
            return
        with path.open("rb") as fh:
            data = fh.read()
        lines = data.split(b"\n")
        if lines and lines[-1]:
            warnings.warn(
                f"{path}: ignoring a half-written last line left by an interrupted run",
                TruncatedLogWarning,
                stacklevel=2,
            )
        for lineno, line in enumerate(lines[:-1], start=1):
            if not line.strip():
                continue
            try:
                yield lineno, json.loads(line)
            except json.JSONDecodeError as exc:
                raise StoreError(f"{path}: line {lineno}: invalid JSON ({exc.msg})") from exc

    def records(self) -> list[TrialRecord]:
        """Every trial, the latest record per (model, variant, task, trial) winning.

        A trial is recorded twice only when an ``error`` trial was re-run on resume; the
        later record supersedes it.
        """
        latest: dict[tuple[str, str, str, int], TrialRecord] = {}
        path = self.path / TRIALS
        for lineno, raw in self.iter_raw():
            try:
                record = TrialRecord.model_validate(raw)
            except ValidationError as exc:
                err = exc.errors()[0]
                where = ".".join(str(p) for p in err["loc"])
                raise StoreError(f"{path}: line {lineno}: key '{where}': {err['msg']}") from exc
            latest[record.key] = record
        return list(latest.values())
