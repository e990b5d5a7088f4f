"""Bring results from other harnesses into a relgap run directory.

* :func:`import_tau_bench` reads a τ-bench results file (the JSON list of
  ``EnvRunResult`` that ``tau_bench/run.py`` writes: ``task_id``, ``trial``, ``reward``,
  ``info``, ``traj``).
* :func:`import_csv` reads one row per trial: ``task_id, trial, passed`` and optionally
  ``model, variant, family, suite, tier, score, outcome, cost_usd, latency_s,
  reasoning_effort``.

Every record is checked before anything is written, so a malformed file leaves no
half-imported run behind; the error names the file, the record (or line) and the key.
Fields the source lacks get neutral values: stop reason ``completed``, ``simulated``
False, ``family`` = model, seed 0, tier 1, timestamps of the import.
"""

from __future__ import annotations

import csv
import json
import math
import os
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar, overload

from pydantic import ValidationError

from relgap.errors import ConfigError
from relgap.records import Outcome, StopReason, TrialRecord, utc_now

__all__ = ["ImportResult", "import_csv", "import_tau_bench"]

TAU_SUCCESS_TOLERANCE = 1e-6  # tau-bench counts reward within 1e-6 of 1 as success
CSV_REQUIRED = ("task_id", "trial", "passed")
CSV_OPTIONAL = (
    "model", "variant", "family", "suite", "tier", "score", "outcome", "cost_usd",
    "latency_s", "reasoning_effort",
)  # fmt: skip
_TRUE = {"1", "true", "t", "yes", "y", "pass", "passed"}
_FALSE = {"0", "false", "f", "no", "n", "fail", "failed"}
_T = TypeVar("_T")


@dataclass(frozen=True)
class ImportResult:
    """What an import wrote."""

    out_dir: Path
    run_id: str
    n_trials: int
    n_tasks: int
    n_error_trials: int
    models: tuple[str, ...]


def _record(where: str, fields: dict[str, Any]) -> TrialRecord:
    try:
        return TrialRecord(**fields)
    except ValidationError as exc:
        err = exc.errors()[0]
        key = ".".join(str(p) for p in err["loc"])
        raise ConfigError(f"{where}: key '{key}': {err['msg']}") from None


def _base_fields(run_id: str, now: str) -> dict[str, Any]:
    return {
        "run_id": run_id,
        "tier": 1,
        "variant": "default",
        "simulated": False,
        "seed": 0,
        "stop_reason": StopReason.COMPLETED,
        "started_at": now,
        "finished_at": now,
    }


def _write(
    out_dir: str | os.PathLike[str], records: list[TrialRecord], source: dict[str, Any]
) -> ImportResult:
    from relgap.store import RunDir

    if not records:
        raise ConfigError(f"{source['path']}: no trials to import")
    run_id = records[0].run_id
    models = tuple(sorted({r.model for r in records}))
    tasks = sorted({r.task_id for r in records})
    now = utc_now("seconds")
    manifest = {
        "run_id": run_id,
        "config": {
            "suite": records[0].suite if len({r.suite for r in records}) == 1 else None,
            "models": list(models),
            "trials": 1 + max(r.trial for r in records),
            "seed": 0,
        },
        "imported_from": source,
        "task_ids": tasks,
        "simulated_models": [],
        "started_at": now,
        "finished_at": now,
        "status": "complete",
    }
    rd = RunDir.create(out_dir, manifest | {"status": "importing"})
    try:
        with rd:
            for record in records:
                rd.append(record)
        rd.update_manifest(status="complete")
    except BaseException:
        rd.remove_files()  # a half-written import is not left behind as a run
        raise
    n_err = sum(r.outcome is Outcome.ERROR for r in records)
    return ImportResult(Path(out_dir), run_id, len(records), len(tasks), n_err, models)


def _check_unique(records: Iterable[tuple[str, TrialRecord]]) -> None:
    seen: dict[tuple[str, str, str, int], str] = {}
    for where, r in records:
        if r.key in seen:
            raise ConfigError(
                f"{where}: duplicate trial (model {r.model!r}, variant {r.variant!r}, task "
                f"{r.task_id!r}, trial {r.trial}); first seen at {seen[r.key]}"
            )
        seen[r.key] = where


# -- tau-bench ------------------------------------------------------------------------


def _read_json_list(path: Path) -> list[object]:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise ConfigError(f"{path}: not UTF-8 text (byte {exc.start})") from None
    try:
        data = json.loads(text)
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    if not isinstance(data, list):
        raise ConfigError(f"{path}: expected a JSON list of results, got {type(data).__name__}")
    return data


