"""Wording of a request the assistant could not place that names someone it knows."""

from __future__ import annotations

from bot.messages.reply import Reply
from bot.messages.roles import intent_button


def named_person_reply(names: list[str]) -> Reply:
    """"I'm not sure what you'd like to know about X": the two questions asked most about a person, as buttons."""
    who = " or ".join(names)
    buttons = [button for name in names for button in (
        intent_button(f"Status of {name}", "application_status", {"person": name}),
        intent_button(f"Profile of {name}", "candidate_profile", {"person": name}),
    )]
    return Reply(f"I'm not sure what you'd like to know about {who}. Their application status or their profile?",
                 {"type": "ask", "slot": "person", "names": names}, buttons=buttons)
