"""Import τ²-bench results (``tau2 run`` output) into a relgap run directory.

τ²-bench saves a run as one JSON file (``info``, ``tasks``, ``simulations``) or, for
voice runs, as a directory with ``results.json`` and one file per simulation under
``simulations/``. Each simulation has ``task_id``, ``trial``, ``termination_reason``,
``reward_info.reward``, ``agent_cost``, ``duration`` and ``messages``; the agent's model is
``info.agent_info.llm`` and the domain ``info.environment_info.domain_name``.

The rules follow τ²-bench's own metrics (``tau2/metrics/agent_metrics.py``): a trial
passes when its reward is within 1e-6 of 1; ``infrastructure_error`` simulations are left
out (here: error trials, counted); every other termination (max steps, agent errors,
context overflow, ...) is a failure of the agent. So relgap's pass^k equals the one
τ²-bench publishes on its leaderboard.
"""

from __future__ import annotations

import json
import math
import os
import uuid
from pathlib import Path
from typing import Any

from relgap.errors import ConfigError
from relgap.records import Outcome, StopReason, TrialRecord, utc_now
from relgap.store.importers import ImportResult, _base_fields, _check_unique, _record, _write

__all__ = ["import_tau2"]

SUCCESS_TOLERANCE = 1e-6
INFRA = "infrastructure_error"
_STOPS = {
    "user_stop": StopReason.COMPLETED,
    "agent_stop": StopReason.COMPLETED,
    "max_steps": StopReason.MAX_STEPS,
    INFRA: StopReason.INFRA_ERROR,
}


def _load_json(path: Path) -> object:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as exc:
        raise ConfigError(f"cannot read {path}: {exc.strerror or exc}") from None
    except json.JSONDecodeError as exc:
        raise ConfigError(f"{path}: line {exc.lineno}: invalid JSON ({exc.msg})") from None
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not a UTF-8 JSON file") from None


def _read_results(path: Path) -> tuple[dict[str, Any], list[tuple[str, object]]]:
    """The run's metadata and its simulations, each with where it was read from."""
    meta_path = path / "results.json" if path.is_dir() else path
    data = _load_json(meta_path)
    if not isinstance(data, dict) or not isinstance(data.get("info"), dict):
        raise ConfigError(f"{meta_path}: not a τ²-bench results file (no 'info' object)")
    sims_dir = meta_path.parent / "simulations"
    if sims_dir.is_dir() and not data.get("simulations"):
        files = sorted(sims_dir.glob("*.json"))
        return data, [(str(f), _load_json(f)) for f in files]
    sims = data.get("simulations")
    if not isinstance(sims, list):
        raise ConfigError(f"{meta_path}: key 'simulations': expected a list of simulations")
    return data, [(f"{meta_path}: simulations[{i}]", s) for i, s in enumerate(sims)]


def _failed_checks(reward_info: dict[str, Any]) -> list[str]:
    checks = []
    db = reward_info.get("db_check")
    if isinstance(db, dict) and db.get("db_match") is False:
        checks.append("db")
    groups = (("action_checks", "action_match", "actions"), ("nl_assertions", "met", "nl"),
              ("communicate_checks", "met", "communicate"), ("env_assertions", "met", "env"))  # fmt: skip
    for key, flag, name in groups:
        items = reward_info.get(key)
        if isinstance(items, list) and any(
            isinstance(i, dict) and i.get(flag) is False for i in items
        ):
            checks.append(name)
    return checks


def _number(sim: dict[str, Any], key: str, where: str) -> float | None:
    value = sim.get(key)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ConfigError(f"{where}: key '{key}': expected a finite number, got {value!r}")
    return float(value)


