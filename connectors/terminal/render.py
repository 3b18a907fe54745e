"""Rasa REST replies rendered as plain terminal text, buttons as numbered choices."""

from __future__ import annotations

from typing import Any


def render(messages: list[dict[str, Any]]) -> tuple[str, list[dict[str, str]]]:
    """Text to print and the buttons (in order) the user may pick by number."""
    lines: list[str] = []
    buttons: list[dict[str, str]] = []
    for message in messages:
        if message.get("text"):
            lines.append(str(message["text"]))
        elif isinstance(message.get("custom"), dict) and message["custom"].get("text"):
            lines.append(str(message["custom"]["text"]))
        for button in message.get("buttons") or []:
            buttons.append(button)
            lines.append(f"  [{len(buttons)}] {button.get('title', '')}")
    return "\n".join(lines), buttons


def pick(user_input: str, buttons: list[dict[str, str]]) -> str:
    """A bare number picks the matching button's payload; anything else is sent as typed."""
    stripped = user_input.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(buttons):
        return buttons[int(stripped) - 1].get("payload", stripped)
    return user_input
