"""Wording shared by the coaching answers: who to ask when the bot doesn't know the asker."""

from __future__ import annotations

import json

NO_PROFILE_NOTE = (
    "I don't have an employee profile linked to your account, so this isn't personalised. "
    "To get advice based on your own skills, ask the People team (HR) to link your chat account to "
    "your employee record, or sign in with your work account."
)
FEEDBACK_QUESTION = "Was this useful? (yes / no)"


def intent_button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A button that sends an intent with entities, as Rasa parses `/intent{...}`."""
    return {"title": title, "payload": f"/{intent}" + (json.dumps(entities) if entities else "")}


def bullet(lines: list[str]) -> str:
    """Lines as a bulleted list."""
    return "\n".join(f"• {line}" for line in lines)