def _sim_record(sim: object, where: str, trial: int, base: dict[str, Any]) -> TrialRecord:
    if not isinstance(sim, dict):
        raise ConfigError(f"{where}: expected a simulation object, got {type(sim).__name__}")
    task_id = sim.get("task_id")
    if not isinstance(task_id, str | int) or isinstance(task_id, bool):
        raise ConfigError(f"{where}: key 'task_id': expected a string, got {task_id!r}")
    reason = str(sim.get("termination_reason") or "")
    if not reason:
        raise ConfigError(f"{where}: missing key 'termination_reason'")
    messages = sim.get("messages") or []
    if not isinstance(messages, list):
        raise ConfigError(f"{where}: key 'messages': expected a list")
    fields = base | {
        "task_id": str(task_id),
        "trial": trial,
        "seed": sim.get("seed") if isinstance(sim.get("seed"), int) else 0,
        "steps": sum(1 for m in messages if isinstance(m, dict) and m.get("role") == "assistant"),
        "latency_s": max(_number(sim, "duration", where) or 0.0, 0.0),
        "cost_usd": _number(sim, "agent_cost", where),
        "transcript": [m for m in messages if isinstance(m, dict)],
        "stop_reason": _STOPS.get(reason, StopReason.MODEL_ERROR),
    }
    if reason == INFRA:
        return _record(where, fields | {"outcome": Outcome.ERROR, "passed": False,
                                        "score": 0.0, "error": "τ²-bench infrastructure_error",
                                        "error_kind": INFRA})  # fmt: skip
    reward_info = sim.get("reward_info")
    if not isinstance(reward_info, dict):
        raise ConfigError(f"{where}: key 'reward_info': expected an object with 'reward'")
    reward = _number(reward_info, "reward", f"{where}: reward_info")
    if reward is None:
        raise ConfigError(f"{where}: key 'reward_info.reward' is missing")
    passed = abs(reward - 1.0) <= SUCCESS_TOLERANCE
    return _record(where, fields | {
        "outcome": Outcome.PASS if passed else Outcome.FAIL,
        "passed": passed,
        "score": min(max(reward, 0.0), 1.0),
        "failed_checks": [] if passed else _failed_checks(reward_info),
    })  # fmt: skip


def _user_llm(info: dict[str, Any]) -> object:
    user = info.get("user_info")
    return user.get("llm") if isinstance(user, dict) else None


def import_tau2(
    path: str | os.PathLike[str],
    out_dir: str | os.PathLike[str],
    *,
    model: str | None = None,
    suite: str | None = None,
) -> ImportResult:
    """Import a τ²-bench results file (or results directory) into a new run directory.

    Args:
        path: the results JSON ``tau2 run`` saved, or a directory with ``results.json``
            and ``simulations/``.
        out_dir: the run directory to create.
        model: model name to record; default the run's ``info.agent_info.llm``.
        suite: suite name; default ``tau2-<domain>``.

    Raises:
        ConfigError: unreadable or malformed input (file, simulation and key named).
        StoreError: ``out_dir`` already holds a run.
    """
    path = Path(path)
    meta, sims = _read_results(path)
    info = meta["info"]
    agent = info.get("agent_info") if isinstance(info.get("agent_info"), dict) else {}
    env = info.get("environment_info") if isinstance(info.get("environment_info"), dict) else {}
    model = model or str(agent.get("llm") or agent.get("implementation") or "tau2")
    suite = suite or f"tau2-{env.get('domain_name') or 'unknown'}"
    base = _base_fields(uuid.uuid4().hex[:12], utc_now("seconds")) | {
        "model": model,
        "family": model,
        "suite": suite,
    }
    seen: dict[str, int] = {}
    located = []
    for where, sim in sims:
        task = str(sim.get("task_id")) if isinstance(sim, dict) else ""
        trial = sim.get("trial") if isinstance(sim, dict) else None
        if not isinstance(trial, int) or isinstance(trial, bool) or trial < 0:
            trial = seen.get(task, 0)  # τ²-bench leaves trial out in some versions
        seen[task] = max(seen.get(task, 0), trial + 1)
        located.append((where, _sim_record(sim, where, trial, base)))
    _check_unique(located)
    source = {"format": "tau2-bench", "path": str(path.resolve()), "records": len(sims),
              "agent": agent.get("implementation"), "user_llm": _user_llm(info)}  # fmt: skip
    return _write(out_dir, [r for _, r in located], source)
