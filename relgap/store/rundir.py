"""A run directory: ``manifest.json`` plus an append-only ``trials.jsonl``.

Each trial is one JSON line, written and flushed as soon as the trial ends, so a run killed at
any moment (SIGINT or SIGKILL) loses at most the trials in flight. A half-written last line is
detected on the next open, cut off with a warning, and the run resumes from what is intact.
The manifest is replaced atomically (write to a temp file, then rename).
"""

from __future__ import annotations

import contextlib
import json
import os
import warnings
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import IO, Any, TypedDict, Unpack

from pydantic import ValidationError

from relgap.errors import StoreError
from relgap.records import TrialRecord
from relgap.store.files import store_error, write_json_atomic

MANIFEST = "manifest.json"
TRIALS = "trials.jsonl"
LOCK = ".lock"


class ManifestFields(TypedDict, total=False):
    """The keys of ``manifest.json`` besides ``run_id``, as relgap writes them.

    A run writes ``config`` (its ``RunConfig.manifest_view()``), the suite's version and
    source, the user simulator and package versions; an import writes ``imported_from``.
    :meth:`RunDir.update_manifest` takes these keys, so a misspelt one fails type checking.
    On load only the keys of ``_MANIFEST_TYPES`` have their types checked, and
    :meth:`RunDir.manifest` returns a plain dict.
    """

    config: dict[str, Any]
    suite_version: str
    suite_source: str
    task_ids: list[str]
    simulated_models: list[str]
    user_simulator: str
    versions: dict[str, str]
    imported_from: dict[str, Any]
    started_at: str
    finished_at: str
    resumed_at: list[str]
    status: str


class TruncatedLogWarning(UserWarning):
    """The trial log ended in a half-written line (a run was killed mid-write)."""


def _is_record(line: bytes) -> bool:
    try:
        TrialRecord.model_validate_json(line)
    except ValueError:  # pydantic's ValidationError is a ValueError
        return False
    return True


_MANIFEST_TYPES: dict[str, tuple[type, str]] = {
    "run_id": (str, "a string"),
    "config": (dict, "an object"),
    "task_ids": (list, "a list of task ids"),
    "resumed_at": (list, "a list"),
    "simulated_models": (list, "a list"),
    "status": (str, "a string"),
}


def _check_manifest(path: Path, data: dict[str, Any]) -> None:
    """The fields relgap reads must have their types: one line naming the key if not."""
    if "run_id" not in data:
        raise StoreError(f"{path}: key 'run_id' is missing")
    for key, (kind, what) in _MANIFEST_TYPES.items():
        if key in data and not isinstance(data[key], kind):
            raise StoreError(f"{path}: key '{key}' must be {what}, not {data[key]!r:.40}")
    if not all(isinstance(t, str) for t in data.get("task_ids", [])):
        raise StoreError(f"{path}: key 'task_ids' must be a list of task ids (strings)")


