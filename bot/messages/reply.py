"""Channel-neutral replies: plain text every channel can show, plus a structured payload."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass
class Reply:
    """Text for the terminal and a payload (cards, lists, buttons) for Slack and the web chat."""

    text: str
    payload: dict[str, Any] | None = None
    buttons: list[dict[str, str]] = field(default_factory=list)

    def as_message(self) -> dict[str, Any]:
        """Keyword arguments for rasa-sdk's `dispatcher.utter_message`."""
        message: dict[str, Any] = {"text": self.text}
        if self.payload is not None:
            message["json_message"] = self.payload
        if self.buttons:
            message["buttons"] = self.buttons
        return message


STORE_DOWN = Reply(
    "I can't reach the HR database right now, so I can't answer that. Nothing was changed; "
    "please try again in a minute.",
    {"type": "error", "reason": "store_unavailable"},
)
INTERNAL_ERROR = Reply(
    "Something went wrong on my side while answering that. Nothing was changed; please try "
    "again or rephrase.",
    {"type": "error", "reason": "internal"},
)
RECRUITERS_ONLY = Reply(
    "That's recruiter-only information, so I can't share it. I can help you with training, "
    "your skill gaps and career paths: try \"what should I learn to become a data scientist?\"",
    {"type": "error", "reason": "forbidden"},
)
