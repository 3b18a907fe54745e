"""action_compare_candidates: names, "the first two", role fit; too few people; refusals and bad input."""

from __future__ import annotations

from functools import partial

import pytest

from bot.actions.comparison import ActionCompareCandidates
from store.models import Candidate
from tests.bot.actions.applicants import BAD_INPUT, answers_once_without_writing, unique_candidates
from tests.bot.actions.rasa_turns import run_action
from tests.bot.actions.rasa_turns import slot_values as slots


run = partial(run_action, ActionCompareCandidates())
"""The messages and events of `ActionCompareCandidates` on a tracker."""


def person(name: str) -> dict[str, str]:
    return {"entity": "person", "value": name}


@pytest.fixture
def trio(seeded) -> list[Candidate]:
    """Three candidates with unique names."""
    return unique_candidates(seeded, 3)


def test_compare_two_named_people(seeded, trio: list[Candidate], tracker_for) -> None:
    a, b = trio[0], trio[1]
    messages, events = run(tracker_for(f"compare {a.full_name} and {b.full_name}", intent="compare_candidates",
                                       entities=[person(a.full_name), person(b.full_name)]))
    payload = messages[0]["custom"]
    assert payload["type"] == "comparison" and [p["candidate_id"] for p in payload["people"]] == [a.id, b.id]
    assert a.full_name in messages[0]["text"] and b.full_name in messages[0]["text"]
    assert slots(events) == {"last_candidates": [str(a.id), str(b.id)]}


def test_compare_the_first_two_for_a_role(indexed, trio: list[Candidate], tracker_for) -> None:
    messages, events = run(tracker_for("compare the first two for the Data Engineer role", intent="compare_candidates",
                                       entities=[{"entity": "role", "value": "Data Engineer"}],
                                       slots={"last_candidates": [str(p.id) for p in trio]}))
    payload = messages[0]["custom"]
    assert payload["role"] == "Data Engineer" and [p["candidate_id"] for p in payload["people"]] == [trio[0].id, trio[1].id]
    assert all(0 <= p["fit"]["score"] <= 1 for p in payload["people"])
    assert "Best fit for Data Engineer" in messages[0]["text"]
    assert slots(events)["role"] == "Data Engineer"


def test_role_slot_is_used_when_no_role_is_named(indexed, trio: list[Candidate], tracker_for) -> None:
    messages, _ = run(tracker_for("compare them", intent="compare_candidates",
                                  slots={"last_candidates": [str(p.id) for p in trio], "role": "Machine Learning Engineer"}))
    assert messages[0]["custom"]["role"] == "Machine Learning Engineer" and len(messages[0]["custom"]["people"]) == 3


def test_fewer_than_two_people_asks_for_names(seeded, trio: list[Candidate], tracker_for) -> None:
    one, events = run(tracker_for(f"compare {trio[0].full_name}", intent="compare_candidates",
                                  entities=[person(trio[0].full_name)]))
    none, _ = run(tracker_for("compare them", intent="compare_candidates"))
    assert trio[0].full_name in one[0]["text"] and "another name" in one[0]["text"] and events == []
    assert "at least two names" in none[0]["text"]


def test_unknown_second_name_is_said(seeded, trio: list[Candidate], tracker_for) -> None:
    messages, _ = run(tracker_for("compare", intent="compare_candidates",
                                  entities=[person(trio[0].full_name), person("Qwzx Vbnmk")]))
    assert "Qwzx Vbnmk" in messages[0]["text"] and messages[0]["custom"]["type"] == "ask"


def test_typo_asks_did_you_mean_keeping_the_other_person(seeded, trio: list[Candidate], tracker_for) -> None:
    first, *rest = trio[1].full_name.split()
    typo = " ".join([first[:-1] + ("q" if first[-1] != "q" else "z"), *rest])
    messages, _ = run(tracker_for("compare", intent="compare_candidates",
                                  entities=[person(trio[0].full_name), person(typo)]))
    assert "Did you mean" in messages[0]["text"]
    assert any(trio[0].full_name in b["payload"] and trio[1].full_name in b["payload"] for b in messages[0]["buttons"])


def test_employee_is_refused(seeded, trio: list[Candidate], tracker_for) -> None:
    messages, events = run(tracker_for("compare", sender="U_SOMEEMPLOYEE", intent="compare_candidates",
                                       entities=[person(trio[0].full_name), person(trio[1].full_name)]))
    assert "recruiter-only" in messages[0]["text"] and trio[0].full_name not in str(messages) and events == []


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises_or_writes(seeded, tracker_for, text: str) -> None:
    answers_once_without_writing(seeded, run, tracker_for(text, intent="compare_candidates"))
