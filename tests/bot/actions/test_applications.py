"""action_application_status with CollectingDispatcher and tracker fixtures."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func
from sqlmodel import Session, select

from bot.actions.applications import ActionApplicationStatus
from store.models import AuditLog, Candidate
from tests.bot.actions.applicants import BAD_INPUT


def run(tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionApplicationStatus().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_status_by_entity(seeded, applicant: Candidate, tracker_for) -> None:
    tracker = tracker_for(
        f"where is {applicant.full_name} in the process?",
        entities=[{"entity": "person", "value": applicant.full_name}],
    )
    messages, events = run(tracker)
    assert len(messages) == 1
    text = messages[0]["text"]
    assert applicant.full_name in text
    payload = messages[0]["custom"]
    assert payload["type"] in {"application_status", "disambiguation"}
    if payload["type"] == "application_status":
        assert payload["people"][0]["candidate_id"] == applicant.id
        assert events == [{"event": "slot", "timestamp": None, "name": "person", "value": applicant.full_name},
                          {"event": "slot", "timestamp": None, "name": "person_id", "value": str(applicant.id)}]


def test_status_without_entity_reads_the_name_from_text(seeded, applicant: Candidate, tracker_for) -> None:
    messages, _ = run(tracker_for(f"status of {applicant.full_name.lower()} please"))
    assert applicant.full_name in messages[0]["text"]


def test_unknown_name_is_answered_clearly(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("status of Qwzx Vbnmk", entities=[{"entity": "person", "value": "Qwzx Vbnmk"}]))
    assert "couldn't find anyone called \"Qwzx Vbnmk\"" in messages[0]["text"]
    assert events == [{"event": "slot", "timestamp": None, "name": "person", "value": None}]


def test_typo_offers_did_you_mean_buttons(seeded, applicant: Candidate, tracker_for) -> None:
    first, *rest = applicant.full_name.split()
    typo = " ".join([first[:-1] + ("q" if first[-1] != "q" else "z"), *rest])
    messages, _ = run(tracker_for(f"status of {typo}", entities=[{"entity": "person", "value": typo}]))
    assert "Did you mean" in messages[0]["text"]
    assert any(applicant.full_name in b["title"] for b in messages[0]["buttons"])


def test_no_name_asks_who(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("what is the status"))
    assert messages[0]["custom"] == {"type": "ask", "slot": "person"}


def test_employee_is_refused_and_sees_no_candidate_data(seeded, applicant: Candidate, tracker_for) -> None:
    messages, events = run(
        tracker_for(f"status of {applicant.full_name}", sender="U_SOMEEMPLOYEE",
                    entities=[{"entity": "person", "value": applicant.full_name}])
    )
    assert "recruiter-only" in messages[0]["text"]
    assert applicant.full_name not in str(messages) and events == []


def test_an_unverified_recruiter_sender_is_refused_like_an_employee(seeded, applicant: Candidate, tracker_for) -> None:
    """A REST caller without the channel secret naming the recruiter: the channel did not vouch, so no data."""
    messages, events = run(
        tracker_for(f"status of {applicant.full_name}", sender="recruiter", verified=False,
                    entities=[{"entity": "person", "value": applicant.full_name}])
    )
    assert "recruiter-only" in messages[0]["text"]
    assert applicant.full_name not in str(messages) and events == []


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises_or_writes(seeded, tracker_for, text: str) -> None:
    with Session(seeded) as session:
        before = session.exec(select(func.count(AuditLog.id))).one(), session.exec(select(func.count(Candidate.id))).one()
    messages, _ = run(tracker_for(text))
    assert messages and messages[0]["text"]
    assert "Traceback" not in messages[0]["text"]
    with Session(seeded) as session:
        after = session.exec(select(func.count(AuditLog.id))).one(), session.exec(select(func.count(Candidate.id))).one()
    assert before == after


def test_database_gone_gives_clear_message(tmp_path, monkeypatch: pytest.MonkeyPatch, tracker_for) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://hr@127.0.0.1:1/hr?connect_timeout=2")
    messages, events = run(tracker_for("status of Amara Okafor"))
    assert "can't reach the HR database" in messages[0]["text"] and events == []


def test_status_of_the_second_one_in_the_last_list(seeded, applicant: Candidate, tracker_for) -> None:
    with Session(seeded) as session:
        other = session.exec(select(Candidate.id).where(Candidate.id != applicant.id)).first()
    messages, events = run(tracker_for("what's the status of the second one?",
                                       slots={"last_candidates": [str(other), str(applicant.id)]}))
    assert messages[0]["custom"]["people"][0]["candidate_id"] == applicant.id
    assert {"event": "slot", "timestamp": None, "name": "person_id", "value": str(applicant.id)} in events


def test_her_status_uses_the_person_talked_about(seeded, applicant: Candidate, tracker_for) -> None:
    messages, _ = run(tracker_for("and her status?", slots={"person_id": str(applicant.id)}))
    assert messages[0]["custom"]["type"] == "application_status" and applicant.full_name in messages[0]["text"]


def test_namesakes_become_the_last_list(seeded, tracker_for) -> None:
    with Session(seeded) as session:
        name = session.exec(select(Candidate.full_name).group_by(Candidate.full_name)
                            .having(func.count(Candidate.id) > 1)).first()
    messages, events = run(tracker_for(f"status of {name}", entities=[{"entity": "person", "value": name}]))
    listed = [e["value"] for e in events if e["name"] == "last_candidates"][0]
    assert messages[0]["custom"]["type"] == "disambiguation"
    assert listed == [str(p["candidate_id"]) for p in messages[0]["custom"]["people"]]


def test_the_person_named_now_wins_over_the_one_talked_about_before(seeded, applicant: Candidate, tracker_for) -> None:
    with Session(seeded) as session:
        other = session.exec(select(Candidate).where(Candidate.id != applicant.id).order_by(Candidate.id)).first()
    tracker = tracker_for(f"and where is {applicant.full_name}?",
                          entities=[{"entity": "person", "value": applicant.full_name}],
                          slots={"person": other.full_name, "person_id": str(other.id)})
    messages, events = run(tracker)
    assert applicant.full_name in messages[0]["text"] and other.full_name not in messages[0]["text"]
    if messages[0]["custom"]["type"] == "application_status":
        assert {"event": "slot", "timestamp": None, "name": "person_id", "value": str(applicant.id)} in events
