"""Generate the food-order world and tasks: ``python -m relgap_suites.food_order.generate``.

Writes ``data/db.json``, ``data/tasks.jsonl`` and ``data/intents.jsonl``. The seed is fixed
and nothing depends on the clock or on hash order, so re-running reproduces the files byte
for byte (a test checks this). Expected orders are computed by the solver, never typed in.
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path

from relgap.suite.base import Task

from . import menu_data, people
from .intents import Intent
from .phrasing import Draft
from .solver import expected_order
from .tasks_asks import asks
from .tasks_basic import tier1, tier2
from .tasks_declines import declines
from .tasks_traps import traps
from .tasks_tricky import tier3
from .world import DATA_DIR, World

SEED = 20250314
GENERATED_USERS = 16


def build_world(rng: random.Random) -> World:
    restaurants, items = menu_data.restaurants_and_items()
    users = people.personas() + people.generated(rng, GENERATED_USERS)
    return World(
        today=menu_data.TODAY,
        restaurants=tuple(restaurants),
        items=tuple(items),
        users=tuple(users),
        coupons=tuple(menu_data.coupons()),
    )


def build_tasks(world: World, rng: random.Random) -> tuple[list[Task], list[Intent]]:
    drafts: list[Draft] = [*tier1(world, rng), *tier2(world, rng), *tier3(world)]
    drafts += [*asks(world), *traps(world), *declines(world)]
    counts: Counter[int] = Counter()
    tasks: list[Task] = []
    intents: list[Intent] = []
    for draft in drafts:
        counts[draft.tier] += 1
        task_id = f"fo-t{draft.tier}-{counts[draft.tier]:03d}"
        intent = draft.intent.model_copy(update={"task_id": task_id})
        tasks.append(
            Task(
                id=task_id,
                tier=draft.tier,
                instruction=draft.instruction,
                user_facts={"facts": draft.facts},
                expected=expected_order(intent, world),
                tags=list(draft.tags),
                user_id=intent.user_id,
            )
        )
        intents.append(intent)
    repeated = [t for t, n in Counter(t.instruction for t in tasks).items() if n > 1]
    if repeated:
        raise ValueError(f"instructions must be unique; repeated: {repeated}")
    return tasks, intents


def _jsonl(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write(out_dir: Path = DATA_DIR) -> dict[int, int]:
    """Generate everything into ``out_dir``; returns the task count per tier."""
    rng = random.Random(SEED)
    world = build_world(rng)
    tasks, intents = build_tasks(world, rng)
    out_dir.mkdir(parents=True, exist_ok=True)
    db = json.dumps(world.model_dump(mode="json"), ensure_ascii=False, indent=1) + "\n"
    (out_dir / "db.json").write_text(db, encoding="utf-8")
    (out_dir / "tasks.jsonl").write_text(
        _jsonl([t.model_dump(mode="json") for t in tasks]), encoding="utf-8"
    )
    (out_dir / "intents.jsonl").write_text(
        _jsonl([i.model_dump(mode="json", exclude_defaults=True) for i in intents]),
        encoding="utf-8",
    )
    tiers: Counter[int] = Counter(t.tier for t in tasks)
    return dict(sorted(tiers.items()))


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    counts = write(args.out)
    print(f"wrote {sum(counts.values())} tasks to {args.out} (per tier: {counts})")


if __name__ == "__main__":
    main()
