"""Recruiter stage moves as the form `move_stage_form`: whose application, which one, which stage; then a yes/no.

Each move_stage message is read afresh (a name, "the second one", "her"; a role; a stage). The form asks which
application when the person has several, and which stage when none (or no valid one) was named; where a move
cannot go on (nobody found, no application, a final stage) it says why and ends. `action_prepare_move_stage`
then checks the move and asks to confirm; the affirm/deny actions do the rest.
"""

from __future__ import annotations

from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from bot.actions.base import MOVE_SLOTS, PENDING_SLOTS, Events, HRAction, latest_text, say
from bot.actions.forms import RecruiterFormValidation, Slots
from bot.messages import writes as msg
from bot.messages.people import no_such_position, who_do_you_mean
from bot.messages.reply import Reply
from bot.messages.roles import role_suggestions_reply
from bot.services.identity import Identity
from bot.services.roles import find_role, pick_role
from bot.services.write_checks import (
    AppChoice,
    application_for_title,
    check_move,
    choose_application,
    move_target,
)
from bot.services.write_requests import WriteRequest, read_write_request
from bot.services.parsing import parse_stage, target_stage, wants_next_stage
from store.models import Candidate, Stage

STOP: Slots = {REQUESTED_SLOT: None}
"""What a validation returns to end the form early (it has said why); the submit action then clears the slots."""

_ENTITY = {"application": "role", "target_stage": "stage"}
"""The entity each form slot is filled from."""


def _is_move(tracker: Tracker) -> bool:
    """Only move_stage messages answer the form; anything else leaves it to other actions (which drop it)."""
    return (tracker.latest_message or {}).get("intent", {}).get("name") == "move_stage"


def _raw(tracker: Tracker, name: str) -> list[Any]:
    """All values of one entity in the latest message, as the NLU gave them."""
    return list(tracker.get_latest_entity_values(name))


def _read(session: Session, tracker: Tracker) -> WriteRequest:
    """Who this message means and the role it names (stage words are not read as a name)."""
    people = [v for v in _raw(tracker, "person") if isinstance(v, str)]
    return read_write_request(session, latest_text(tracker), people, _raw(tracker, "role"), _raw(tracker, "stage"),
                              tracker.current_slot_values())


def _candidate(session: Session, tracker: Tracker) -> Candidate | None:
    """The person the form is about (extracted this turn, or validated before)."""
    value = tracker.get_slot("candidate")
    return session.get(Candidate, int(value)) if value and str(value).isdigit() else None


def _stage_asked(tracker: Tracker) -> tuple[Stage | None, bool]:
    """The stage asked for so far, and whether none was named at all (then "advance her" means the next one)."""
    recent = tracker.slots_to_validate()
    raw = recent["target_stage"] if "target_stage" in recent else tracker.get_slot("target_stage")
    return parse_stage(str(raw)) if raw is not None else None, raw is None


def _pending_cleared(tracker: Tracker) -> Slots:
    """A new move replaces any waiting yes/no question."""
    return {"pending_write": None, **{s: None for s in PENDING_SLOTS if tracker.get_slot(s) is not None}}


def _with_application(dispatcher: CollectingDispatcher, tracker: Tracker, name: str, choice: AppChoice) -> Slots:
    """The chosen application (and the stage "next" implies), None to ask which, or the reason the move stops."""
    if choice.problem == "no_applications":
        say(dispatcher, msg.no_applications(name))
        return {"application": None, **STOP}
    if choice.application is None or choice.role is None:
        return {"application": None}
    title, current = choice.role.title, Stage(choice.application.stage)
    named, nothing_named = _stage_asked(tracker)
    target, problem = move_target(current, named, nothing_named and wants_next_stage(latest_text(tracker)))
    slots: Slots = {"application": title, "role": title}
    if problem == "terminal":
        say(dispatcher, msg.terminal_stage(name, title, current.value))
        return {**slots, **STOP}
    if problem == "no_next_stage":
        say(dispatcher, msg.no_next_stage(name, title, current.value))
        return {**slots, **STOP}
    if target is not None and named is None:
        slots["target_stage"] = target.value
    return slots


