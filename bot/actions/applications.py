"""Recruiter question: where is someone in the hiring process."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages import ASK_WHO, status_reply
from bot.messages.people import no_such_position
from bot.services.applications import StatusLookup, applications_of
from bot.services.identity import Identity
from bot.services.references import resolve_person


class ActionApplicationStatus(HRAction, name="action_application_status", recruiters_only=True):
    """Answers `application_status` from the SQL store: by name (fuzzy), "the second one" or "her"."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        text = latest_text(tracker)
        entities = [str(v) for v in tracker.get_latest_entity_values("person") if v]
        ref = resolve_person(session, "" if text.startswith("/") else text, entities, tracker.current_slot_values())
        if ref.candidate is not None:
            person = applications_of(session, ref.candidate)
            say(dispatcher, status_reply(StatusLookup(ref.candidate.full_name, [person], [])))
            return [SlotSet("person", ref.candidate.full_name), SlotSet("person_id", str(ref.candidate.id))]
        if ref.source == "ordinal":
            say(dispatcher, no_such_position(ref.ordinal or 0, ref.list_size))
            return []
        if not ref.lookup.query.strip():
            say(dispatcher, ASK_WHO)
            return []
        found = ref.lookup
        people = [applications_of(session, c) for c in found.matches]
        say(dispatcher, status_reply(StatusLookup(found.query, people, [c.full_name for c in found.suggestions])))
        events: Events = [SlotSet("person", None)]
        if len(found.matches) > 1:
            events.append(SlotSet("last_candidates", [str(c.id) for c in found.matches]))
        return events
