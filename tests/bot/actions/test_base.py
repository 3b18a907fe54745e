"""The shared action run loop: one transaction, no stack traces, and stale yes/no questions dropped."""

from __future__ import annotations

import asyncio

from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session

from bot.actions.base import Events, HRAction
from bot.services.identity import Identity
from tests.bot.conftest import make_tracker

PENDING = {"pending_write": {"kind": "shortlist", "candidate_id": 1}, "pending_feedback": {"item_type": "course"}}


class Echo(HRAction):
    """Says hello, or asks a new question when told to."""

    def __init__(self, asks: bool = False, answers: bool = False) -> None:
        self.asks = asks
        self.answers_pending = answers

    def name(self) -> str:
        return "action_echo"

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        dispatcher.utter_message(text="hello")
        return [SlotSet("pending_write", {"kind": "move_stage"})] if self.asks else []


class Broken(Echo):
    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        raise RuntimeError("boom")


def run(action: HRAction, tracker: Tracker) -> tuple[CollectingDispatcher, Events]:
    dispatcher = CollectingDispatcher()
    return dispatcher, asyncio.run(action.run(dispatcher, tracker, {}))


def test_moving_on_drops_the_waiting_questions(store) -> None:
    _, events = run(Echo(), make_tracker("find python people", slots=PENDING))
    assert SlotSet("pending_write", None) in events and SlotSet("pending_feedback", None) in events


def test_a_new_question_replaces_the_old_one(store) -> None:
    _, events = run(Echo(asks=True), make_tracker("move her to offer", slots=PENDING))
    assert events == [SlotSet("pending_write", {"kind": "move_stage"}), SlotSet("pending_feedback", None)]


def test_yes_and_no_actions_keep_what_they_answer(store) -> None:
    _, events = run(Echo(answers=True), make_tracker("yes", slots=PENDING))
    assert events == []


def test_nothing_waiting_adds_nothing(store) -> None:
    _, events = run(Echo(), make_tracker("hi"))
    assert events == []


def test_a_failing_action_answers_clearly(store) -> None:
    dispatcher, events = run(Broken(), make_tracker("hi", slots=PENDING))
    assert events == [] and "went wrong" in dispatcher.messages[0]["text"]