class ValidateMoveStageForm(RecruiterFormValidation):
    """Reads each move_stage message for the person, the application and the stage, and checks each answer."""

    def name(self) -> str:
        return "validate_move_stage_form"

    async def extract_candidate(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> Slots:
        """Who the message means, and the role it names (entity or written title); a new move forgets the old one."""
        if not _is_move(tracker):
            return {}

        def step(session: Session) -> Slots:
            request = _read(session, tracker)
            found = request.person.candidate
            slots: Slots = {"candidate": str(found.id) if found is not None else None}
            if tracker.get_slot(REQUESTED_SLOT) is None or tracker.get_slot("candidate") != slots["candidate"]:
                slots.update({s: None for s in ("application", "target_stage") if not _raw(tracker, _ENTITY[s])})
            if request.role.query:
                slots["application"] = request.role.role.title if request.role.role else request.role.query
            return slots

        return await self.in_store(dispatcher, step, {"candidate": None})

    async def validate_candidate(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """Nobody found: say why and end the form. Found: remember them, and their only application if none is named."""

        def step(session: Session) -> Slots:
            candidate = _candidate(session, tracker)
            if candidate is None:
                say(dispatcher, _nobody(session, tracker))
                return {**_pending_cleared(tracker), **STOP}
            slots: Slots = {"person": candidate.full_name, "person_id": str(candidate.id), **_pending_cleared(tracker)}
            if tracker.slots_to_validate().get("application") is None and tracker.get_slot("application") is None:
                choice = choose_application(session, candidate, None)
                slots.update(_with_application(dispatcher, tracker, candidate.full_name, choice))
            return slots

        return await self.in_store(dispatcher, step, {"candidate": None, **STOP})

    async def extract_target_stage(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """Stage words the NLU did not tag ("move her to the final round")."""
        if not _is_move(tracker):
            return {}
        stage, _ = target_stage(_raw(tracker, "stage"), latest_text(tracker))
        return {"target_stage": stage.value} if stage is not None else {}

    async def validate_application(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """The named role's application, or None to ask which; no application at all, or a final stage, ends it."""
        if slot_value is None:
            return {}  # nothing named: validate_candidate picks the person's only application, or the form asks

        def step(session: Session) -> Slots:
            candidate = _candidate(session, tracker)
            if candidate is None:
                return {}  # validate_candidate says why
            lookup = find_role(session, str(slot_value))
            if lookup.role is None:
                return {"application": None}  # the question offers the close titles
            choice = choose_application(session, candidate, lookup.role)
            return _with_application(dispatcher, tracker, candidate.full_name, choice)

        return await self.in_store(dispatcher, step, {"application": None, **STOP})

    def validate_target_stage(
        self, slot_value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Slots:
        """A canonical stage, or None so the form asks again."""
        if slot_value is None:
            return {}  # nothing named: "next" may come from the application, else the form asks
        stage = parse_stage(str(slot_value))
        return {"target_stage": stage.value if stage is not None else None}


def _nobody(session: Session, tracker: Tracker) -> Reply:
    """Why no one was found: a position past the last list, names that need a "did you mean", or no name at all."""
    request = _read(session, tracker)
    ref = request.person
    if ref.source == "ordinal":
        return no_such_position(ref.ordinal, ref.list_size)
    if ref.lookup.matches or ref.lookup.suggestions or ref.lookup.query.strip():
        stage, _ = target_stage(_raw(tracker, "stage"), latest_text(tracker))
        extra = {"role": request.role.role.title} if request.role.role is not None else {}
        extra.update({"stage": stage.value} if stage is not None else {})
        return who_do_you_mean(ref.lookup, "move_stage", extra)
    return msg.ASK_WHO_MOVE


def _asked_so_far(tracker: Tracker, name: str) -> dict[str, str]:
    """What the question's buttons carry on: the person and the stage already asked for."""
    stage = tracker.get_slot("target_stage")
    return {"person": name, **({"stage": str(stage)} if stage else {})}


class ActionAskApplication(HRAction, name="action_ask_application", recruiters_only=True, form_step=True):
    """Asks which application: close titles for an unknown role, the person's applications otherwise."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        candidate = _candidate(session, tracker)
        if candidate is None:
            return []
        name, keep = candidate.full_name, _asked_so_far(tracker, candidate.full_name)
        lookup = pick_role(session, next(iter(_raw(tracker, "role")), None), latest_text(tracker))
        if lookup.role is None and lookup.query:
            say(dispatcher, role_suggestions_reply(lookup, "move_stage", keep))
            return []
        choice = choose_application(session, candidate, lookup.role)
        if choice.problem == "not_applied" and lookup.role is not None:
            say(dispatcher, msg.not_applied(name, lookup.role.title, choice.options, keep))
        else:
            say(dispatcher, msg.which_application(name, choice.options, keep))
        return []


class ActionAskTargetStage(HRAction, name="action_ask_target_stage", recruiters_only=True, form_step=True):
    """Asks which stage, offering the next one and rejection."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        candidate = _candidate(session, tracker)
        if candidate is None or candidate.id is None:
            return []
        found = application_for_title(session, candidate.id, str(tracker.get_slot("application")))
        if found is not None:
            (application, role), name = found, candidate.full_name
            current = Stage(application.stage).value
            say(dispatcher, msg.ask_stage(name, role.title, current, {"person": name, "role": role.title}))
        return []


class ActionPrepareMoveStage(HRAction, name="action_prepare_move_stage", recruiters_only=True):
    """Submits `move_stage_form`: checks the move against the application now and asks to confirm (never writes)."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        cleared: Events = [SlotSet(s, None) for s in MOVE_SLOTS]
        candidate, title = _candidate(session, tracker), tracker.get_slot("application")
        stage = tracker.get_slot("target_stage")
        if candidate is None or candidate.id is None or not title or parse_stage(str(stage)) is None:
            return [*cleared, SlotSet("pending_write", None)]  # the form ended early and said why
        found = application_for_title(session, candidate.id, str(title))
        if found is None:
            say(dispatcher, msg.GONE)
            return [*cleared, SlotSet("pending_write", None)]
        (application, role), target = found, Stage(str(stage))
        check = check_move(session, candidate, application, role, target)
        if check.pending is None:
            current = Stage(application.stage).value
            if check.problem == "same_stage":
                say(dispatcher, msg.same_stage(candidate.full_name, role.title, current))
            else:
                say(dispatcher, msg.terminal_stage(candidate.full_name, role.title, current))
            return [*cleared, SlotSet("pending_write", None)]
        say(dispatcher, msg.confirm_move(check.pending))
        return [*cleared, SlotSet("pending_write", check.pending)]
