"""Recruiter question: screen the applicants of a role against its must-have skills."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, say, user_text
from bot.actions.recommendations import role_answered, typed_role
from bot.messages.screening import ask_role, screening_reply, shown_ids
from bot.services.identity import Identity
from bot.services.recommendations import open_roles
from bot.services.screening import screen_applicants, stages_asked


class ActionScreenApplicants(HRAction):
    """Answers `screen_applicants`: new applicants by default, "all applicants" for every active stage."""

    recruiters_only = True

    def name(self) -> str:
        return "action_screen_applicants"

    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        role = typed_role(tracker)
        if not role:
            say(dispatcher, ask_role(open_roles(session)))
            return []
        screening = screen_applicants(session, role, stages=stages_asked(user_text(tracker)))
        say(dispatcher, screening_reply(screening))
        return role_answered(screening.problem, screening.role_title, shown_ids(screening))
