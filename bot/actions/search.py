"""Recruiter question: who in the talent pool matches these criteria (and "show more")."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, entity_values, latest_text, say, user_text
from bot.messages.search import NOTHING_TO_CONTINUE, search_reply
from bot.services.identity import Identity
from bot.services.search import continue_search, is_more_request, new_request, run_search


class ActionSearchCandidates(HRAction, name="action_search_candidates", recruiters_only=True):
    """Answers `search_candidates`: hybrid retrieval with the named filters, five per page."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        skills, locations = entity_values(tracker, "skill"), entity_values(tracker, "location")
        seniorities, roles = entity_values(tracker, "seniority"), entity_values(tracker, "role")
        text = user_text(tracker)
        has_filters = bool(skills or locations or seniorities or roles)
        bare_button = not has_filters and latest_text(tracker).strip() == "/search_candidates"
        if bare_button or is_more_request(text, has_filters):
            page = continue_search(tracker.get_slot("search_state"))
            if page is None:
                say(dispatcher, NOTHING_TO_CONTINUE)
                return []
        else:
            page = run_search(new_request(text or " ".join(roles), skills, locations, seniorities))
        say(dispatcher, search_reply(page))
        if page.problem in ("no_query", "unavailable"):
            return []
        events: Events = [SlotSet("search_state", page.request.as_state())]
        if page.rows:
            events.append(SlotSet("last_candidates", [str(r.candidate_id) for r in page.rows]))
        return events
