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


def error_reply(reason: str, text: str) -> Reply:
    """A fixed answer that did nothing; `reason` lets a channel show it as that kind of error."""
    return Reply(text, {"type": "error", "reason": reason})


def ask_reply(slot: str, text: str, buttons: list[dict[str, str]] | None = None, **extra: Any) -> Reply:
    """A question that fills `slot`; `extra` (options, what was understood) follows in the payload."""
    return Reply(text, {"type": "ask", "slot": slot, **extra}, buttons or [])


def did_you_mean(names: list[str]) -> str:
    """" Did you mean: a, b?" after an unknown name, or nothing when there is no close one."""
    return f" Did you mean: {', '.join(names)}?" if names else ""


STORE_DOWN = error_reply(
    "store_unavailable",
    "I can't reach the HR database right now, so I can't answer that. Nothing was changed; "
    "please try again in a minute.",
)
INTERNAL_ERROR = error_reply(
    "internal",
    "Something went wrong on my side while answering that. Nothing was changed; please try "
    "again or rephrase.",
)
RECRUITERS_ONLY = error_reply(
    "forbidden",
    "That's recruiter-only information, so I can't share it. I can help you with training, "
    "your skill gaps and career paths: try \"what should I learn to become a data scientist?\"",
)
