"""Synthetic trial records and run directories for the report tests.

Synthetic records give full control: known models and reasoning settings, infrastructure
errors, named failed checks, and transcripts carrying hostile text for the XSS tests.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from relgap.records import Outcome, StopReason, TrialRecord, UsageRecord
from relgap.store import RunDir

XSS_SCRIPT = "<script>alert(1)</script>"
XSS_ATTR = '"><img src=x onerror=alert(1)>'
XSS_TITLE = "<script>document.title='PWNED';window.__pwned=1</script>"

# model -> (family, effort, skill: the mean success rate, consistency: 0 = coin flips)
MODELS: dict[str, tuple[str, str | None, float, float]] = {
    "sim/fast": ("sim/fast", None, 0.55, 0.3),
    "sim/reasoner-low": ("sim/reasoner", "low", 0.6, 0.5),
    "sim/reasoner-high": ("sim/reasoner", "high", 0.7, 0.9),
}
CHECKS = ("order_total_matches", "no_allergen_items", "delivery_address", "confirmed_with_user")


def _transcript(task_id: str, model: str, hostile: bool) -> list[dict[str, Any]]:
    user = f"Please order a margherita for task {task_id}."
    if hostile:
        user += f" {XSS_SCRIPT} {XSS_ATTR} {XSS_TITLE}"
    return [
        {"role": "system", "content": "You are a food-ordering assistant."},
        {"role": "user", "content": user},
        {
            "role": "assistant",
            "content": "",
            "tool_calls": [
                {
                    "id": "call_1",
                    "name": "search_menu",
                    "arguments": {"query": XSS_ATTR if hostile else "margherita"},
                }
            ],
        },
        {
            "role": "tool",
            "tool_call_id": "call_1",
            "name": "search_menu",
            "content": '[{"id": "p1", "name": "Margherita", "price": 9.5}]',
        },
        {"role": "assistant", "content": f"{model} placed the order </details></pre>."},
    ]


def make_records(
    run_id: str,
    suite: str = "food_order",
    models: tuple[str, ...] = tuple(MODELS),
    n_tasks: int = 12,
    trials: int = 4,
    seed: int = 0,
    error_every: int = 0,
    hostile_task: str | None = None,
) -> list[TrialRecord]:
    """Trials whose per-task success rates spread from always-fail to always-pass."""
    rng = random.Random(seed)
    out = []
    for model in models:
        family, effort, skill, consistency = MODELS[model]
        for t in range(n_tasks):
            task_id = f"t{t:02d}"
            ease = rng.random()
            p = min(1.0, max(0.0, skill + consistency * (ease - 0.5) * 1.6))
            for trial in range(trials):
                ok = rng.random() < p
                idx = len(out)
                error = bool(error_every) and idx % error_every == error_every - 1
                outcome = Outcome.ERROR if error else Outcome.PASS if ok else Outcome.FAIL
                stop = (
                    StopReason.INFRA_ERROR
                    if error
                    else StopReason.COMPLETED
                    if ok or rng.random() < 0.7
                    else StopReason.MAX_STEPS
                )
                checks = [] if ok or error else rng.sample(CHECKS, rng.randint(1, 2))
                out.append(
                    TrialRecord(
                        run_id=run_id,
                        suite=suite,
                        task_id=task_id,
                        tier=1 + t % 3,
                        model=model,
                        family=family,
                        reasoning_effort=effort,
                        simulated=True,
                        trial=trial,
                        seed=seed * 1000 + idx,
                        outcome=outcome,
                        passed=outcome is Outcome.PASS,
                        score=1.0 if ok else 0.0,
                        failed_checks=checks,
                        stop_reason=stop,
                        steps=4,
                        usage=UsageRecord(input_tokens=900, output_tokens=200, model_calls=4),
                        cost_usd=0.001 * (1 + 3 * (effort is not None)) * (1 + rng.random()),
                        latency_s=1.0,
                        error="HTTP 429 rate limited" if error else None,
                        started_at="2025-01-02T10:00:00Z",
                        finished_at="2025-01-02T10:05:00Z",
                        transcript=_transcript(task_id, model, task_id == hostile_task),
                    )
                )
    return out


def write_run(path: Path, records: list[TrialRecord], suite: str = "food_order") -> Path:
    run_id = records[0].run_id if records else "empty"
    manifest = {
        "run_id": run_id,
        "config": {"suite": suite},
        "status": "complete",
        "started_at": "2025-01-02T10:00:00Z",
        "finished_at": "2025-01-02T10:07:00Z",
    }
    with RunDir.create(path, manifest) as rd:
        for r in records:
            rd.append(r)
    return path


def crowded_records() -> list[TrialRecord]:
    """Four groups (two of them effort variants of one model), 82 tasks in three tiers,
    close costs and reliabilities, and failed-check bars a few trials long."""
    names = {"sim/reasoner-low": ("sim/reasoner", "effort=low"),
             "sim/reasoner-high": ("sim/reasoner", "effort=high")}  # fmt: skip
    records = []
    for r in make_records("run-c", n_tasks=82, seed=5):
        model, variant = names.get(r.model, (r.model, "default"))
        records.append(r.model_copy(update={"model": model, "variant": variant}))
    long = "openai/gpt-4.1-mini-2025-04-14"
    records += [
        r.model_copy(update={"model": long, "family": long, "simulated": False})
        for r in make_records("run-c", models=("sim/fast",), n_tasks=82, seed=6)
    ]
    return records


def budget_sweep_records() -> list[TrialRecord]:
    """Seven groups: one model at six thinking budgets and a baseline model, 30 tasks."""
    records = make_records("run-b", models=("sim/fast",), n_tasks=30, seed=8)
    for n, budget in enumerate((1024, 2048, 4096, 8192, 16000, 32000)):
        records += [
            r.model_copy(update={"model": "anthropic/claude-sonnet-4-5", "reasoning_effort": None,
                                 "family": "anthropic/claude-sonnet-4-5", "simulated": False,
                                 "variant": f"thinking={budget}", "thinking_budget": budget})
            for r in make_records("run-b", models=("sim/reasoner-high",), n_tasks=30, seed=9 + n)
        ]  # fmt: skip
    return records
