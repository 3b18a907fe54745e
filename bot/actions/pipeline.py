"""Recruiter question: how is the hiring funnel doing, for one role or all open roles."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages.pipeline import pipeline_reply, unknown_location_reply
from bot.messages.roles import role_suggestions_reply
from bot.services.identity import Identity
from bot.services.parsing import mentions_current_role
from bot.services.pipeline import match_location, pipeline_summary
from bot.services.roles import pick_role


class ActionPipelineSummary(HRAction, name="action_pipeline_summary", recruiters_only=True):
    """Answers `pipeline_summary`: stage counts, conversion and time in stage."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        text = latest_text(tracker)
        slot = tracker.get_slot("role") if mentions_current_role(text) else None
        lookup = pick_role(session, next(tracker.get_latest_entity_values("role"), None), text, slot)
        if lookup.query and lookup.role is None:
            say(dispatcher, role_suggestions_reply(lookup, "pipeline_summary"))
            return []
        location = None
        place = next(tracker.get_latest_entity_values("location"), None)
        if lookup.role is None and place:
            found = match_location(session, place)
            if found.location is None:
                say(dispatcher, unknown_location_reply(found))
                return []
            location = found.location
        say(dispatcher, pipeline_reply(pipeline_summary(session, lookup.role, location)))
        return [SlotSet("role", lookup.role.title)] if lookup.role is not None else []
