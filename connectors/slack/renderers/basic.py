"""Renderers for text-first replies: the generic fallback, help, errors, confirmations, feedback."""

from __future__ import annotations

from typing import Any

from connectors.slack.blockkit import Block, actions, button, context, escape, section, text_sections
from connectors.slack.renderers.parts import MAX_CARDS, label, payload_buttons, rasa_buttons, thumbs
from connectors.slack.renderers.registry import GENERIC, renders
from connectors.slack.turns import BotReply


@renders(GENERIC)
def generic(reply: BotReply) -> list[Block]:
    """Text, then any list of items in the payload as short cards, then the buttons."""
    blocks = text_sections(reply.text)
    payload = reply.payload or {}
    if not reply.text:
        for key, value in payload.items():
            if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
                blocks.append(section(f"*{escape(key.replace('_', ' ').capitalize())}*"))
                for item in value[:MAX_CARDS]:
                    blocks.append(section(_item_line(item)))
            elif key not in {"type", "buttons", "feedback"} and isinstance(value, (str, int, float)):
                blocks.append(section(f"*{escape(key.replace('_', ' '))}*: {escape(str(value))}"))
    blocks += rasa_buttons(reply)
    blocks += actions(payload_buttons(payload.get("buttons")))
    return blocks


def _item_line(item: dict[str, Any]) -> str:
    """One list item: its name or title in bold, the other plain values after it."""
    name = next((str(item[k]) for k in ("name", "title", "label") if item.get(k)), "")
    rest = [label(v) for k, v in item.items() if k not in {"name", "title", "label", "buttons"} and not k.endswith("id")]
    line = " · ".join(escape(r) for r in rest if r)
    return f"*{escape(name)}*  {line}".strip() if name else line or " "


@renders("help")
def help_reply(reply: BotReply) -> list[Block]:
    """What the assistant can do, with the examples as buttons that ask them."""
    examples = [str(e) for e in (reply.payload or {}).get("examples") or []]
    buttons = [button(e, e) for e in examples]
    return text_sections(reply.text) + ([context("Try one:")] + actions(buttons) if examples else [])


@renders("error")
def error_reply(reply: BotReply) -> list[Block]:
    """Errors stand out, and say nothing was changed (the wording comes from the bot)."""
    return [section(f":warning: {escape(reply.text)}")] + rasa_buttons(reply)


@renders("confirmation", "confirm")
def confirmation(reply: BotReply) -> list[Block]:
    """A write waiting for a yes or no: one-shot Yes (affirm) / No (deny) buttons."""
    payload = reply.payload or {}
    text = reply.text or str(payload.get("summary") or payload.get("question") or "Shall I go ahead?")
    if reply.buttons:
        row = rasa_buttons(reply, once=True)
    else:
        row = actions([
            button(str(payload.get("yes") or "Yes, do it"), "/affirm", once=True, style="primary"),
            button(str(payload.get("no") or "No"), "/deny", once=True),
        ])
    return text_sections(text) + row


@renders("feedback")
def feedback(reply: BotReply) -> list[Block]:
    """A standalone request for feedback on a recommendation."""
    return text_sections(reply.text) + thumbs(reply.payload or {})
