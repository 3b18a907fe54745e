"""Recruiter question: who are the best candidates for this role (form `recommend_form` fills `role`)."""

from __future__ import annotations

import asyncio
import logging
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from bot.actions.base import Events, HRAction, say
from bot.messages.recommendations import ask_role, recommendations_reply, role_resolved, unknown_role
from bot.messages.reply import INTERNAL_ERROR, STORE_DOWN
from bot.services.identity import Identity, resolve_identity
from bot.services.recommendations import match_role, open_roles, recommend_for_role
from store.engine import StoreUnavailable, session_scope

log = logging.getLogger(__name__)


def typed_role(tracker: Tracker) -> str:
    """The role to use: one named in this message, else the slot (filled and validated by the form)."""
    value = next(tracker.get_latest_entity_values("role"), None) or tracker.get_slot("role")
    return str(value).strip() if value else ""


def role_answered(problem: str, role_title: str, shown: list[str]) -> Events:
    """Slots after a role answer: forget an unknown role, else keep it and the people shown for follow-ups."""
    if problem == "unknown_role":
        return [SlotSet("role", None)]
    events: Events = [SlotSet("role", role_title)]
    if shown:
        events.append(SlotSet("last_candidates", shown))
    return events


class ActionRecommendCandidates(HRAction):
    """Answers `recommend_candidates` once `role` is known: top matches, each explained."""

    recruiters_only = True

    def name(self) -> str:
        return "action_recommend_candidates"

    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        role = typed_role(tracker)
        if not role:
            say(dispatcher, ask_role(open_roles(session)))
            return []
        rec = recommend_for_role(session, role)
        say(dispatcher, recommendations_reply(rec))
        return role_answered(rec.problem, rec.role_title, [str(m.candidate_id) for m in rec.matches])


class ActionAskRole(HRAction):
    """Asks for `role` in `recommend_form`, offering open roles as buttons."""

    recruiters_only = True

    def name(self) -> str:
        return "action_ask_role"

    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        say(dispatcher, ask_role(open_roles(session)))
        return []


def _is_recruiter(sender_id: str | None) -> bool:
    """Whether the sender may see candidates; a store outage counts as yes so the form still asks."""
    try:
        with session_scope() as session:
            return resolve_identity(session, sender_id).is_recruiter
    except Exception:  # noqa: BLE001 - the recommend action answers the outage clearly
        log.warning("validate_recommend_form: identity lookup failed")
        return True


class ValidateRecommendForm(FormValidationAction):
    """Turns the typed role into a catalog title; unknown or ambiguous leaves it empty so the form asks again."""

    def name(self) -> str:
        return "validate_recommend_form"

    async def required_slots(
        self, domain_slots: list[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> list[str]:
        """Employees get no question at all: the form ends at once and the recommend action refuses."""
        return domain_slots if await asyncio.to_thread(_is_recruiter, tracker.sender_id) else []

    async def validate_role(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> dict[str, Any]:
        """A catalog title for `role`, or None with suggestions said (off the event loop: it may embed)."""
        return await asyncio.to_thread(self._validate_role, slot_value, dispatcher, tracker)

    def _validate_role(self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker) -> dict[str, Any]:
        """The blocking part of validate_role: one store session, catalog and index lookups."""
        typed = " ".join(str(slot_value or "").split())
        if not typed:
            return {"role": None}
        try:
            with session_scope() as session:
                if not resolve_identity(session, tracker.sender_id).is_recruiter:
                    return {"role": typed}  # the recommend action refuses; nothing is looked up here
                found = match_role(session, typed)
                if found.role is None:
                    say(dispatcher, unknown_role(found.query, found.suggestions))
                    return {"role": None}
                if found.how in ("fuzzy", "semantic"):
                    say(dispatcher, role_resolved(typed[:60], found.role.title))
                return {"role": found.role.title}
        except StoreUnavailable:
            log.warning("validate_recommend_form: store unavailable")
            say(dispatcher, STORE_DOWN)
        except Exception:  # noqa: BLE001 - the user gets a clear answer, the log the trace
            log.exception("validate_recommend_form failed")
            say(dispatcher, INTERNAL_ERROR)
        return {"role": None}
