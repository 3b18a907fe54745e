"""Recruiter question: screen the applicants of a role against its must-have skills."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, user_text
from bot.actions.recommendations import RoleAnswer, answer_about_role
from bot.messages.screening import ask_role, screening_reply, shown_ids
from bot.services.identity import Identity
from bot.services.screening import screen_applicants, stages_asked


class ActionScreenApplicants(HRAction, name="action_screen_applicants", recruiters_only=True):
    """Answers `screen_applicants`: new applicants by default, "all applicants" for every active stage."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        def screen(role: str) -> RoleAnswer:
            screening = screen_applicants(session, role, stages=stages_asked(user_text(tracker)))
            return RoleAnswer(screening_reply(screening), screening.problem, screening.role_title, shown_ids(screening))

        return answer_about_role(session, dispatcher, tracker, ask_role, screen)