class RunDir:
    """Read and append to one run directory. One writer at a time."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        """Point at ``path`` (nothing is created); an unusable path fails now, in one line."""
        self.path = Path(path)
        self._fh: IO[bytes] | None = None
        self._closed = False
        try:  # a name too long, a loop of links...: one line now, not a traceback later
            self.path.stat()
        except (FileNotFoundError, NotADirectoryError):
            pass
        except OSError as exc:
            raise store_error(self.path, exc, "use") from None

    # -- creation and the manifest ------------------------------------------------------
    @classmethod
    def create(cls, path: str | os.PathLike[str], manifest: Mapping[str, Any]) -> RunDir:
        """Make a new run directory (an empty existing folder is fine)."""
        rd = cls(path)
        if rd.path.exists() and not rd.path.is_dir():
            raise StoreError(f"{rd.path} exists and is not a directory")
        if (rd.path / MANIFEST).exists():
            raise StoreError(f"{rd.path} already holds a run; resume it or choose another --out")
        rd.check_no_orphan_trials()
        try:
            rd.path.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise store_error(rd.path, exc, "create") from None
        write_json_atomic(rd.path / MANIFEST, manifest)
        try:
            (rd.path / TRIALS).touch()
        except OSError as exc:
            raise store_error(rd.path / TRIALS, exc) from None
        return rd

    def remove_files(self) -> None:
        """Delete what :meth:`create` wrote (and the directory, if that leaves it empty)."""
        for name in (MANIFEST, TRIALS, MANIFEST + ".tmp"):
            with contextlib.suppress(OSError):
                (self.path / name).unlink()
        with contextlib.suppress(OSError):
            self.path.rmdir()

    def check_no_orphan_trials(self) -> None:
        """Refuse a directory holding trials but no manifest.

        Starting afresh there would run (and pay for) every trial again under a new run id.
        """
        log = self.path / TRIALS
        if log.is_dir():
            raise StoreError(f"cannot write {log}: it is a directory, not a file")
        if log.is_file() and log.stat().st_size > 0 and not (self.path / MANIFEST).exists():
            raise StoreError(
                f"{self.path} holds recorded trials but no {MANIFEST}: restore the manifest to "
                "resume this run, or choose another --out"
            )

    @classmethod
    def open(cls, path: str | os.PathLike[str]) -> RunDir:
        """Open an existing run directory, with a one-line error if it is not one."""
        rd = cls(path)
        if not rd.path.is_dir():
            raise StoreError(f"run directory {rd.path} does not exist")
        if not (rd.path / MANIFEST).is_file():
            raise StoreError(f"{rd.path} is not a relgap run directory (no {MANIFEST})")
        rd.manifest()  # validate early
        rd.check_no_orphan_trials()  # trials.jsonl must be a file
        return rd

    def exists(self) -> bool:
        """Whether the directory holds a run (a ``manifest.json``)."""
        return (self.path / MANIFEST).is_file()

    def manifest(self) -> dict[str, Any]:
        """The manifest, read afresh, with the types of the keys relgap reads checked."""
        path = self.path / MANIFEST
        try:
            data = json.loads(path.read_text())
        except OSError as exc:
            raise StoreError(f"cannot read {path}: {exc.strerror}") from exc
        except json.JSONDecodeError as exc:
            raise StoreError(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from exc
        if not isinstance(data, dict):
            raise StoreError(f"{path}: the manifest must be a JSON object")
        _check_manifest(path, data)
        return data

    def update_manifest(self, **changes: Unpack[ManifestFields]) -> dict[str, Any]:
        """Rewrite the manifest (atomically) with ``changes`` applied; return the new one."""
        data = self.manifest()
        data.update(changes)
        write_json_atomic(self.path / MANIFEST, data)
        return data

    # -- the trial log --------------------------------------------------------------------
    def _repair_tail(self) -> None:
        """Cut a half-written last line left by a killed writer.

        A last line that is a complete record missing only its newline is a record: it is kept.
        """
        path = self.path / TRIALS
        if not path.exists() or path.stat().st_size == 0:
            return
        with path.open("rb+") as fh:
            fh.seek(-1, os.SEEK_END)
            if fh.read(1) == b"\n":
                return
            data = path.read_bytes()
            keep = data.rfind(b"\n") + 1
            if _is_record(data[keep:]):
                fh.write(b"\n")
                return
            fh.truncate(keep)
        warnings.warn(
            f"{path}: dropped a half-written last line ({len(data) - keep} bytes) "
            "left by an interrupted run",
            TruncatedLogWarning,
            stacklevel=2,
        )

    def lock(self) -> IO[str]:
        """Take the run directory's writer lock (released when the returned file closes).

        Two ``relgap run`` processes on one directory would write the same trials twice.
        """
        import fcntl

        if self.path.exists() and not self.path.is_dir():
            raise StoreError(f"{self.path} exists and is not a directory")
        try:
            self.path.mkdir(parents=True, exist_ok=True)
            handle = (self.path / LOCK).open("a")
        except OSError as exc:
            raise store_error(self.path, exc, "create") from None
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            handle.close()
            raise StoreError(f"another relgap process is writing to {self.path}") from None
        return handle

    def open_log(self) -> None:
        """Open the trial log for appending (repairing a torn tail first).

        The runner calls this before the first trial, so an unwritable log fails before
        anything is paid for.
        """
        if self._fh is not None:
            return
        path = self.path / TRIALS
        try:
            self._repair_tail()
            self._fh = path.open("ab")
        except OSError as exc:
            raise store_error(path, exc) from None

    def writer_alive(self) -> bool:
        """Whether a live process holds the writer lock (the kernel drops a dead one's lock)."""
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
        """The run's status: the manifest's, or "interrupted" for a run that died running.

        A manifest saying "running" with no live writer (a ``kill -9``, a lost machine) is
        reported as "interrupted". Reading never rewrites it.
        """
        status = self.manifest().get("status")
        if status == "running" and not self.writer_alive():
            return "interrupted"
        return None if status is None else str(status)

    def append(self, record: TrialRecord) -> None:
        """Append one trial and flush it to the OS before returning.

        A trial of a real (paid) model is also synced to disk, so it survives a power loss,
        not only a crash. If the write fails (a full disk), the log is cut back to its last
        complete record and StoreError raised.
        """
        if self._closed:
            raise StoreError(f"{self.path}: the trial log was closed; no more trials are written")
        self.open_log()
        fh = self._fh
        assert fh is not None  # open_log() opened it or raised
        line = (record.model_dump_json() + "\n").encode()
        start = fh.tell()
        try:
            fh.write(line)
            fh.flush()
            if not record.simulated:  # a simulated trial is free to re-run: spare the fsync
                os.fsync(fh.fileno())
        except OSError as exc:
            self._cut_back(start)
            raise store_error(self.path / TRIALS, exc) from None

    def _cut_back(self, size: int) -> None:
        fh, self._fh = self._fh, None
        self._closed = True
        with contextlib.suppress(OSError):
            if fh is not None:
                fh.close()  # its buffer may still hold part of the line: drop it with the handle
        with contextlib.suppress(OSError):
            os.truncate(self.path / TRIALS, size)

    def close(self) -> None:
        """Close the trial log; later appends raise StoreError."""
        self._closed = True
        if self._fh is not None:
            self._fh.close()
            self._fh = None

    def __enter__(self) -> RunDir:
        """Use the run directory as a context manager that closes the trial log on exit."""
        return self

    def __exit__(self, *exc: object) -> None:
        """Close the trial log."""
        self.close()

    def iter_raw(self) -> Iterator[tuple[int, dict[str, Any]]]:
        """(line number, parsed object) for every complete line; a torn tail is skipped."""
        path = self.path / TRIALS
        if not path.exists():
            return
        try:
            data = path.read_bytes()
        except OSError as exc:
            raise store_error(path, exc, "read") from None
        lines = data.split(b"\n")
        if lines and lines[-1] and _is_record(lines[-1]):
            lines.append(b"")  # a complete record missing only its newline is a record
        elif lines and lines[-1]:
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
