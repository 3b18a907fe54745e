"""Anyone's question: what a role is about and what it requires."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages.roles import ask_role_reply, role_card_reply, role_suggestions_reply
from bot.services.identity import Identity
from bot.services.parsing import level_as_target
from bot.services.roles import open_roles, pick_role, role_card


class ActionRoleInfo(HRAction, name="action_role_info"):
    """Answers `role_info` from the role catalog; employees see it too (career growth), minus applicant counts."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        entity = next(tracker.get_latest_entity_values("role"), None)
        text = latest_text(tracker)
        level = level_as_target(text)  # "what does a lead role involve?": that level's roles, not the last role
        lookup = pick_role(session, entity, text, None if level else tracker.get_slot("role"))
        if lookup.role is None:
            if lookup.query:
                say(dispatcher, role_suggestions_reply(lookup, "role_info"))
            else:
                roles = open_roles(session)
                at_level = [r.title for r in roles if level and r.seniority == level]
                question = f"Which {level.value} role would you like to know about?" if at_level else (
                    "Which role would you like to know about?")
                titles = at_level or [r.title for r in roles]
                say(dispatcher, ask_role_reply(question, titles, "role_info"))
            return []
        card = role_card(session, lookup.role, with_applicants=identity.is_recruiter)
        say(dispatcher, role_card_reply(card))
        return [SlotSet("role", lookup.role.title)]
