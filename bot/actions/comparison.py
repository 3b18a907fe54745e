"""Recruiter question: how do these candidates compare (optionally for a role)."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, entity_values, say, user_text
from bot.messages.comparison import ask_for_people, comparison_reply
from bot.messages.people import who_do_you_mean
from bot.services.comparison import compare
from bot.services.identity import Identity
from bot.services.references import resolve_people


class ActionCompareCandidates(HRAction, name="action_compare_candidates", recruiters_only=True):
    """Answers `compare_candidates`: two or more people side by side, with role fit when a role is known."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        refs = resolve_people(session, user_text(tracker), entity_values(tracker, "person"),
                              tracker.current_slot_values())
        if len(refs.candidates) < 2:
            ambiguous = next((u for u in refs.unresolved if u.matches or u.suggestions), None)
            if ambiguous is not None:
                keep = [c.full_name for c in refs.candidates]
                say(dispatcher, who_do_you_mean(ambiguous, "compare_candidates", keep=keep))
            else:
                say(dispatcher, ask_for_people([c.full_name for c in refs.candidates],
                                               [u.query for u in refs.unresolved]))
            return []
        roles = entity_values(tracker, "role")
        role_text = roles[0] if roles else tracker.get_slot("role")
        result = compare(session, refs.candidates, role_text, entity_values(tracker, "skill"))
        say(dispatcher, comparison_reply(result, [u.query for u in refs.unresolved]))
        events: Events = [SlotSet("last_candidates", [str(c.id) for c in refs.candidates])]
        if result.role_title:
            events.append(SlotSet("role", result.role_title))
        return events
