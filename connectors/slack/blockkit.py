"""Block Kit building blocks within Slack's size limits; button values carry the Rasa payload."""

from __future__ import annotations

from typing import Any

Block = dict[str, Any]

MAX_BLOCKS = 50
MAX_SECTION_CHARS = 3000
MAX_BUTTON_TEXT = 75
MAX_BUTTON_VALUE = 2000
MAX_OPTION_VALUE = 150
MAX_ACTIONS = 25
MAX_FIELDS = 10

ACTION_PREFIX = "hr:"
SAY = "hr:say"
"""A button whose payload goes back into the conversation; it stays clickable."""
ONCE = "hr:once"
"""A one-shot choice (confirm, pick a person, feedback): the buttons give way to the choice."""
PICK = "hr:pick"
"""A select menu whose chosen option's value is the payload."""


def escape(text: str) -> str:
    """Slack mrkdwn control characters, so data never turns into links or mentions."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def clip(text: str, limit: int) -> str:
    """Cut to Slack's limit with an ellipsis."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def plain(text: str, limit: int = MAX_BUTTON_TEXT) -> dict[str, Any]:
    """A plain_text object (never empty: Slack rejects that)."""
    return {"type": "plain_text", "text": clip(text.strip() or " ", limit), "emoji": True}


def section(markdown: str, accessory: Block | None = None) -> Block:
    """A mrkdwn section; the caller escapes data it interpolates."""
    block: Block = {"type": "section", "text": {"type": "mrkdwn", "text": clip(markdown or " ", MAX_SECTION_CHARS)}}
    if accessory:
        block["accessory"] = accessory
    return block


def text_sections(text: str) -> list[Block]:
    """Plain bot text as escaped sections, split at line breaks to stay under the section limit."""
    chunks: list[str] = []
    current = ""
    for line in escape(text).split("\n"):
        for piece in [line[i : i + MAX_SECTION_CHARS] for i in range(0, len(line), MAX_SECTION_CHARS)] or [""]:
            if current and len(current) + 1 + len(piece) > MAX_SECTION_CHARS:
                chunks.append(current)
                current = piece
            else:
                current = f"{current}\n{piece}" if current else piece
    if current.strip():
        chunks.append(current)
    return [section(c) for c in chunks]


def fields(pairs: list[tuple[str, str]]) -> Block:
    """A section of up to ten two-column fields (`*label*\\nvalue`)."""
    return {
        "type": "section",
        "fields": [
            {"type": "mrkdwn", "text": clip(f"*{escape(k)}*\n{escape(v)}", 2000)} for k, v in pairs[:MAX_FIELDS]
        ],
    }


def header(text: str) -> Block:
    """A bold title line."""
    return {"type": "header", "text": plain(text, 150)}


def context(*markdown: str) -> Block:
    """Small grey print under a card."""
    return {"type": "context", "elements": [{"type": "mrkdwn", "text": clip(m, 3000)} for m in markdown[:10]]}


def divider() -> Block:
    """A rule between cards."""
    return {"type": "divider"}


def button(title: str, payload: str, *, once: bool = False, style: str | None = None) -> Block | None:
    """A button that sends `payload` into the conversation; None if the payload cannot fit."""
    if not payload or len(payload) > MAX_BUTTON_VALUE:
        return None
    element: Block = {"type": "button", "text": plain(title), "value": payload, "action_id": ONCE if once else SAY}
    if style in {"primary", "danger"}:
        element["style"] = style
    return element


def select(placeholder: str, options: list[tuple[str, str]]) -> Block | None:
    """A static menu whose option values are payloads; options too long to carry are left out."""
    usable = [(label, value) for label, value in options if value and len(value) <= MAX_OPTION_VALUE][:100]
    if not usable:
        return None
    return {
        "type": "static_select",
        "action_id": PICK,
        "placeholder": plain(placeholder),
        "options": [{"text": plain(label), "value": value} for label, value in usable],
    }


def actions(elements: list[Block | None]) -> list[Block]:
    """Action rows of at most 25 elements (none when every element was dropped)."""
    kept = [e for e in elements if e]
    return [{"type": "actions", "elements": kept[i : i + MAX_ACTIONS]} for i in range(0, len(kept), MAX_ACTIONS)]


def finalize(blocks: list[Block]) -> list[Block]:
    """Cap at 50 blocks and give every interactive element a unique action_id (Slack requires it)."""
    if len(blocks) > MAX_BLOCKS:
        blocks = blocks[: MAX_BLOCKS - 1] + [context("_More results than fit in one message; ask me to narrow it down._")]
    count = 0
    for block in blocks:
        elements = list(block.get("elements") or []) if block.get("type") == "actions" else []
        if block.get("accessory"):
            elements.append(block["accessory"])
        for element in elements:
            action_id = str(element.get("action_id") or "")
            if action_id.startswith(ACTION_PREFIX):
                element["action_id"] = f"{kind_of(action_id)}:{count}"
                count += 1
    return blocks


def kind_of(action_id: str) -> str:
    """SAY, ONCE or PICK for an action_id made by `finalize`."""
    return ":".join(action_id.split(":")[:2])
