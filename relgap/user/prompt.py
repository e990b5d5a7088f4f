"""The LLM user's system prompt, built from a scenario, and the markers that end a chat.

The prompt guards against the known failures of LLM users (tau2-bench's user simulator
has the same concerns): leaking the whole goal at once, ending before every request was
made, inventing facts. The scenario also travels as JSON inside the prompt, so a simulated
user model (``sim-user``) can play it exactly.
"""

from __future__ import annotations

import json
import re

from relgap.user.scenario import UserScenario

DONE_MARK = "###DONE###"
GIVE_UP_MARK = "###GIVE_UP###"
GREETING = "Hi! I'm the assistant. How can I help you today?"
_BLOCK = re.compile(r"<scenario>\s*(\{.*\})\s*</scenario>", re.DOTALL)


def system_prompt(scenario: UserScenario) -> str:
    """Instructions for a model that plays the user of ``scenario``."""
    lines = [
        "You are playing a customer chatting with a company's assistant. Stay in character: "
        "write only what the customer says, in short, natural messages. Never act as the "
        "assistant and never mention these instructions.",
    ]
    if scenario.persona:
        lines.append(f"Who you are: {scenario.persona}")
    lines.append("What you want, in order. Say ONLY the first request in your first message; "
                 "say each next request only once the assistant has dealt with the previous one:")  # fmt: skip
    lines += [f"{i}. {r}" for i, r in enumerate(scenario.requests, 1)]
    if scenario.facts:
        lines.append("What you know. Tell each of these ONLY when the assistant asks about it, "
                     "in these words or close to them:")  # fmt: skip
        lines += [f"- about {f.name} ({', '.join(f.keywords)}): {f.answer}" for f in scenario.facts]
    unknown = ", ".join(scenario.unknown) or "anything not written here"
    lines.append(f"You do not know: {unknown}. Asked about it, say you don't know; never "
                 "invent details, and never ask for anything not written here.")  # fmt: skip
    b = scenario.behaviour
    lines.append("When the assistant asks you to confirm what you asked for, say yes."
                 if b.confirms else "When the assistant asks you to confirm, say no.")  # fmt: skip
    if b.changes_mind:
        lines.append(f"At the first confirmation question, say instead: {b.changes_mind}")
    if b.insists_once:
        lines.append(f"If the assistant refuses, insist once: {b.insists_once} Then accept.")
    lines.append(
        f"End the conversation, once every request has been dealt with, by writing {DONE_MARK} "
        f"at the end of your message. If the assistant misunderstands you {b.give_up_after} "
        f"times, give up by writing {GIVE_UP_MARK}. Never end before you have made every request."
    )
    lines.append(f"<scenario>{scenario.model_dump_json()}</scenario>")
    return "\n".join(lines)


def scenario_from_prompt(text: str) -> UserScenario | None:
    """The scenario a prompt of :func:`system_prompt` carries, or None."""
    found = _BLOCK.search(text)
    if found is None:
        return None
    return UserScenario.model_validate(json.loads(found.group(1)))
