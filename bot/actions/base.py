"""Shared run loop for actions: a store session, the caller's identity, and no stack traces."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any, ClassVar, TypeVar

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from sqlmodel import Session

from bot.messages.reply import INTERNAL_ERROR, RECRUITERS_ONLY, STORE_DOWN, Reply
from bot.services.identity import Identity, identity_of
from store.engine import StoreUnavailable, transact

log = logging.getLogger(__name__)

Events = list[dict[str, Any]]
T = TypeVar("T")

PENDING_SLOTS = ("pending_write", "pending_feedback")
"""Questions waiting for a yes or no; any other answer moves on, so a later "yes" can't trigger them."""

MOVE_FORM = "move_stage_form"
MOVE_SLOTS = ("candidate", "application", "target_stage")
"""The stage-move form and the slots it fills; another action answering instead drops it, like a waiting yes/no."""


class HRAction(Action, ABC):
    """Subclasses implement `handle`; this runs it off the event loop inside one transaction.

    Class keywords set the rest: `class ActionX(HRAction, name="action_x", recruiters_only=True)`.
    """

    action_name: ClassVar[str] = ""
    """The action name the domain lists."""

    answers_pending: ClassVar[bool] = False
    """True for the actions that answer a waiting yes/no question themselves (affirm, deny)."""

    recruiters_only: ClassVar[bool] = False
    """True for answers about candidates and the pipeline: anyone else gets a refusal and sees nothing."""

    form_step: ClassVar[bool] = False
    """True for the actions a form runs itself (its questions): they never drop it."""

    def __init_subclass__(cls, name: str = "", **flags: bool) -> None:
        super().__init_subclass__()
        cls.action_name = name or cls.action_name
        for flag, value in flags.items():
            if flag not in ("answers_pending", "recruiters_only", "form_step"):
                raise TypeError(f"{cls.__name__}: unknown HRAction keyword {flag!r}")
            setattr(cls, flag, value)

    def name(self) -> str:
        """The action name the domain lists."""
        return self.action_name

    @abstractmethod
    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        """The action's work; raising rolls the transaction back."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        """Run `handle` in a worker thread so one slow query never blocks other conversations."""
        return await asyncio.to_thread(self._run_sync, dispatcher, tracker)

    def _run_sync(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        def work(session: Session) -> Events:
            identity = identity_of(session, tracker.sender_id, tracker.latest_message)
            if self.recruiters_only and not identity.is_recruiter:
                say(dispatcher, RECRUITERS_ONLY)
                return self._drop_stale_questions(tracker, [])
            return self._drop_stale_questions(tracker, self.handle(session, identity, dispatcher, tracker))

        return in_store(f"action {self.name()}", dispatcher, work, [])

    def _drop_stale_questions(self, tracker: Tracker, events: Events) -> Events:
        """Clear a waiting yes/no question this turn neither answered nor asked anew, and a form it didn't fill."""
        events = events + ([] if self.form_step else drop_form(tracker))
        if self.answers_pending:
            return events
        touched = {e.get("name") for e in events if e.get("event") == "slot"}
        stale = [s for s in PENDING_SLOTS if tracker.get_slot(s) is not None and s not in touched]
        return events + [SlotSet(s, None) for s in stale]


def drop_form(tracker: Tracker) -> Events:
    """End the stage-move form with its slots cleared, when it is waiting for an answer."""
    if (tracker.active_loop or {}).get("name") != MOVE_FORM:
        return []
    return [ActiveLoop(None), SlotSet(REQUESTED_SLOT, None), *(SlotSet(s, None) for s in MOVE_SLOTS)]


def in_store(what: str, dispatcher: CollectingDispatcher, work: Callable[[Session], T], failed: T) -> T:
    """Run `work` in one transaction, tried again on a busy or briefly unreachable store (each try's
    replies dropped with its rollback); an outage or a bug gets a clear answer, the log says `what`."""
    queued = len(dispatcher.messages)

    def forget_replies() -> None:
        del dispatcher.messages[queued:]

    try:
        return transact(work, before_retry=forget_replies)
    except StoreUnavailable:
        log.warning("%s: store unavailable", what)
        say(dispatcher, STORE_DOWN)
    except Exception:  # noqa: BLE001 - the user gets a clear answer, the log the trace
        log.exception("%s failed", what)
        say(dispatcher, INTERNAL_ERROR)
    return failed


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send a channel-neutral reply."""
    dispatcher.utter_message(**reply.as_message())


def latest_text(tracker: Tracker) -> str:
    """The user's last message text (may be empty)."""
    return (tracker.latest_message or {}).get("text") or ""


def entity_values(tracker: Tracker, name: str) -> list[str]:
    """Distinct string values of one entity in the latest message, in order."""
    values = (str(v).strip() for v in tracker.get_latest_entity_values(name) if isinstance(v, (str, int, float)))
    return list(dict.fromkeys(v for v in values if v))


def user_text(tracker: Tracker) -> str:
    """The typed text; a button payload ("/intent{...}") counts as no text."""
    text = latest_text(tracker).strip()
    return "" if text.startswith("/") else text
