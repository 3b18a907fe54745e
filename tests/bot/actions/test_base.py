"""The shared action run loop: one transaction, no stack traces, and stale yes/no questions dropped."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import ActiveLoop, SlotSet
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


class Step(HRAction, name="action_step", recruiters_only=True, form_step=True):
    """A form's question: leaves the form running (even when it refuses)."""

    def handle(self, session: Session, identity: Identity, dispatcher: CollectingDispatcher, tracker: Tracker) -> Events:
        return []


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


def test_another_answer_drops_the_move_form(store) -> None:
    _, events = run(Echo(), make_tracker("find python people", active_loop="move_stage_form",
                                         slots={"application": "Data Engineer", "requested_slot": "target_stage"}))
    assert events == [ActiveLoop(None), SlotSet("requested_slot", None), SlotSet("candidate", None),
                      SlotSet("application", None), SlotSet("target_stage", None)]
    _, events = run(Echo(answers=True), make_tracker("no", active_loop="move_stage_form"))
    assert ActiveLoop(None) in events  # a yes or no to the form's question drops it too


def test_a_forms_own_steps_and_other_forms_keep_it(store) -> None:
    _, events = run(Step(), make_tracker("onsite", active_loop="move_stage_form"))
    assert events == []
    _, events = run(Echo(), make_tracker("data engineer", active_loop="recommend_form"))
    assert events == []


def test_class_keywords_name_and_flag_the_action() -> None:
    assert (Step().name(), Step.form_step, Step.recruiters_only, Echo.form_step) == ("action_step", True, True, False)
    with pytest.raises(TypeError, match="unknown HRAction keyword"):
        type("Bad", (HRAction,), {}, name="action_bad", sometimes=True)
