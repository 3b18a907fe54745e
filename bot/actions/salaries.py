"""Anyone's question: the pay band for a role family, level and location."""

from __future__ import annotations

import re

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages.salaries import salary_reply
from bot.services.identity import Identity
from bot.services.parsing import level_as_target, level_in_text
from bot.services.roles import role_in_text
from bot.services.salaries import location_in_text, resolve_band_query, salary_bands


class ActionSalaryRange(HRAction, name="action_salary_range"):
    """Answers `salary_range`; pay bands are company-level facts, so employees may see them too."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        text = latest_text(tracker)[:2000]
        role_text = next(tracker.get_latest_entity_values("role"), None)
        if not role_text:
            written = role_in_text(session, text)
            # "the pay for a lead role": the level is the target, not the last turn's role
            fallback = None if level_as_target(text) else tracker.get_slot("role")
            role_text = written.title if written is not None else fallback
        rest = re.sub(re.escape(role_text), " ", text, flags=re.I) if role_text else text
        seniority = next(tracker.get_latest_entity_values("seniority"), None) or level_in_text(rest)
        location = next(tracker.get_latest_entity_values("location"), None) or location_in_text(session, rest)
        query = resolve_band_query(session, role_text=role_text, seniority_text=seniority, location_text=location)
        say(dispatcher, salary_reply(salary_bands(session, query)))
        return []
