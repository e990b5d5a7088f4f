"""Write ``data/db.json``, ``data/tasks.jsonl`` and ``data/solutions.jsonl``.

``python -m relgap_suites.support_returns.gen [--out DIR]``. The seed is fixed and nothing
depends on the clock or on hash order, so the files come out byte-identical every time (a
test checks it). Expected final states are the state the reference script leaves behind;
the tests check them against the policy independently (refunds to the original method,
nothing the policy refuses returned).
"""

from __future__ import annotations

import argparse
import json
import random
from collections import Counter
from pathlib import Path
from typing import Any

from relgap.messages import ToolCall
from relgap.suite import Action, Task
from relgap.user.scenario import ScenarioFact, UserScenario

from ..tools import ReturnsEnv
from ..world import DATA_DIR, World
from .tasks_gen import Draft, Picker, tier1, tier2, tier3, tier4
from .world_gen import build_world

SEED = 20260314


def facts(draft: Draft) -> list[ScenarioFact]:
    """What the user tells when asked: the customer's email and zip code."""
    who = draft.who
    return [
        ScenarioFact(name="email", answer=f"My email is {who.email}.",
                     keywords=["email", "e-mail", "mail address"]),
        ScenarioFact(name="zip", answer=f"The zip code is {who.zip_code}.",
                     keywords=["zip", "postal code", "postcode"]),
    ]  # fmt: skip


def replay(world: World, task: Task, actions: list[Action]) -> ReturnsEnv:
    """Play ``actions`` on a fresh environment; ValueError if a tool step fails."""
    env = ReturnsEnv(world, task)
    for i, action in enumerate(actions):
        if action.tool is None:
            env.record_reply(action.text)
        else:
            out = env.call(ToolCall(f"c{i}", action.tool, dict(action.arguments)))
            if out.is_error:
                raise ValueError(f"{task.id}: step {i} fails: {out.content}")
    return env


def to_task(world: World, draft: Draft, task_id: str) -> Task:
    """The task of ``draft``, its expected state the one its reference script leaves."""
    scenario = UserScenario(
        persona=f"{draft.who.name}, a customer of the shop.",
        requests=draft.requests,
        facts=facts(draft),
        unknown=draft.unknown,
        behaviour=draft.behaviour,
    )
    task = Task(id=task_id, tier=draft.tier, instruction=draft.requests[0],
                user_scenario=scenario, required_outputs=draft.outputs,
                required_actions=draft.actions, tags=[draft.tag], user_id=draft.who.id)  # fmt: skip
    changes = replay(world, task, draft.script).changes
    return task.model_copy(update={"expected": {"orders": changes} if changes else None})


def action_json(action: Action) -> dict[str, Any]:
    """An action as ``solutions.jsonl`` stores it: ``{"say": ...}`` or a tool and arguments."""
    if action.tool is None:
        return {"say": action.text}
    return {"tool": action.tool, "arguments": action.arguments}


def build(world: World, rng: random.Random) -> tuple[list[Task], list[dict[str, Any]]]:
    """The tasks of the four tiers and their solutions (reference and careless scripts)."""
    picker = Picker(world, rng)
    drafts = [*tier1(picker), *tier2(picker), *tier3(picker), *tier4(picker)]
    counts: Counter[int] = Counter()
    tasks, solutions = [], []
    for draft in drafts:
        counts[draft.tier] += 1
        task = to_task(world, draft, f"sr-t{draft.tier}-{counts[draft.tier]:03d}")
        tasks.append(task)
        solutions.append({
            "task_id": task.id, "trap": draft.trap,
            "script": [action_json(a) for a in draft.script],
            "careless": [action_json(a) for a in (draft.careless or draft.script)],
        })  # fmt: skip
    openings = [t.instruction for t in tasks]
    if len(set(openings)) != len(openings):
        raise ValueError("two tasks open with the same message")
    return tasks, solutions


def write(out: Path) -> None:
    """Generate ``db.json``, ``tasks.jsonl`` and ``solutions.jsonl`` into ``out``."""
    rng = random.Random(SEED)
    world = build_world(rng)
    tasks, solutions = build(world, rng)
    out.mkdir(parents=True, exist_ok=True)
    db = json.dumps(world.model_dump(mode="json"), indent=1, ensure_ascii=False)
    (out / "db.json").write_text(db + "\n", encoding="utf-8")
    with (out / "tasks.jsonl").open("w", encoding="utf-8") as fh:
        for task in tasks:
            fh.write(task.model_dump_json() + "\n")
    with (out / "solutions.jsonl").open("w", encoding="utf-8") as fh:
        for solution in solutions:
            fh.write(json.dumps(solution, ensure_ascii=False) + "\n")


def main() -> None:
    """Write the suite's data to ``--out`` (default: its data folder)."""
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--out", type=Path, default=DATA_DIR)
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
