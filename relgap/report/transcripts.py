"""Failed trials as collapsible transcripts (``<details>``: no script needed).

Everything shown comes from model output or tool results, so every piece of text goes
through :func:`html.escape` before it reaches the page.
"""

from __future__ import annotations

import json
from html import escape
from typing import Any

from relgap.report.data import GroupView, ReportData
from relgap.report.runs import FailedTrial

MAX_MESSAGE_CHARS = 4000


def _clip(value: str) -> str:
    if len(value) <= MAX_MESSAGE_CHARS:
        return value
    return value[:MAX_MESSAGE_CHARS] + f"\n… ({len(value) - MAX_MESSAGE_CHARS} more characters)"


def _pre(value: object, cls: str = "") -> str:
    attr = f' class="{escape(cls)}"' if cls else ""
    # Element text: escaping <, > and & is enough (quotes cannot end a text node), and it
    # keeps JSON tool results from growing by five bytes per quote.
    return f"<pre{attr}>{escape(_clip(str(value)), quote=False)}</pre>"


def _arguments(call: dict[str, Any]) -> str:
    if call.get("parse_error"):
        return f"{call.get('raw_arguments') or ''}\n[unparsable: {call['parse_error']}]"
    args = call.get("arguments")
    if isinstance(args, str):
        return args
    return json.dumps(args, indent=2, ensure_ascii=False, default=str)


def message_html(msg: dict[str, Any], shared: str = "") -> str:
    """One message of a transcript: role, text, reasoning and tool calls.

    A system prompt starting with ``shared`` (the part common to every kept trial, shown
    once above them) shows only what follows it, which keeps a report of many failed
    trials small.
    """
    role = str(msg.get("role", "?"))
    content = msg.get("content")
    if role == "system" and shared and isinstance(content, str) and content.startswith(shared):
        rest = content[len(shared) :]
        return (
            f'<div class="msg role-system"><div class="role">system</div><p class="muted">'
            f"shared system prompt ({len(shared):,} characters, shown above)"
            + (" followed by:" if rest.strip() else "")
            + "</p>"
            + (_pre(rest) if rest.strip() else "")
            + "</div>"
        )
    # A trial is a chat: say who is who (the user is always a simulator in relgap).
    head = escape({"user": "user (simulated)", "assistant": "agent"}.get(role, role))
    if role == "tool":
        head += (
            f' <span class="muted">{escape(str(msg.get("name") or ""))} ← '
            + escape(str(msg.get("tool_call_id") or ""))
            + "</span>"
        )
    css = role if role in ("system", "user", "assistant", "tool") else "other"
    parts = [f'<div class="msg role-{css}"><div class="role">{head}</div>']
    if msg.get("reasoning"):
        parts.append(_pre(msg["reasoning"], "reasoning"))
    if msg.get("content") not in (None, ""):
        parts.append(_pre(msg["content"]))
    for call in msg.get("tool_calls") or []:
        if not isinstance(call, dict):
            continue
        parts.append(
            f'<div class="call"><span class="tool">→ {escape(str(call.get("name", "?")))}</span>'
            f' <span class="muted">{escape(str(call.get("id", "")))}</span>'
            f"{_pre(_arguments(call))}</div>"
        )
    parts.append("</div>")
    return "".join(parts)


def trial_html(t: FailedTrial, shared: str = "") -> str:
    """One failed trial as a collapsible block: outcome, checks, then its transcript."""
    checks = ", ".join(t.failed_checks) or "none named"
    summary = (
        f"task {t.task_id} (tier {t.tier}) · trial {t.trial} · {t.outcome} · "
        f"ended: {t.stop_reason} · failed checks: {checks}"
    )
    body = [message_html(m, shared) for m in t.transcript if isinstance(m, dict)]
    if t.error:
        body.insert(0, f'<p class="error">error: {escape(t.error)}</p>')
    if not body:
        body = ['<p class="muted">no transcript recorded</p>']
    return f'<details class="trial"><summary>{escape(summary)}</summary>{"".join(body)}</details>'


def shared_prompt(trials: tuple[FailedTrial, ...], minimum: int = 200) -> str:
    """The lines every kept trial's system prompt starts with ("" if under ``minimum``)."""
    prompts = {
        m["content"]
        for t in trials
        for m in t.transcript
        if isinstance(m, dict) and m.get("role") == "system" and isinstance(m.get("content"), str)
    }
    if not prompts:
        return ""
    lines = [p.splitlines(keepends=True) for p in prompts]
    common: list[str] = []
    for row in zip(*lines, strict=False):
        if any(line != row[0] for line in row):
            break
        common.append(row[0])
    text = "".join(common)
    return text if len(text) >= minimum else ""


def _group_block(g: GroupView, trials: list[FailedTrial], total: int, shared: str) -> str:
    label = escape(g.label) + (' <span class="badge">SIMULATED</span>' if g.simulated else "")
    shown = f"{len(trials)} of {total}" if len(trials) < total else str(total)
    inner = "".join(trial_html(t, shared) for t in trials)
    return (
        f'<details class="group"><summary>{label} · {shown} failed trials shown</summary>'
        f"{inner}</details>"
    )


def transcripts_html(data: ReportData) -> str:
    """Every kept failed trial, grouped per model, with a note on those left out."""
    totals: dict[tuple[str, str, str], int] = {
        g.key: sum(data.stop_reasons.get(g.key, {}).values()) for g in data.groups
    }
    shared = shared_prompt(data.failed)
    blocks = []
    if shared:
        blocks.append(
            f'<details class="group"><summary>Shared system prompt ({len(shared):,} '
            f"characters, the start of every trial's system prompt)</summary>{_pre(shared)}"
            "</details>"
        )
    for g in data.groups:
        trials = [t for t in data.failed if t.group.key == g.key]
        if trials:
            blocks.append(_group_block(g, trials, totals.get(g.key, len(trials)), shared))
    left_out = data.failed_total - len(data.failed)
    note = (
        f"Showing {len(data.failed)} of {data.failed_total} failed or error trials; "
        f"{left_out} left out (taken in turn from each model, in task order)."
        if left_out > 0
        else f"All {data.failed_total} failed or error trials."
    )
    if not data.failed_total:
        note = "No failed trial: every trial passed."
    return f'<p class="note">{escape(note)}</p>' + "".join(blocks)
