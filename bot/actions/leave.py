"""An employee's own time off in the chat: the balance, and a booking or cancellation that waits for a yes."""

from __future__ import annotations

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction, latest_text, say
from bot.messages import leave as msg
from bot.services.identity import Identity
from bot.services.leave import balances, prepare_cancel, prepare_request, today, upcoming

CLEAR = SlotSet("pending_write", None)


class ActionLeaveBalance(HRAction, name="action_leave_balance"):
    """`leave_balance`: the asker's own balances and upcoming leave; nobody else's, whatever they name."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        if identity.employee_id is None:
            say(dispatcher, msg.NO_PROFILE)
            return []
        now = today()
        coming = [{"start": r.start_date.isoformat(), "end": r.end_date.isoformat(), "status": r.status,
                   "leave_type": r.leave_type, "days": r.days} for r in upcoming(session, identity.employee_id, now)]
        say(dispatcher, msg.balance_reply(balances(session, identity.employee_id, now), coming))
        return []


class ActionPrepareLeave(HRAction, name="action_prepare_leave"):
    """`request_leave`: read the dates, check calendar and balance, and ask for a yes (never write here)."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        if identity.employee_id is None:
            say(dispatcher, msg.NO_PROFILE)
            return [CLEAR]
        check = prepare_request(session, identity.employee_id, latest_text(tracker), today())
        say(dispatcher, msg.request_check_reply(check))
        return [SlotSet("pending_write", check.pending)]


class ActionPrepareCancelLeave(HRAction, name="action_prepare_cancel_leave"):
    """`cancel_leave`: find the asker's upcoming booking the message names and ask for a yes."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        if identity.employee_id is None:
            say(dispatcher, msg.NO_PROFILE)
            return [CLEAR]
        check = prepare_cancel(session, identity.employee_id, latest_text(tracker), today())
        say(dispatcher, msg.cancel_check_reply(check))
        return [SlotSet("pending_write", check.pending)]