def _require(item: dict[str, Any], key: str, kinds: tuple[type[_T], ...], where: str) -> _T:
    if key not in item:
        raise ConfigError(f"{where}: missing key '{key}'")
    value = item[key]
    if isinstance(value, bool) or not isinstance(value, kinds):
        wanted = " or ".join(k.__name__ for k in kinds)
        raise ConfigError(f"{where}: key '{key}': expected {wanted}, got {value!r}")
    return value


def _tau_checks(info: dict[str, Any]) -> list[str]:
    # tau-bench's reward_info says which part of the reward failed, when it is there.
    reward_info = info.get("reward_info")
    inner = reward_info.get("info") if isinstance(reward_info, dict) else None
    if not isinstance(inner, dict):
        return []
    checks = []
    if isinstance(inner.get("r_actions"), int | float) and inner["r_actions"] < 1:
        checks.append("final_state")
    if isinstance(inner.get("r_outputs"), int | float) and inner["r_outputs"] < 1:
        checks.append("outputs")
    return checks


def _tau_record(
    item: object, where: str, base: dict[str, Any], errors_as_failures: bool
) -> TrialRecord:
    if not isinstance(item, dict):
        raise ConfigError(f"{where}: expected an object, got {type(item).__name__}")
    task_id = _require(item, "task_id", (int, str), where)
    trial = _require(item, "trial", (int,), where)
    reward = float(_require(item, "reward", (int, float), where))
    if not math.isfinite(reward):
        raise ConfigError(f"{where}: key 'reward': not a finite number ({reward!r})")
    info = item.get("info") or {}
    traj = item.get("traj") or []
    if not isinstance(info, dict):
        raise ConfigError(f"{where}: key 'info': expected an object")
    if not isinstance(traj, list) or not all(isinstance(m, dict) for m in traj):
        raise ConfigError(f"{where}: key 'traj': expected a list of message objects")
    passed = abs(reward - 1.0) < TAU_SUCCESS_TOLERANCE
    fields = base | {
        "task_id": str(task_id),
        "trial": trial,
        "passed": passed,
        "outcome": Outcome.PASS if passed else Outcome.FAIL,
        "score": min(max(reward, 0.0), 1.0),
        "failed_checks": [] if passed else _tau_checks(info),
        "steps": sum(1 for m in traj if m.get("role") == "assistant"),
        "transcript": traj,
    }
    cost = info.get("total_cost", info.get("agent_cost"))
    if isinstance(cost, int | float) and not isinstance(cost, bool):
        fields["cost_usd"] = float(cost)
    if info.get("error") and not errors_as_failures:
        # tau-bench records an exception in the agent or user loop as reward 0 with
        # info["error"]; relgap treats it as an infrastructure error, left out and counted.
        fields |= {
            "outcome": Outcome.ERROR,
            "passed": False,
            "stop_reason": StopReason.INFRA_ERROR,
            "error": str(info["error"]).splitlines()[0][:500] if str(info["error"]) else "error",
            "error_kind": "exception",
        }
    return _record(where, fields)


def import_tau_bench(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    model: str = "tau-bench",
    suite: str = "tau-bench",
    *,
    errors_as_failures: bool = False,
) -> ImportResult:
    """Import a τ-bench results file into a new relgap run directory.

    A trial passes when its reward is within 1e-6 of 1 (τ-bench's own rule). A result whose
    ``info`` holds an ``error`` (τ-bench caught an exception and scored it 0) becomes an
    error trial, left out of the statistics and counted, unless ``errors_as_failures``.

    Args:
        path: the results JSON (a list of objects with ``task_id``, ``trial``, ``reward``,
            ``info``, ``traj``).
        out_dir: the run directory to create (must not hold a run yet).
        model: model name to record (τ-bench files do not name it).
        suite: suite name, e.g. ``"tau-retail"``.
        errors_as_failures: score τ-bench exceptions as failures, as τ-bench does.

    Raises:
        ConfigError: unreadable or malformed input (file, record index and key named).
        StoreError: ``out_dir`` already holds a run.
    """
    path = Path(path)
    items = _read_json_list(path)
    base = _base_fields(uuid.uuid4().hex[:12], utc_now("seconds")) | {
        "model": model,
        "family": model,
        "suite": suite,
    }
    located = [
        (f"{path}: record {i}", _tau_record(item, f"{path}: record {i}", base, errors_as_failures))
        for i, item in enumerate(items)
    ]
    _check_unique(located)
    source = {"format": "tau-bench", "path": str(path.resolve()), "records": len(items)}
    return _write(out_dir, [r for _, r in located], source)


# -- CSV ------------------------------------------------------------------------------


def _parse_bool(value: str, where: str, key: str) -> bool:
    text = value.strip().lower()
    if text in _TRUE:
        return True
    if text in _FALSE:
        return False
    raise ConfigError(f"{where}: column '{key}': cannot read {value!r} as true/false")


