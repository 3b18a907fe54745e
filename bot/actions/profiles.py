"""Recruiter question: tell me about this candidate (by name, "the second one" or "her")."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, entity_values, say, user_text
from bot.messages.people import no_such_position, who_do_you_mean
from bot.messages.profiles import ASK_WHO_PROFILE, profile_reply
from bot.services.identity import Identity
from bot.services.profiles import profile_of
from bot.services.references import resolve_person


class ActionCandidateProfile(HRAction, name="action_candidate_profile", recruiters_only=True):
    """Answers `candidate_profile` with professional facts only (no contact details, no protected data)."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        ref = resolve_person(session, user_text(tracker), entity_values(tracker, "person"), tracker.current_slot_values())
        if ref.candidate is None:
            if ref.source == "ordinal":
                say(dispatcher, no_such_position(ref.ordinal or 0, ref.list_size))
            elif ref.lookup.query:
                say(dispatcher, who_do_you_mean(ref.lookup, "candidate_profile"))
                if len(ref.lookup.matches) > 1:
                    return [SlotSet("last_candidates", [str(c.id) for c in ref.lookup.matches])]
            else:
                say(dispatcher, ASK_WHO_PROFILE)
            return []
        say(dispatcher, profile_reply(profile_of(session, ref.candidate)))
        return [SlotSet("person", ref.candidate.full_name), SlotSet("person_id", str(ref.candidate.id))]
