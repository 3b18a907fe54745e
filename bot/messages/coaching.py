"""Wording shared by the coaching answers: who to ask when the bot doesn't know the asker, unknown names."""

from __future__ import annotations

import json

from bot.messages.reply import Reply, did_you_mean

NO_PROFILE_NOTE = (
    "I don't have an employee profile linked to your account, so this isn't personalised. "
    "To get advice based on your own skills, ask the People team (HR) to link your chat account to "
    "your employee record, or sign in with your work account."
)
FEEDBACK_QUESTION = "Was this useful? (yes / no)"


def intent_button(title: str, intent: str, **entities: str) -> dict[str, str]:
    """A button that sends an intent with entities, as Rasa parses `/intent{...}`."""
    return {"title": title, "payload": f"/{intent}" + (json.dumps(entities) if entities else "")}


def choice_buttons(names: list[str], intent: str, entity: str) -> list[dict[str, str]]:
    """One button per name that asks `intent` again with that name as `entity`."""
    return [intent_button(n, intent, **{entity: n}) for n in names]


def unknown_reply(text: str, query: str, names: list[str], intent: str, entity: str) -> Reply:
    """An unknown skill or role: say so and offer the close names, each a button that asks again with it."""
    return Reply(text + did_you_mean(names), {"type": "suggestions", "query": query, "names": names},
                 buttons=choice_buttons(names, intent, entity))


def bullet(lines: list[str]) -> str:
    """Lines as a bulleted list."""
    return "\n".join(f"• {line}" for line in lines)
