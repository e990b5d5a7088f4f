"""How a simulated model plays a task: the reference script, with seeded mistakes.

The policy is a pure function of the conversation (and the trial seed when the API carries
one), exactly what a hosted model sees: it recognises the task from the opening user
message, counts its own earlier turns to know how far it has got, and recovers the trial seed
from the ids of its own earlier tool calls when the request carried none. That is what lets
``relgap serve`` run it behind the real OpenAI and Anthropic SDKs.
"""

from __future__ import annotations

import hashlib
import math
import random
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

from relgap.messages import Message
from relgap.simulation.generic import generic_mistakes, has_own_mistakes
from relgap.simulation.params import SimParams
from relgap.suite.base import Action, Mistake, Suite, Task

GIVE_UP_TEXT = "I'm sorry, I wasn't able to complete this order. Please try again later."
# Share of mistakes that are "giving up early" when the suite offers other mistakes too.
GIVE_UP_WEIGHT = 0.15


def stable_unit(*parts: object) -> float:
    """A uniform draw in (0, 1) that depends only on ``parts`` (stable across processes)."""
    digest = hashlib.blake2b("\x1f".join(map(str, parts)).encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + 0.5) / 2**64


def stable_normal(*parts: object) -> float:
    """A standard normal draw fixed by ``parts`` (names, seeds)."""
    return NormalDist().inv_cdf(stable_unit(*parts))


def success_probability(params: SimParams, task: Task, suite_name: str) -> float:
    """The latent chance that ``params`` solves ``task`` in one trial (see params.py)."""
    if params.perfect:
        return 1.0
    tier = min(max(task.tier, 1), 4)
    logit = (
        params.skill
        - params.tier_penalty[tier - 1]
        + params.spread * stable_normal("task-ease", suite_name, task.id)
        + params.noise * stable_normal("quirk", params.family, suite_name, task.id)
    )
    return 1.0 / (1.0 + math.exp(-logit))


@dataclass(frozen=True)
class Plan:
    """What one trial does: its actions in order and the mistakes injected into them."""

    actions: tuple[Action, ...]
    mistakes: tuple[str, ...]


def make_plan(suite: Suite, task: Task, params: SimParams, seed: int) -> Plan:
    """The actions this trial will take: the reference script with seeded mistakes.

    Each tool step errs independently with rate ``1 - p ** (1 / steps)``, so the trial
    succeeds with probability exactly ``p`` (every offered mistake fails the task).
    """
    script = suite.reference_script(task)
    p = success_probability(params, task, suite.name)
    rng = random.Random(f"{params.name}|{suite.name}|{task.id}|{seed}")
    played = (
        None
        if params.perfect
        else suite.sim_play(task, params.family, params.reasoning_effort, rng)
    )
    if played is not None:  # the suite's own error model (see Suite.sim_play)
        return Plan(played.actions, played.mistakes)
    steps = [i for i, a in enumerate(script) if a.tool is not None]
    if p >= 1.0 or not steps:
        return Plan(tuple(script), ())
    per_step = 1.0 - p ** (1.0 / len(steps))
    actions: list[Action] = []
    mistakes: list[str] = []
    for i, action in enumerate(script):
        if action.tool is None or rng.random() >= per_step:
            actions.append(action)
            continue
        options = (
            suite.sim_mistakes(task, i, action, rng)
            if has_own_mistakes(suite)
            else generic_mistakes(suite, task, i)
        )
        give_up = task.expected is not None  # declining is the right answer otherwise
        if not options and not give_up:
            actions.append(action)  # nothing fatal to do wrong at this step
            continue
        if give_up and (not options or rng.random() < GIVE_UP_WEIGHT):
            mistakes.append("gave_up_early")
            actions.append(Action(None, text=GIVE_UP_TEXT))
            return Plan(tuple(actions), tuple(mistakes))
        chosen: Mistake = rng.choice(options)
        mistakes.append(chosen.name)
        actions.extend(chosen.replacement)
        if chosen.ends:
            return Plan(tuple(actions), tuple(mistakes))
    return Plan(tuple(actions), tuple(mistakes))


def steps_taken(messages: Sequence[Message]) -> int:
    """How many assistant turns the conversation holds: the next step's index."""
    return sum(1 for m in messages if m.role == "assistant")


def opening_user_message(messages: Sequence[Message]) -> str | None:
    """The conversation's first user message, which names the task; None if none yet."""
    return next((m.content for m in messages if m.role == "user"), None)


def encode_call_id(seed: int, step: int) -> str:
    """A tool-call id that carries the trial seed, so later turns replay the same plan."""
    return f"call_rg{seed:x}_{step}"


def decode_seed(messages: Sequence[Message]) -> int | None:
    """The seed a simulated model wrote into the id of its first tool call, if any."""
    for m in messages:
        for call in m.tool_calls:
            # Wire formats add their own prefixes (toolu_, fc_): look for our marker.
            marker = call.id.find("call_rg")
            if marker >= 0:
                head = call.id[marker + len("call_rg") :].split("_", 1)[0]
                try:
                    return int(head, 16)
                except ValueError:
                    return None
    return None
