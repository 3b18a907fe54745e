"""Rasa's REST replies regrouped into one reply per utterance (text, its buttons, its payload)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class BotReply:
    """What one `utter_message` produced; Rasa's REST channel splits it into text and `custom`."""

    text: str = ""
    buttons: list[dict[str, str]] = field(default_factory=list)
    payload: dict[str, Any] | None = None

    @property
    def type(self) -> str:
        """The payload type that picks a renderer ('' for plain text)."""
        return str((self.payload or {}).get("type") or "")


def group(messages: list[dict[str, Any]]) -> list[BotReply]:
    """Attach each `custom` message to the text sent just before it (Rasa sends custom second)."""
    replies: list[BotReply] = []
    open_for_payload = False
    for message in messages:
        custom = message.get("custom")
        if isinstance(custom, dict):
            if replies and open_for_payload:
                replies[-1].payload = custom
            else:
                replies.append(BotReply(text=str(custom.get("text") or ""), payload=custom))
            open_for_payload = False
            continue
        text = str(message.get("text") or "")
        for key in ("image", "attachment"):
            if message.get(key):
                text = f"{text}\n{message[key]}".strip()
        buttons = [b for b in message.get("buttons") or [] if isinstance(b, dict)]
        if text or buttons:
            replies.append(BotReply(text=text, buttons=buttons))
            open_for_payload = True
    return replies
