"""Import Inspect AI eval logs (``.eval`` and ``.json``) into a relgap run directory.

Read with Inspect's own log API (``inspect_ai.log.read_eval_log``, the optional extra
``relgap[inspect]``). Each sample x epoch is one trial: the sample id is the task, epoch
``e`` is trial ``e - 1``. A trial passes when the chosen scorer's value is the pass value
(``C``, Inspect's CORRECT, by default; a boolean ``True`` also passes) or, with a
threshold, when the value read as a number (Inspect's ``value_to_float``: C = 1, P = 0.5,
I = 0) reaches it. A sample with ``error`` set is an error trial (left out, counted). The
model, the task name, token usage, cost (when Inspect priced it), time and the messages
come from the log.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from relgap.errors import ConfigError, MissingDependency
from relgap.records import Outcome, StopReason, TrialRecord, UsageRecord, utc_now
from relgap.store.importers import ImportResult, _base_fields, _check_unique, _record, _write

if TYPE_CHECKING:  # inspect_ai is an optional extra: imported at run time only when used
    from inspect_ai.log import EvalLog, EvalSample
    from inspect_ai.scorer import Value

__all__ = ["import_inspect"]


def _read(path: Path) -> EvalLog:
    try:
        from inspect_ai.log import read_eval_log
    except ImportError:
        raise MissingDependency(
            "reading Inspect logs needs inspect_ai: pip install 'relgap[inspect]'"
        ) from None
    if not path.exists():
        raise ConfigError(f"{path}: no such file")
    try:
        return read_eval_log(str(path))
    except Exception as exc:  # Inspect raises many kinds for a file that is not a log
        first = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        raise ConfigError(f"{path}: not a readable Inspect eval log ({first[:200]})") from None


def _scorer(log: EvalLog, wanted: str | None, path: Path) -> str:
    names = [s.name for s in (log.results.scores if log.results else [])]
    if not names:
        names = sorted({k for s in log.samples or [] for k in (s.scores or {})})
    if wanted is not None:
        if wanted not in names:
            raise ConfigError(f"{path}: no scorer {wanted!r}; the log has {names or 'none'}")
        return wanted
    if len(names) != 1:
        raise ConfigError(f"{path}: the log has scorers {names}; choose one with --scorer")
    return names[0]


def _passed(value: Value, pass_value: str, threshold: float | None, where: str) -> bool:
    if threshold is not None:
        from inspect_ai.scorer import value_to_float

        try:
            return float(value_to_float()(value)) >= threshold
        except (TypeError, ValueError):
            raise ConfigError(f"{where}: score value {value!r} is not a number") from None
    if isinstance(value, bool):
        return value
    if isinstance(value, str):
        return value == pass_value
    raise ConfigError(
        f"{where}: score value {value!r} is not a label; give --threshold to read it as a number"
    )


def _usage(sample: EvalSample) -> tuple[UsageRecord, float | None]:
    totals = {"input_tokens": 0, "output_tokens": 0, "reasoning_tokens": 0, "cached_tokens": 0}
    costs: list[float | None] = []
    for usage in (sample.model_usage or {}).values():
        totals["input_tokens"] += usage.input_tokens or 0
        totals["output_tokens"] += usage.output_tokens or 0
        totals["reasoning_tokens"] += usage.reasoning_tokens or 0
        totals["cached_tokens"] += usage.input_tokens_cache_read or 0
        costs.append(getattr(usage, "total_cost", None))
    steps = sum(1 for m in sample.messages or [] if m.role == "assistant")
    cost = sum(c for c in costs if c is not None) if costs and None not in costs else None
    return UsageRecord(**totals, model_calls=steps), cost


def _sample_record(
    sample: EvalSample,
    scorer: str,
    where: str,
    base: dict[str, Any],
    rule: tuple[str, float | None],
) -> TrialRecord:
    usage, cost = _usage(sample)
    messages = sample.messages or []
    fields = base | {
        "task_id": str(sample.id),
        "trial": max(int(sample.epoch) - 1, 0),
        "steps": usage.model_calls,
        "usage": usage,
        "cost_usd": cost,
        "latency_s": float(sample.total_time or 0.0),
        "transcript": [{"role": m.role, "content": m.text} for m in messages],
    }
    if sample.error is not None:
        message = str(sample.error.message or "error").splitlines()[0][:500]
        return _record(where, fields | {"outcome": Outcome.ERROR, "passed": False, "score": 0.0,
                                        "stop_reason": StopReason.INFRA_ERROR, "error": message,
                                        "error_kind": "inspect_sample_error"})  # fmt: skip
    score = (sample.scores or {}).get(scorer)
    if score is None:
        raise ConfigError(f"{where}: no score from {scorer!r} and no error")
    passed = _passed(score.value, rule[0], rule[1], where)
    return _record(where, fields | {"outcome": Outcome.PASS if passed else Outcome.FAIL,
                                    "passed": passed, "score": 1.0 if passed else 0.0})  # fmt: skip


def import_inspect(
    paths: Sequence[str | os.PathLike[str]],
    out_dir: str | os.PathLike[str],
    *,
    scorer: str | None = None,
    pass_value: str = "C",
    threshold: float | None = None,
    model: str | None = None,
    suite: str | None = None,
) -> ImportResult:
    """Import one or more Inspect eval logs into a new run directory.

    Args:
        paths: ``.eval`` or ``.json`` logs; their samples are pooled (one model x task
            per log, several logs may add epochs or models).
        out_dir: the run directory to create.
        scorer: which scorer decides a pass; default the log's only scorer.
        pass_value: the score value that counts as a pass (default ``C``).
        threshold: instead, read the value as a number and pass at or above this.
        model: model name to record; default the log's model.
        suite: suite name to record; default the log's task.

    Raises:
        MissingDependency: ``inspect_ai`` is not installed.
        ConfigError: unreadable log, unknown or ambiguous scorer, unusable score values.
        StoreError: ``out_dir`` already holds a run.
    """
    if not paths:
        raise ConfigError("give at least one Inspect log")
    run_id = uuid.uuid4().hex[:12]
    now = utc_now("seconds")
    located: list[tuple[str, TrialRecord]] = []
    for raw in paths:
        path = Path(raw)
        log = _read(path)
        name = _scorer(log, scorer, path)
        log_model = model or str(log.eval.model)
        base = _base_fields(run_id, now) | {
            "model": log_model,
            "family": log_model,
            "suite": suite or str(log.eval.task).rsplit("/", 1)[-1],
        }
        for i, sample in enumerate(log.samples or []):
            where = f"{path}: sample {sample.id!r} epoch {sample.epoch} (#{i})"
            located.append(
                (where, _sample_record(sample, name, where, base, (pass_value, threshold)))
            )
    _check_unique(located)
    source = {"format": "inspect", "path": ", ".join(str(Path(p).resolve()) for p in paths),
              "records": len(located), "scorer": scorer, "pass_value": pass_value,
              "threshold": threshold}  # fmt: skip
    return _write(out_dir, [r for _, r in located], source)
