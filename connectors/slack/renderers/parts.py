"""Pieces several renderers share: Rasa's buttons, a payload's buttons, readable values, feedback thumbs."""

from __future__ import annotations

import json
from typing import Any

from connectors.slack.blockkit import Block, actions, button, context
from connectors.slack.turns import BotReply

MAX_CARDS = 10


def rasa_buttons(reply: BotReply, *, once: bool = False) -> list[Block]:
    """Rasa's own buttons (title + payload) as an action row."""
    return actions([button(str(b.get("title", "")), str(b.get("payload", "")), once=once) for b in reply.buttons])


def payload_buttons(items: Any, *, once: bool = False) -> list[Block | None]:
    """`buttons: [{title, payload}]` a payload or a list item brings along."""
    if not isinstance(items, list):
        return []
    return [
        button(str(b.get("title", "")), str(b.get("payload", "")), once=once, style=b.get("style"))
        for b in items
        if isinstance(b, dict)
    ]


def label(value: Any) -> str:
    """A payload value as short readable text."""
    if isinstance(value, (list, tuple)):
        return ", ".join(label(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {label(v)}" for k, v in value.items())
    return str(value).replace("_", " ") if isinstance(value, str) and value.islower() else str(value)


def feedback_blocks(reply: BotReply) -> list[Block]:
    """Thumbs up/down under any reply whose payload asks for feedback (`feedback: {item_type, item_id}`)."""
    payload = reply.payload or {}
    about = payload.get("feedback")
    if reply.type == "feedback" or not about:
        return []
    return thumbs(about if isinstance(about, dict) else {})


def thumbs(about: dict[str, Any]) -> list[Block]:
    """The two feedback buttons: a yes or no to the assistant, naming what is rated."""
    def payload(intent: str) -> str:
        rated = {k: str(about[k]) for k in ("item_type", "item_id") if k in about}
        return f"/{intent}" + (json.dumps(rated) if rated else "")

    row = actions([
        button("👍 Helpful", payload("affirm"), once=True), button("👎 Not helpful", payload("deny"), once=True),
    ])
    return [context("Was this useful?"), *row]
