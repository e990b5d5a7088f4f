"""Generate the exact-answer tasks: ``python -m relgap_suites.exact_answer.gen.generate``.

Writes ``data/tasks.jsonl``. The seed is fixed and nothing depends on the clock, the
machine's time-zone data or hash order, so re-running reproduces the file byte for byte
(a test checks this). Every answer is computed here, never typed in.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from relgap.suite.base import Task

from . import arithmetic, schedule, travel, units
from .problem import FORMATS, Problem

SEED = 20251126
DATA_DIR = Path(__file__).resolve().parents[1] / "data"
MAX_STEPS = 9
PER_STEP_COUNT = 7  # problems per family and step count: 4 x 9 x 7 = 252 tasks
FAMILIES: dict[str, Callable[[int, random.Random], Problem]] = {
    "arithmetic": arithmetic.problem,
    "travel": travel.problem,
    "units": units.problem,
    "schedule": schedule.problem,
}
SHOW_STEPS = (
    "show: steps. Write each intermediate quantity on its own line as `step N: <value>` "
    "(N = 1, 2, ... in the order the problem gives them), then the final answer."
)


def tier_of(steps: int) -> int:
    """Tiers by number of reasoning steps: 1-2, 3-4, 5-6, 7-9."""
    return 1 if steps <= 2 else 2 if steps <= 4 else 3 if steps <= 6 else 4


def instruction(p: Problem, show_steps: bool) -> str:
    """The task's instruction: the problem, the question and how to give the answer."""
    parts = [f"{p.text} {p.question}", ""]
    if show_steps and len(p.steps) > 1:
        parts.append(SHOW_STEPS)
    parts.append(f"End with a line `answer: <value>`, the value as {FORMATS[p.kind]}.")
    return "\n".join(parts)


def to_task(p: Problem, task_id: str, show_steps: bool) -> Task:
    """The task ``task_id`` for problem ``p``, its expected answer and steps included."""
    n = len(p.steps)
    return Task(
        id=task_id,
        tier=tier_of(n),
        instruction=instruction(p, show_steps),
        expected={
            "kind": p.kind,
            "answer": p.answer,
            "show_steps": show_steps and n > 1,
            "steps": [{"label": s.label, "value": s.value, "expr": s.expr} for s in p.steps],
        },
        tags=[p.family, f"steps={n}"] + (["show_steps"] if show_steps and n > 1 else []),
    )


def build_tasks() -> list[Task]:
    """Every task of the suite, drawn from the seeded RNG in a fixed order."""
    rng = random.Random(SEED)
    tasks: list[Task] = []
    seen: set[str] = set()
    for n in range(1, MAX_STEPS + 1):
        for family, make in FAMILIES.items():
            for j in range(PER_STEP_COUNT):
                show = j % 4 != 3  # three in four problems ask to show the steps
                task = to_task(make(n, rng), f"ea-{family[:4]}-s{n}-{j + 1:02d}", show)
                while task.instruction in seen:  # simulated models find tasks by their text
                    task = to_task(make(n, rng), task.id, show)
                seen.add(task.instruction)
                tasks.append(task)
    return tasks


def write(out_dir: Path = DATA_DIR) -> dict[int, int]:
    """Generate ``tasks.jsonl`` into ``out_dir``; returns the task count per tier."""
    tasks = build_tasks()
    out_dir.mkdir(parents=True, exist_ok=True)
    # Defaults left out: the file then reads the same whatever optional fields Task gains.
    rows = [t.model_dump(mode="json", exclude_defaults=True) for t in tasks]
    text = "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)
    (out_dir / "tasks.jsonl").write_text(text, encoding="utf-8")
    return dict(sorted(Counter(t.tier for t in tasks).items()))


def main(argv: list[str] | None = None) -> None:
    """Write the tasks to ``--out`` (default: the suite's data folder)."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    counts = write(args.out)
    print(f"wrote {sum(counts.values())} tasks to {args.out} (per tier: {counts})")


if __name__ == "__main__":
    main()
