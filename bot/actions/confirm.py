"""Every yes and no: carry out or cancel a pending write, or rate what was just recommended."""

from __future__ import annotations

import logging
import re
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, say
from bot.messages import leave as leave_msg
from bot.messages import writes as msg
from bot.messages.reply import RECRUITERS_ONLY, Reply
from bot.services.feedback import FeedbackError, record_feedback
from bot.services.identity import Identity
from bot.services.leave import parse_leave_pending, perform_leave, today
from bot.services.write_checks import parse_pending
from bot.services.write_perform import perform
from bot.services.writes import SHORTLIST

log = logging.getLogger(__name__)

CLEAR_WRITE = SlotSet("pending_write", None)
CLEAR_FEEDBACK = SlotSet("pending_feedback", None)
MAX_RATED_ITEMS = 20
_ITEM_TYPE = re.compile(r"[a-z][a-z_]{0,39}")
_ITEM_ID = re.compile(r"[\w.:/-]{1,120}")


def channel_of(tracker: Tracker) -> str:
    """The channel the yes/no came from, for the audit trail."""
    return (tracker.get_latest_input_channel() or "unknown")[:40]


def _rated_items(tracker: Tracker) -> tuple[str, list[str], str] | None:
    """What a yes/no rates: item entities (a thumbs button), else the pending_feedback slot."""
    entities = (tracker.latest_message or {}).get("entities") or []
    values = {e.get("entity"): e.get("value") for e in entities if isinstance(e, dict)}
    if values.get("item_type") and values.get("item_id"):
        return str(values["item_type"]), [str(values["item_id"])], "button"
    return None


def _well_formed(item_type: str, item_id: str) -> bool:
    """Ratings come from buttons we rendered: anything else (markup, SQL, essays) is not an item."""
    return bool(_ITEM_TYPE.fullmatch(item_type.strip().casefold()) and _ITEM_ID.fullmatch(item_id.strip()))


def _pending_feedback(tracker: Tracker) -> tuple[str, list[str], str] | None:
    raw = tracker.get_slot("pending_feedback")
    if not isinstance(raw, dict) or not raw.get("item_type"):
        return None
    ids = raw.get("item_ids") or ([raw["item_id"]] if raw.get("item_id") else [])
    if not isinstance(ids, (list, tuple)):
        ids = [ids]
    return str(raw["item_type"]), [str(i) for i in ids][:MAX_RATED_ITEMS], str(raw.get("context") or "")


def _rate(
    session: Session, identity: Identity, tracker: Tracker, item: tuple[str, list[str], str], rating: int
) -> Reply:
    """Record one rating per item; unknown items are skipped, and none recorded says so."""
    item_type, ids, context = item
    recorded = 0
    for item_id in ids:
        if not _well_formed(item_type, item_id):
            log.info("malformed feedback item skipped")
            continue
        try:
            record_feedback(session, identity, item_type, item_id, rating, context=context, channel=channel_of(tracker))
            recorded += 1
        except FeedbackError:
            log.info("feedback on an unknown %s item skipped", item_type[:40])
    return msg.feedback_thanks(rating, recorded) if recorded else msg.FEEDBACK_FAILED


def _with_reminder(reply: Reply, pending: dict[str, Any] | None) -> Reply:
    if pending is None:
        return reply
    return Reply(f"{reply.text}\n{msg.still_pending(pending)}", reply.payload, reply.buttons)


def _answer(
    session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker, yes: bool
) -> Events:
    """Shared yes/no logic; `yes` decides between doing and cancelling, +1 and -1."""
    rating = 1 if yes else -1
    raw_pending = tracker.get_slot("pending_write")
    leave = parse_leave_pending(raw_pending)
    pending = parse_pending(raw_pending) if identity.is_recruiter and leave is None else None
    clicked = _rated_items(tracker)
    if clicked is not None:
        say(dispatcher, _with_reminder(_rate(session, identity, tracker, clicked, rating), pending))
        return [CLEAR_FEEDBACK]
    if raw_pending:
        if leave is not None:  # an employee's own time off: theirs to confirm, whatever their role
            say(dispatcher, _leave(session, identity, tracker, leave) if yes else leave_msg.cancelled(leave))
        elif not identity.is_recruiter:
            say(dispatcher, RECRUITERS_ONLY)
        elif pending is None:
            say(dispatcher, msg.INVALID_PENDING)
        elif not yes:
            say(dispatcher, msg.cancelled(pending))
        else:
            say(dispatcher, _perform(session, identity, tracker, pending))
        return [CLEAR_WRITE]
    feedback = _pending_feedback(tracker)
    if feedback is not None:
        say(dispatcher, _rate(session, identity, tracker, feedback, rating))
        return [CLEAR_FEEDBACK]
    say(dispatcher, msg.NOTHING_TO_CONFIRM)
    return []


def _leave(session: Session, identity: Identity, tracker: Tracker, pending: dict[str, Any]) -> Reply:
    """Book or cancel the asker's own leave, re-checked against the calendar and balance now."""
    outcome = perform_leave(session, pending, employee_id=identity.employee_id, actor=identity.handle,
                            channel=channel_of(tracker), today=today())
    return leave_msg.outcome_reply(outcome)


def _perform(session: Session, identity: Identity, tracker: Tracker, pending: dict[str, Any]) -> Reply:
    """Carry out a confirmed write (re-checked against the database) and word the result."""
    outcome = perform(session, pending, actor=identity.handle, channel=channel_of(tracker))
    name, role = pending["candidate_name"], pending["role_title"]
    if outcome.done:
        return msg.done_shortlist(pending) if pending["kind"] == SHORTLIST else msg.done_move(pending)
    problem = outcome.problem
    if problem == "already_done":
        return msg.already_done(pending)
    if problem == "already_shortlisted":
        return msg.already_shortlisted(name, role)
    if problem == "role_closed":
        return msg.role_closed(role)
    if problem == "changed":
        return msg.changed_meanwhile(pending, outcome.details.get("current_stage", ""))
    if problem == "same_stage":
        return msg.same_stage(name, role, pending["to_stage"])
    if problem == "terminal":
        return msg.terminal_stage(name, role, pending["from_stage"])
    if problem == "gone":
        return msg.GONE
    return msg.INVALID_PENDING


class ActionAffirm(HRAction, name="action_affirm", answers_pending=True):
    """Runs on every affirm: do the pending write, or rate +1, or say nothing is waiting."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        return _answer(session, identity, dispatcher, tracker, yes=True)


class ActionDeny(HRAction, name="action_deny", answers_pending=True):
    """Runs on every deny: cancel the pending write, or rate -1, or say nothing is waiting."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        return _answer(session, identity, dispatcher, tracker, yes=False)