@overload
def _parse_number(value: str, where: str, key: str) -> float: ...
@overload
def _parse_number(value: str, where: str, key: str, kind: type[int]) -> int: ...
def _parse_number(value: str, where: str, key: str, kind: type[float] = float) -> float:
    try:
        number = kind(value.strip())
    except ValueError:
        raise ConfigError(f"{where}: column '{key}': {value!r} is not a number") from None
    if kind is float and not math.isfinite(number):
        raise ConfigError(f"{where}: column '{key}': {value!r} is not a finite number")
    return number


def _csv_fields(row: dict[str, str], where: str, base: dict[str, Any]) -> dict[str, Any]:
    def text(key: str) -> str:
        return (row.get(key) or "").strip()

    for key in CSV_REQUIRED:
        if not text(key):
            raise ConfigError(f"{where}: column '{key}' is empty")
    passed = _parse_bool(row["passed"], where, "passed")
    fields = base | {
        "task_id": text("task_id"),
        "trial": _parse_number(row["trial"], where, "trial", int),
        "passed": passed,
        "outcome": Outcome.PASS if passed else Outcome.FAIL,
        "score": 1.0 if passed else 0.0,
    }
    for key in ("model", "variant", "suite", "reasoning_effort"):
        if text(key):
            fields[key] = text(key)
    fields["family"] = text("family") or fields["model"]
    if text("tier"):
        fields["tier"] = _parse_number(row["tier"], where, "tier", int)
    if text("score"):
        fields["score"] = _parse_number(row["score"], where, "score")
    for key in ("cost_usd", "latency_s"):
        if text(key):
            fields[key] = _parse_number(row[key], where, key)
    outcome = text("outcome").lower()
    if outcome:
        if outcome not in {o.value for o in Outcome}:
            raise ConfigError(f"{where}: column 'outcome': {outcome!r} is not pass, fail or error")
        if outcome == "error":
            fields |= {"outcome": Outcome.ERROR, "passed": False,
                       "stop_reason": StopReason.INFRA_ERROR, "error": "imported error trial"}  # fmt: skip
        elif (outcome == "pass") != passed:
            raise ConfigError(f"{where}: column 'outcome' says {outcome} but 'passed' disagrees")
    return fields


def import_csv(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    model: str = "imported",
    suite: str = "imported",
) -> ImportResult:
    """Import a CSV with one row per trial into a new relgap run directory.

    Columns: ``task_id``, ``trial`` (0, 1, ...) and ``passed`` (true/false, 1/0, yes/no,
    pass/fail) are required; ``model``, ``variant``, ``family``, ``suite``, ``tier``,
    ``score`` (0-1, default 1 or 0), ``outcome`` (pass/fail/error; ``error`` rows are error
    trials), ``cost_usd``, ``latency_s`` and ``reasoning_effort`` are optional. Other
    columns are refused, so a misspelt header fails loudly.

    Args:
        path: the CSV file (UTF-8, a BOM is fine).
        out_dir: the run directory to create.
        model: model name used where the file has no ``model`` column (or leaves it empty).
        suite: suite name used where the file has no ``suite`` column (or leaves it empty).

    Raises:
        ConfigError: unreadable or malformed input (file, line and column named).
        StoreError: ``out_dir`` already holds a run.
    """
    path = Path(path)
    base = _base_fields(uuid.uuid4().hex[:12], utc_now("seconds")) | {
        "model": model,
        "suite": suite,
    }
    located: list[tuple[str, TrialRecord]] = []
    try:
        with path.open(newline="", encoding="utf-8-sig") as fh:
            reader = csv.DictReader(fh)
            header = [h.strip() for h in reader.fieldnames or []]
            missing = [c for c in CSV_REQUIRED if c not in header]
            if missing:
                raise ConfigError(f"{path}: line 1: missing column(s) {', '.join(missing)}")
            unknown = [c for c in header if c not in (*CSV_REQUIRED, *CSV_OPTIONAL)]
            if unknown:
                allowed = ", ".join((*CSV_REQUIRED, *CSV_OPTIONAL))
                raise ConfigError(
                    f"{path}: line 1: unknown column(s) {unknown}; allowed: {allowed}"
                )
            reader.fieldnames = header
            for row in reader:
                where = f"{path}: line {reader.line_num}"
                if None in row:
                    raise ConfigError(f"{where}: more fields than columns in the header")
                located.append((where, _record(where, _csv_fields(row, where, base))))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except (csv.Error, UnicodeDecodeError) as exc:
        raise ConfigError(f"{path}: not a readable CSV file ({exc})") from None
    _check_unique(located)
    source = {"format": "csv", "path": str(path.resolve()), "records": len(located)}
    return _write(out_dir, [r for _, r in located], source)
