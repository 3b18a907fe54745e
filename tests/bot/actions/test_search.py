"""action_search_candidates: filters from entities, five per page, "show more", refusals and bad input."""

from __future__ import annotations

from functools import partial

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.actions.search import ActionSearchCandidates
from store.models import AuditLog, Candidate, CandidateSkill
from tests.bot.actions.rasa_turns import run_action
from tests.bot.actions.rasa_turns import slot_values as slots


run = partial(run_action, ActionSearchCandidates())
"""The messages and events of `ActionSearchCandidates` on a tracker."""


def ent(kind: str, value: str) -> dict[str, str]:
    return {"entity": kind, "value": value}


@pytest.fixture
def skill(indexed) -> str:
    """The most common skill of the seeded pool."""
    with Session(indexed) as session:
        rows = session.exec(select(CandidateSkill.skill)).all()
    return max(set(rows), key=rows.count)


def test_search_lists_five_and_remembers_them(indexed, skill: str, tracker_for) -> None:
    messages, events = run(tracker_for(f"who knows {skill}?", intent="search_candidates", entities=[ent("skill", skill)]))
    payload = messages[0]["custom"]
    assert payload["type"] == "candidate_list" and len(payload["candidates"]) == 5
    assert all(skill in c["skills"] and 0 < c["score"] <= 1 for c in payload["candidates"])
    assert all(c["name"] in messages[0]["text"] for c in payload["candidates"])
    state = slots(events)
    assert state["last_candidates"] == [str(c["candidate_id"]) for c in payload["candidates"]]
    assert state["search_state"]["offset"] == 5 and state["search_state"]["skills"] == [skill]
    assert any(b["title"] == "Show more" for b in messages[0]["buttons"])


def test_show_more_continues_from_search_state(indexed, skill: str, tracker_for) -> None:
    _, first = run(tracker_for(skill, intent="search_candidates", entities=[ent("skill", skill)]))
    state = slots(first)
    messages, events = run(tracker_for("show more", intent="search_candidates", slots=state))
    following = slots(events)
    assert following["search_state"]["offset"] == 10 and messages[0]["custom"]["offset"] == 5
    assert not set(following["last_candidates"]) & set(state["last_candidates"])
    _, again = run(tracker_for("/search_candidates", intent="search_candidates", slots=following))
    assert slots(again)["search_state"]["offset"] == 15


def test_show_more_without_a_search(indexed, tracker_for) -> None:
    messages, events = run(tracker_for("next page", intent="search_candidates"))
    assert "no earlier search" in messages[0]["text"] and events == []


def test_filters_from_entities(indexed, tracker_for) -> None:
    messages, _ = run(tracker_for("find senior Python developers in Berlin", intent="search_candidates",
                                  entities=[ent("seniority", "senior"), ent("skill", "Python"), ent("location", "Berlin")]))
    with Session(indexed) as session:
        for card in messages[0]["custom"]["candidates"]:
            person = session.get(Candidate, card["candidate_id"])
            assert (person.location, person.seniority) == ("Berlin", "senior")


def test_unknown_location_suggests_dropping_it(indexed, skill: str, tracker_for) -> None:
    messages, events = run(tracker_for(f"{skill} people in Hamburg", intent="search_candidates",
                                       entities=[ent("skill", skill), ent("location", "Hamburg")]))
    text = messages[0]["text"]
    assert "Hamburg" in text and "location" in text
    button = messages[0]["buttons"][0]
    assert button["title"] == "Search without the location" and "Hamburg" not in button["payload"]
    assert "last_candidates" not in slots(events)


def test_employee_is_refused(indexed, skill: str, tracker_for) -> None:
    messages, events = run(tracker_for(f"who knows {skill}", sender="U_SOMEEMPLOYEE", intent="search_candidates",
                                       entities=[ent("skill", skill)]))
    assert "recruiter-only" in messages[0]["text"] and events == [] and "candidates" not in messages[0]["custom"]


def test_missing_index_is_a_clear_answer(unindexed, tracker_for) -> None:
    messages, events = run(tracker_for("python people", intent="search_candidates", entities=[ent("skill", "Python")]))
    assert "search index" in messages[0]["text"] and events == []


@pytest.mark.parametrize("text", ["", "🙂" * 50, "x" * 20_000, "<script>alert(1)</script>", "' OR 1=1; DROP TABLE candidate; --"])
def test_bad_input_never_raises_or_writes(indexed, tracker_for, text: str) -> None:
    with Session(indexed) as session:
        before = session.exec(select(func.count(AuditLog.id))).one(), session.exec(select(func.count(Candidate.id))).one()
    messages, _ = run(tracker_for(text, intent="search_candidates"))
    assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
    with Session(indexed) as session:
        after = session.exec(select(func.count(AuditLog.id))).one(), session.exec(select(func.count(Candidate.id))).one()
    assert before == after
