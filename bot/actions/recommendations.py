"""Recruiter question: who are the best candidates for this role (form `recommend_form` fills `role`)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from bot.actions.base import Events, HRAction, say
from bot.actions.forms import RecruiterFormValidation, Slots
from bot.messages.recommendations import ask_role, recommendations_reply, role_resolved, unknown_role
from bot.messages.reply import Reply
from bot.services.identity import Identity, identity_of
from bot.services.recommendations import match_role, open_roles, recommend_for_role


@dataclass(frozen=True)
class RoleAnswer:
    """An answer about one role: the reply, and what the slots keep of it."""

    reply: Reply
    problem: str
    role_title: str
    shown: list[str]


def typed_role(tracker: Tracker) -> str:
    """The role to use: one named in this message, else the slot (filled and validated by the form)."""
    value = next(tracker.get_latest_entity_values("role"), None) or tracker.get_slot("role")
    return str(value).strip() if value else ""


def answer_about_role(
    session: Session, dispatcher: CollectingDispatcher, tracker: Tracker,
    ask: Callable[[list[str]], Reply], answer: Callable[[str], RoleAnswer],
) -> Events:
    """Ask for the role (offering the open ones) when none is known, else answer for it and keep what it showed."""
    role = typed_role(tracker)
    if not role:
        say(dispatcher, ask(open_roles(session)))
        return []
    result = answer(role)
    say(dispatcher, result.reply)
    if result.problem == "unknown_role":
        return [SlotSet("role", None)]
    events: Events = [SlotSet("role", result.role_title)]
    if result.shown:
        events.append(SlotSet("last_candidates", result.shown))
    return events


def _recommendations(session: Session, role: str) -> RoleAnswer:
    rec = recommend_for_role(session, role)
    return RoleAnswer(recommendations_reply(rec), rec.problem, rec.role_title, [str(m.candidate_id) for m in rec.matches])


class ActionRecommendCandidates(HRAction, name="action_recommend_candidates", recruiters_only=True):
    """Answers `recommend_candidates` once `role` is known: top matches, each explained."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        return answer_about_role(session, dispatcher, tracker, ask_role, lambda role: _recommendations(session, role))


class ActionAskRole(HRAction, name="action_ask_role", recruiters_only=True, form_step=True):
    """Asks for `role` in `recommend_form`, offering open roles as buttons."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        say(dispatcher, ask_role(open_roles(session)))
        return []


class ValidateRecommendForm(RecruiterFormValidation):
    """Turns the typed role into a catalog title; unknown or ambiguous leaves it empty so the form asks again."""

    def name(self) -> str:
        return "validate_recommend_form"

    async def validate_role(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """A catalog title for `role`, or None with suggestions said (off the event loop: it may embed)."""
        typed = " ".join(str(slot_value or "").split())
        if not typed:
            return {"role": None}

        def step(session: Session) -> Slots:
            if not identity_of(session, tracker.sender_id, tracker.latest_message).is_recruiter:
                return {"role": typed}  # the recommend action refuses; nothing is looked up here
            found = match_role(session, typed)
            if found.role is None:
                say(dispatcher, unknown_role(found.query, found.suggestions))
                return {"role": None}
            if found.how in ("fuzzy", "semantic"):
                say(dispatcher, role_resolved(typed[:60], found.role.title))
            return {"role": found.role.title}

        return await self.in_store(dispatcher, step, {"role": None})
