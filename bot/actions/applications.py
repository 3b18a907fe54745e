"""Recruiter question: where is someone in the hiring process."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages import ASK_WHO, RECRUITERS_ONLY, status_reply
from bot.services.applications import application_status
from bot.services.identity import Identity
from bot.services.names import name_tokens


class ActionApplicationStatus(HRAction):
    """Answers `application_status` from the SQL store, by name, fuzzy-matched."""

    def name(self) -> str:
        return "action_application_status"

    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        if not identity.is_recruiter:
            say(dispatcher, RECRUITERS_ONLY)
            return []
        entity = next(tracker.get_latest_entity_values("person"), None)
        query = entity or " ".join(name_tokens(latest_text(tracker)))
        if not query.strip():
            say(dispatcher, ASK_WHO)
            return []
        lookup = application_status(session, query)
        say(dispatcher, status_reply(lookup))
        person = lookup.people[0].name if len(lookup.people) == 1 else None
        return [SlotSet("person", person)]
