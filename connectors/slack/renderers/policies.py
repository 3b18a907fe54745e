"""Renderers for employee HR answers: a policy citation card and a leave balance."""

from __future__ import annotations

from connectors.slack.blockkit import Block, clip, context, escape, fields, section
from connectors.slack.renderers.basic import generic
from connectors.slack.renderers.parts import rasa_buttons
from connectors.slack.renderers.registry import renders
from connectors.slack.turns import BotReply

MAX_QUOTE = 1500


@renders("policy_answer")
def policy_answer(reply: BotReply) -> list[Block]:
    """Title › section, the quoted passage, its source, "see also"; an "I don't know" shows as text."""
    payload = reply.payload or {}
    citations = [c for c in payload.get("citations") or [] if isinstance(c, dict)]
    if not payload.get("answered") or not citations:
        return generic(reply)
    best, *more = citations
    head = f"*{escape(str(best.get('document', '')))} › {escape(str(best.get('section', '')))}*"
    quote = "\n".join(f"> {escape(line)}" for line in clip(str(best.get("quote", "")), MAX_QUOTE).split("\n"))
    blocks = [section(f"{head}\n{quote}"), context(f"Source: {escape(str(best.get('source', '')))}")]
    if more:
        blocks.append(context("See also: " + "; ".join(
            f"{escape(str(c.get('document', '')))} › {escape(str(c.get('section', '')))}" for c in more)))
    return blocks + rasa_buttons(reply)


@renders("leave_balance")
def leave_balance(reply: BotReply) -> list[Block]:
    """The first line of the answer, then one field per leave type: days left of the year's allowance."""
    rows = [b for b in (reply.payload or {}).get("balances") or [] if isinstance(b, dict)]
    if not rows:
        return generic(reply)
    pairs = [(str(b.get("leave_type", "")).replace("_", " ").capitalize(),
              f"{b.get('remaining', 0):g} left of {float(b.get('entitlement', 0)) + float(b.get('carried_over', 0)):g}"
              f" ({b.get('pending', 0):g} pending)") for b in rows]
    blocks = [section(escape(reply.text.split("\n", 1)[0])), fields(pairs)]
    upcoming = (reply.payload or {}).get("upcoming") or []
    if upcoming:
        blocks.append(context("Coming up: " + "; ".join(
            f"{escape(str(u.get('start')))}–{escape(str(u.get('end')))} ({escape(str(u.get('status')))})"
            for u in upcoming if isinstance(u, dict))))
    return blocks
