"""action_out_of_scope with CollectingDispatcher and tracker fixtures."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from tests.bot.actions.applicants import BAD_INPUT

from bot.actions.out_of_scope import ActionOutOfScope


def run(tracker) -> list[dict]:
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ActionOutOfScope().run(dispatcher, tracker, {})) == []
    return dispatcher.messages


def test_off_domain_gets_what_the_assistant_does(seeded, tracker_for) -> None:
    messages = run(tracker_for("what's the weather in Lisbon tomorrow", intent="out_of_scope"))
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


def test_a_recruiter_naming_a_known_candidate_gets_that_persons_questions(seeded, tracker_for, applicant) -> None:
    messages = run(tracker_for(f"where is {applicant.full_name.lower()} in the pipeline", intent="out_of_scope"))
    assert applicant.full_name in messages[0]["text"] and messages[0]["custom"]["names"] == [applicant.full_name]
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert f'/application_status{{"person": "{applicant.full_name}"}}' in payloads
    assert f'/candidate_profile{{"person": "{applicant.full_name}"}}' in payloads


def test_an_employee_never_learns_who_is_a_candidate(seeded, tracker_for, applicant) -> None:
    messages = run(tracker_for(f"where is {applicant.full_name} in the pipeline", sender="yasemin.bulut",
                               intent="out_of_scope"))
    assert [m["response"] for m in messages] == ["utter_out_of_scope"]


def test_a_first_name_alone_or_a_name_inside_a_word_is_not_a_person(seeded, tracker_for, applicant) -> None:
    first, last = applicant.full_name.split()[0], applicant.full_name.split()[-1]
    for text in (f"where is {first} in the pipeline", f"{first}{last} weather"):
        assert [m["response"] for m in run(tracker_for(text, intent="out_of_scope"))] == ["utter_out_of_scope"]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises(seeded, tracker_for, text: str) -> None:
    messages = run(tracker_for(text, intent="out_of_scope"))
    assert messages and all(m.get("response") == "utter_out_of_scope" or m.get("text") for m in messages)
