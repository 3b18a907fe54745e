"""Shared run loop for actions: a store session, the caller's identity, and no stack traces."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.messages.reply import INTERNAL_ERROR, STORE_DOWN, Reply
from bot.services.identity import Identity, resolve_identity
from connectors.store.engine import StoreUnavailable, session_scope

log = logging.getLogger(__name__)

Events = list[dict[str, Any]]


class HRAction(Action, ABC):
    """Subclasses implement `handle`; this runs it off the event loop inside one transaction."""

    @abstractmethod
    def name(self) -> str:
        """The action name the domain lists."""

    @abstractmethod
    def handle(
        self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker
    ) -> Events:
        """The action's work; raising rolls the transaction back."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> Events:
        """Run `handle` in a worker thread so one slow query never blocks other conversations."""
        return await asyncio.to_thread(self._run_sync, dispatcher, tracker)

    def _run_sync(self, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        try:
            with session_scope() as session:
                identity = resolve_identity(session, tracker.sender_id)
                return self.handle(session, identity, dispatcher, tracker)
        except StoreUnavailable:
            log.warning("action %s: store unavailable", self.name())
            say(dispatcher, STORE_DOWN)
        except Exception:  # noqa: BLE001 - the user gets a clear answer, the log the trace
            log.exception("action %s failed", self.name())
            say(dispatcher, INTERNAL_ERROR)
        return []


def say(dispatcher: CollectingDispatcher, reply: Reply) -> None:
    """Send a channel-neutral reply."""
    dispatcher.utter_message(**reply.as_message())


def latest_text(tracker: Tracker) -> str:
    """The user's last message text (may be empty)."""
    return (tracker.latest_message or {}).get("text") or ""
