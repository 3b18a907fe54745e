"""The shared form validation: recruiters only, one store session per step, and a clear answer on errors."""

from __future__ import annotations

import asyncio

from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.forms import RecruiterFormValidation
from store.engine import StoreUnavailable
from tests.bot.conftest import make_tracker


class Probe(RecruiterFormValidation):
    def name(self) -> str:
        return "validate_probe_form"


def step(session: Session) -> dict:
    return {"slot": "ok"}


def fails(error: Exception):
    def step(session: Session) -> dict:
        raise error
    return step


def test_recruiters_are_questioned_and_for_others_or_the_unverified_the_form_ends(seeded) -> None:
    domain = {"forms": {"probe_form": {"required_slots": ["a"]}}, "slots": {"a": {"type": "text"}}}
    dispatcher = CollectingDispatcher()
    assert asyncio.run(Probe().run(dispatcher, make_tracker("x", active_loop="probe_form"), domain)) == []
    employee = make_tracker("x", sender="yasemin.bulut", active_loop="probe_form")
    assert asyncio.run(Probe().run(dispatcher, employee, domain)) == [SlotSet("requested_slot", None)]
    unverified = make_tracker("x", sender="recruiter", active_loop="probe_form", verified=False)
    assert asyncio.run(Probe().run(dispatcher, unverified, domain)) == [SlotSet("requested_slot", None)]
    assert dispatcher.messages == []


def test_a_step_runs_in_a_store_session(seeded) -> None:
    dispatcher = CollectingDispatcher()
    assert asyncio.run(Probe().in_store(dispatcher, step, {"slot": None})) == {"slot": "ok"}
    assert dispatcher.messages == []


def test_errors_are_answered_and_the_fallback_returned(seeded) -> None:
    for error, words in ((StoreUnavailable("down"), "hr database"), (RuntimeError("boom"), "went wrong")):
        dispatcher = CollectingDispatcher()
        assert asyncio.run(Probe().in_store(dispatcher, fails(error), {"slot": None})) == {"slot": None}
        assert words in dispatcher.messages[0]["text"].lower()
