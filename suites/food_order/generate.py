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
from relgap.suite.checks import RequiredAction, RequiredOutput
from relgap.user.scenario import Behaviour, ScenarioFact, UserScenario

from . import history_refs, menu_data, menu_gen, people, people_gen, tasks_service
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
HISTORY_USERS = 134  # users with an order history, on top of the 26 above
NOW = "19:10"  # the world's time of day: some restaurants are closed


def build_world(rng: random.Random) -> World:
    """The world: hand-written cores and their users, then look-alikes and more users.

    The cores' users are drawn from ``rng``, as the tasks are; the look-alike restaurants
    and more users come from a separate stream, so growing the world leaves the older tasks
    as they were.
    """
    restaurants, items = menu_data.restaurants_and_items()
    users = people.personas() + people.generated(rng, GENERATED_USERS)
    more = random.Random(SEED + 1)
    extra_restaurants, extra_items = menu_gen.generated(restaurants, items, more)
    all_restaurants = restaurants + extra_restaurants
    # Look-alikes first: a search lists them before the originals, as an app might.
    all_items = extra_items + items
    taken = {u.name for u in users}
    parts = (menu_data.TODAY, NOW, all_restaurants, all_items)
    users += people_gen.users(HISTORY_USERS, 1000 + len(users) + 1, taken, parts, more)
    return World(
        today=menu_data.TODAY,
        now=NOW,
        restaurants=tuple(all_restaurants),
        items=tuple(all_items),
        users=tuple(users),
        coupons=tuple(menu_data.coupons() + menu_gen.conditional_coupons()),
    )


def build_tasks(world: World, rng: random.Random) -> tuple[list[Task], list[Intent]]:
    """Every task of the suite, numbered per tier, and the intent behind each."""
    drafts: list[Draft] = [*tier1(world, rng), *tier2(world, rng), *tier3(world)]
    drafts += [*asks(world), *traps(world), *declines(world)]
    counts: Counter[int] = Counter()
    tasks: list[Task] = []
    intents: list[Intent] = []
    for draft in drafts:
        counts[draft.tier] += 1
        task_id = f"fo-t{draft.tier}-{counts[draft.tier]:03d}"
        intent = draft.intent.model_copy(update={"task_id": task_id})
        expected = expected_order(intent, world)
        outputs, actions = _dialogue_checks(intent, expected)
        tasks.append(
            Task(
                id=task_id,
                tier=draft.tier,
                instruction=draft.instruction,
                user_scenario=_scenario(draft, intent),
                expected=expected,
                required_outputs=outputs,
                required_actions=actions,
                tags=list(draft.tags),
                user_id=intent.user_id,
            )
        )
        intents.append(intent)
    for tier, task, intent in tasks_service.service_tasks(world):
        counts[tier] += 1
        task_id = f"fo-t{tier}-{counts[tier]:03d}"
        tasks.append(task.model_copy(update={"id": task_id}))
        intents.append(intent.model_copy(update={"task_id": task_id}))
    repeated = [t for t, n in Counter(t.instruction for t in tasks).items() if n > 1]
    if repeated:
        raise ValueError(f"instructions must be unique; repeated: {repeated}")
    return tasks, intents


def _scenario(draft: Draft, intent: Intent) -> UserScenario:
    """The user of a task: says the instruction, tells each fact only when asked."""
    insist = intent.decline.insist if intent.decline else None
    return UserScenario(
        requests=[draft.instruction],
        facts=[ScenarioFact(**f) for f in draft.facts],
        behaviour=Behaviour(insists_once=insist),
    )


def _dialogue_checks(
    intent: Intent, expected: dict[str, object] | None
) -> tuple[list[RequiredOutput], list[RequiredAction]]:
    """What the agent must say or do besides the order.

    The total of a placed order; the reason for a decline, or the transfer of a hand-over,
    after reading the profile (so an agent that does nothing, or only talks, never passes).
    """
    if expected is not None:
        total = int(expected["total_cents"])  # type: ignore[call-overload]
        return [
            RequiredOutput(name="told_total", any_of=[f"${total // 100}.{total % 100:02d}"])
        ], []
    assert intent.decline is not None
    # Policy rule 1: a decline is decided on the user's profile, never on their words alone.
    checked = RequiredAction(name="checked_profile", kind="called", tool="get_user_profile")
    if intent.decline.transfer:
        return [], [
            checked,
            RequiredAction(name="transferred", kind="called", tool="transfer_to_human"),
        ]
    if not intent.decline.reason:
        raise ValueError(f"{intent.task_id}: a decline needs the words of its reason")
    return [RequiredOutput(name="told_reason", any_of=list(intent.decline.reason))], [checked]


def _jsonl(rows: list[dict[str, object]]) -> str:
    return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows)


def write(out_dir: Path = DATA_DIR) -> dict[int, int]:
    """Generate everything into ``out_dir``; returns the task count per tier."""
    rng = random.Random(SEED)
    world = build_world(rng)
    tasks, intents = build_tasks(world, rng)
    world, tasks = history_refs.apply(world, tasks)
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
    """Write the suite's data to ``--out`` (default: its data folder)."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=DATA_DIR, help="output folder")
    args = parser.parse_args(argv)
    counts = write(args.out)
    print(f"wrote {sum(counts.values())} tasks to {args.out} (per tier: {counts})")


if __name__ == "__main__":
    main()
