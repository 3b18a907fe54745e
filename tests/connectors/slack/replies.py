"""Real bot replies (from bot/messages) as Rasa's REST channel delivers them: text+buttons, then custom."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from bot.messages import Reply, status_reply
from bot.services.applications import ApplicationView, PersonStatus, StatusLookup
from store.models import Stage

HELP = Reply(
    "Here's what I can do:\n• Application status: \"where is Amara Okafor in the process?\"",
    {"type": "help", "examples": ["where is Amara Okafor in the process?", "what should I learn to become an ML engineer?"]},
)


def rest(reply: Reply, sender: str = "u") -> list[dict[str, Any]]:
    """What `POST /webhooks/rest/webhook` returns for one `utter_message(**reply.as_message())`."""
    message = reply.as_message()
    first: dict[str, Any] = {"recipient_id": sender, "text": message["text"]}
    if message.get("buttons"):
        first["buttons"] = message["buttons"]
    out = [first]
    if "json_message" in message:
        out.append({"recipient_id": sender, "custom": message["json_message"]})
    return out


def amara(candidate_id: int = 1, headline: str = "Data Engineer", location: str = "Berlin") -> PersonStatus:
    """A candidate with two applications."""
    apps = [
        ApplicationView("Senior NLP Engineer", Stage.phone_screen, datetime(2026, 3, 2), 2),
        ApplicationView("Data Engineer", Stage.offer, datetime(2026, 4, 9), 5),
    ]
    return PersonStatus(candidate_id, "Amara Okafor", headline, location, apps)


def status_of_amara() -> Reply:
    """One person found: her status card."""
    return status_reply(StatusLookup("Amara Okafor", [amara()], []))


def two_amaras() -> Reply:
    """Two people of the same name: which one?"""
    return status_reply(StatusLookup("Amara Okafor", [amara(1), amara(2, "ML Engineer", "Munich")], []))


def did_you_mean() -> Reply:
    """No exact match, close names offered."""
    return status_reply(StatusLookup("Amara Okafr", [], ["Amara Okafor", "Amara Okoye"]))
