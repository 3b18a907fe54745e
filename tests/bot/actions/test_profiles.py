"""action_candidate_profile: by name, by position in the last list, by pronoun; refusals and bad input."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.actions.profiles import ActionCandidateProfile
from store.models import Candidate, ProtectedAttributes
from tests.bot.actions.applicants import BAD_INPUT, answers_once_without_writing, unique_candidates
from tests.bot.actions.rasa_turns import run_action
from tests.bot.actions.rasa_turns import slot_values as slots


run = partial(run_action, ActionCandidateProfile())
"""The messages and events of `ActionCandidateProfile` on a tracker."""


@pytest.fixture
def unique_people(seeded) -> list[Candidate]:
    """Four candidates whose names are unique in the pool."""
    return unique_candidates(seeded, 4)


def test_profile_by_entity_sets_person_and_id(seeded, unique_people: list[Candidate], tracker_for) -> None:
    person = unique_people[0]
    messages, events = run(tracker_for(f"tell me about {person.full_name}", intent="candidate_profile",
                                       entities=[{"entity": "person", "value": person.full_name}]))
    payload = messages[0]["custom"]
    assert payload["type"] == "profile" and payload["candidate_id"] == person.id
    assert person.headline in messages[0]["text"] and "Work history" in messages[0]["text"]
    assert slots(events) == {"person": person.full_name, "person_id": str(person.id)}


def test_profile_shows_no_contact_or_protected_data(seeded, applicant: Candidate, tracker_for) -> None:
    messages, _ = run(tracker_for("profile", intent="candidate_profile", slots={"person_id": str(applicant.id)}))
    with Session(seeded) as session:
        protected = session.get(ProtectedAttributes, applicant.id)
    dumped = str(messages)
    assert applicant.full_name in dumped and applicant.email not in dumped and "email" not in dumped
    for key in ("gender", "ethnicity", "age_band"):
        assert key not in dumped
    assert protected is None or protected.ethnicity is None or f"'{protected.ethnicity}'" not in dumped
    assert "Applications:" in messages[0]["text"]


def test_the_second_one_of_the_last_list(seeded, unique_people: list[Candidate], tracker_for) -> None:
    last = [str(p.id) for p in unique_people]
    messages, events = run(tracker_for("tell me about the second one", intent="candidate_profile",
                                       slots={"last_candidates": last}))
    assert messages[0]["custom"]["candidate_id"] == unique_people[1].id
    assert slots(events)["person_id"] == str(unique_people[1].id)


def test_position_past_the_end(seeded, unique_people: list[Candidate], tracker_for) -> None:
    messages, events = run(tracker_for("number 7", intent="candidate_profile",
                                       slots={"last_candidates": [str(p.id) for p in unique_people[:2]]}))
    assert "had 2 people" in messages[0]["text"] and events == []


def test_her_uses_person_id(seeded, unique_people: list[Candidate], tracker_for) -> None:
    messages, _ = run(tracker_for("what did she study?", intent="candidate_profile",
                                  slots={"person_id": str(unique_people[2].id), "person": unique_people[2].full_name}))
    assert messages[0]["custom"]["candidate_id"] == unique_people[2].id


def test_namesakes_get_a_which_one_question(seeded, tracker_for) -> None:
    with Session(seeded) as session:
        name = session.exec(select(Candidate.full_name).group_by(Candidate.full_name)
                            .having(func.count(Candidate.id) > 1)).first()
    messages, events = run(tracker_for(f"who is {name}", intent="candidate_profile",
                                       entities=[{"entity": "person", "value": name}]))
    assert messages[0]["custom"]["type"] == "disambiguation"
    assert all(b["payload"].startswith("/candidate_profile{") for b in messages[0]["buttons"])
    assert len(slots(events)["last_candidates"]) == len(messages[0]["custom"]["people"])


def test_unknown_name_and_no_name(seeded, tracker_for) -> None:
    unknown, _ = run(tracker_for("who is Qwzx Vbnmk", intent="candidate_profile",
                                 entities=[{"entity": "person", "value": "Qwzx Vbnmk"}]))
    nobody, events = run(tracker_for("show me the profile", intent="candidate_profile"))
    assert "couldn't find anyone called \"Qwzx Vbnmk\"" in unknown[0]["text"]
    assert nobody[0]["custom"] == {"type": "ask", "slot": "person"} and events == []


def test_employee_is_refused(seeded, applicant: Candidate, tracker_for) -> None:
    messages, events = run(tracker_for(f"tell me about {applicant.full_name}", sender="U_SOMEEMPLOYEE",
                                       intent="candidate_profile",
                                       entities=[{"entity": "person", "value": applicant.full_name}]))
    assert "recruiter-only" in messages[0]["text"] and applicant.full_name not in str(messages) and events == []


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises_or_writes(seeded, tracker_for, text: str) -> None:
    answers_once_without_writing(seeded, run, tracker_for(text, intent="candidate_profile"))
