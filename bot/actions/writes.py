"""Recruiter writes, step one: work out and check what to change, then ask for a yes/no (never write here)."""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages import writes as msg
from bot.messages.people import no_such_position, who_do_you_mean
from bot.messages.reply import Reply
from bot.messages.roles import role_suggestions_reply
from bot.services.identity import Identity
from bot.services.references import resolve_person
from bot.services.roles import RoleLookup, find_role, open_roles, pick_role
from bot.services.write_checks import check_move, check_shortlist, choose_application, choose_shortlist_role
from bot.services.writes import TERMINAL, next_stage, parse_stage, person_text, stage_in_text, wants_next_stage
from store.models import Candidate, Stage

CLEAR = SlotSet("pending_write", None)


def _person_events(candidate: Candidate) -> Events:
    return [SlotSet("person", candidate.full_name), SlotSet("person_id", str(candidate.id))]


def _find_person(
    session: Session, tracker: Tracker, drop: list[str], intent: str, extra: dict[str, str], ask: Reply
) -> tuple[Candidate | None, Reply | None]:
    """The one person a write is about, or the reply that asks who."""
    entities = [v for v in tracker.get_latest_entity_values("person") if isinstance(v, str)]
    text = person_text(latest_text(tracker), drop)
    ref = resolve_person(session, text, entities, tracker.current_slot_values())
    if ref.candidate is not None:
        return ref.candidate, None
    if ref.source == "ordinal":
        return None, no_such_position(ref.ordinal, ref.list_size)
    if ref.lookup.matches or ref.lookup.suggestions or ref.lookup.query.strip():
        return None, who_do_you_mean(ref.lookup, intent, extra)
    return None, ask


def _role_lookup(session: Session, tracker: Tracker) -> RoleLookup:
    """The role named in this message (entity or written title); the slot is not consulted here."""
    return pick_role(session, next(tracker.get_latest_entity_values("role"), None), latest_text(tracker))


class ActionPrepareShortlist(HRAction):
    """`shortlist_candidate`: resolve who and for which role, check, and ask to confirm."""

    recruiters_only = True

    def name(self) -> str:
        return "action_prepare_shortlist"

    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        lookup = _role_lookup(session, tracker)
        role = lookup.role
        extra = {"role": role.title} if role is not None else {}
        drop = [lookup.query, *(tracker.get_latest_entity_values("role"))]
        candidate, ask = _find_person(session, tracker, drop, "shortlist_candidate", extra, msg.ASK_WHO_SHORTLIST)
        if candidate is None:
            say(dispatcher, ask or msg.ASK_WHO_SHORTLIST)
            return [CLEAR]
        events = _person_events(candidate)
        if role is None and lookup.query:
            say(dispatcher, role_suggestions_reply(lookup, "shortlist_candidate", {"person": candidate.full_name}))
            return [*events, CLEAR]
        if role is None and tracker.get_slot("role"):
            role = find_role(session, str(tracker.get_slot("role"))).role
        choice = choose_shortlist_role(session, candidate, role)
        if choice.role is None:
            titles = [r.title for r in open_roles(session)]
            say(dispatcher, msg.which_shortlist_role(candidate.full_name, choice.options,
                                                     {"person": candidate.full_name}, titles))
            return [*events, CLEAR]
        events.append(SlotSet("role", choice.role.title))
        check = check_shortlist(session, candidate, choice.role)
        if check.pending is None:
            if check.problem == "role_closed":
                say(dispatcher, msg.role_closed(choice.role.title))
            else:
                say(dispatcher, msg.already_shortlisted(candidate.full_name, choice.role.title))
            return [*events, CLEAR]
        say(dispatcher, msg.confirm_shortlist(check.pending))
        return [*events, SlotSet("pending_write", check.pending)]


def _target_stage(tracker: Tracker) -> tuple[Stage | None, bool]:
    """The stage asked for (entity, else words in the text) and whether "next round" was meant."""
    text = latest_text(tracker)
    for value in tracker.get_latest_entity_values("stage"):
        stage = parse_stage(str(value))
        if stage is not None:
            return stage, False
    stage = stage_in_text(text)
    if stage is not None:
        return stage, False
    return None, wants_next_stage(text)


class ActionPrepareMoveStage(HRAction):
    """`move_stage`: resolve who, which application and which stage, check, and ask to confirm."""

    recruiters_only = True

    def name(self) -> str:
        return "action_prepare_move_stage"

    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        lookup = _role_lookup(session, tracker)
        target, wants_next = _target_stage(tracker)
        extra: dict[str, Any] = {}
        if lookup.role is not None:
            extra["role"] = lookup.role.title
        if target is not None:
            extra["stage"] = target.value
        drop = [lookup.query, *(tracker.get_latest_entity_values("role")), *(tracker.get_latest_entity_values("stage"))]
        candidate, ask = _find_person(session, tracker, drop, "move_stage", extra, msg.ASK_WHO_MOVE)
        if candidate is None:
            say(dispatcher, ask or msg.ASK_WHO_MOVE)
            return [CLEAR]
        name = candidate.full_name
        events = _person_events(candidate)
        keep = {"person": name, **({"stage": target.value} if target is not None else {})}
        if lookup.role is None and lookup.query:
            say(dispatcher, role_suggestions_reply(lookup, "move_stage", keep))
            return [*events, CLEAR]
        choice = choose_application(session, candidate, lookup.role)
        if choice.problem == "no_applications":
            say(dispatcher, msg.no_applications(name))
            return [*events, CLEAR]
        if choice.problem == "not_applied":
            say(dispatcher, msg.not_applied(name, lookup.role.title if lookup.role else "", choice.options, keep))
            return [*events, CLEAR]
        if choice.application is None or choice.role is None:
            say(dispatcher, msg.which_application(name, choice.options, keep))
            return [*events, CLEAR]
        app, role = choice.application, choice.role
        events.append(SlotSet("role", role.title))
        current = Stage(app.stage)
        if target is None:
            if current in TERMINAL:
                say(dispatcher, msg.terminal_stage(name, role.title, current.value))
                return [*events, CLEAR]
            if not wants_next:
                say(dispatcher, msg.ask_stage(name, role.title, current.value, {"person": name, "role": role.title}))
                return [*events, CLEAR]
            target = next_stage(current)
            if target is None:
                say(dispatcher, msg.no_next_stage(name, role.title, current.value))
                return [*events, CLEAR]
        check = check_move(session, candidate, app, role, target)
        if check.pending is None:
            if check.problem == "same_stage":
                say(dispatcher, msg.same_stage(name, role.title, current.value))
            else:
                say(dispatcher, msg.terminal_stage(name, role.title, current.value))
            return [*events, CLEAR]
        say(dispatcher, msg.confirm_move(check.pending))
        return [*events, SlotSet("pending_write", check.pending)]
