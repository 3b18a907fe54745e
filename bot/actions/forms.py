"""Shared by the form validation actions: recruiters only, each step in its own store session, no stack traces."""

from __future__ import annotations

import asyncio
import logging
from abc import ABC, abstractmethod
from collections.abc import Callable
from typing import Any

from rasa_sdk import FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import REQUESTED_SLOT
from rasa_sdk.types import DomainDict
from sqlmodel import Session

from bot.actions.base import in_store
from bot.services.identity import identity_of
from store.engine import session_scope

log = logging.getLogger(__name__)

Slots = dict[str, Any]


class RecruiterFormValidation(FormValidationAction, ABC):
    """A form that questions recruiters only: for anyone else it ends at once and its action refuses."""

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> list[EventType]:
        """Extract and validate a recruiter's answers; anyone else's form ends (one identity lookup a turn)."""
        if not await asyncio.to_thread(self._is_recruiter, tracker):
            return [SlotSet(REQUESTED_SLOT, None)]
        return await super().run(dispatcher, tracker, domain)

    @abstractmethod
    def name(self) -> str:
        """`validate_<form>`; abstract, so the action server registers only the forms themselves."""

    def _is_recruiter(self, tracker: Tracker) -> bool:
        """Whether the sender may see candidates; a store outage counts as yes so the form's action explains it."""
        try:
            with session_scope() as session:
                return identity_of(session, tracker.sender_id, tracker.latest_message).is_recruiter
        except Exception:  # noqa: BLE001 - the form's action answers the outage clearly
            log.warning("%s: identity lookup failed", self.name())
            return True

    async def in_store(self, dispatcher: CollectingDispatcher, step: Callable[[Session], Slots], failed: Slots) -> Slots:
        """Run one blocking step off the event loop in its own store session; on an error say so and return `failed`."""
        return await asyncio.to_thread(in_store, self.name(), dispatcher, step, failed)
