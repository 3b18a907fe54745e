"""action_screen_applicants: the reply, the slots it leaves for follow-ups, and who may ask."""

from __future__ import annotations

from functools import partial
import json
from typing import Any

import pytest
from sqlmodel import Session, select

from bot.actions.screening import ActionScreenApplicants
from store.models import Application, Role
from tests.bot.actions.rasa_turns import run_action
from tests.bot.actions.rasa_turns import slot_values as slots


run = partial(run_action, ActionScreenApplicants())
"""The messages and events of `ActionScreenApplicants` on a tracker."""


def role_entity(value: str) -> list[dict[str, Any]]:
    return [{"entity": "role", "value": value}]


def stages_of(engine, title: str) -> dict[int, str]:
    with Session(engine) as session:
        role_id = session.exec(select(Role.id).where(Role.title == title)).one()
        rows = session.exec(select(Application.candidate_id, Application.stage).where(Application.role_id == role_id))
        return {int(c): s.value for c, s in rows}


def test_new_applicants_ranked_and_split(indexed, tracker_for) -> None:
    messages, events = run(tracker_for("screen the new applicants for data analyst", intent="screen_applicants",
                                       entities=role_entity("data analyst")))
    payload, text = messages[0]["custom"], messages[0]["text"]
    stages = stages_of(indexed, "Data Analyst")
    assert payload["type"] == "candidate_list" and payload["role"] == "Data Analyst"
    assert payload["screening"]["scope"] == "new"
    cards = payload["candidates"]
    assert {c["candidate_id"] for c in cards} == {c for c, s in stages.items() if s == "applied"}
    assert all(c["stage"] == "applied" and c["meets_must_haves"] == (not c["missing_required"]) for c in cards)
    assert [c["meets_must_haves"] for c in cards] == sorted((c["meets_must_haves"] for c in cards), reverse=True)
    assert text.startswith(f"Screened {len(cards)} new applicant") and "must-haves" in text.splitlines()[0]
    for c in cards:
        assert c["name"] in text
        if not c["meets_must_haves"]:
            assert f"lacks {', '.join(c['missing_required'])}" in text
    assert slots(events) == {"role": "Data Analyst", "last_candidates": [str(c["candidate_id"]) for c in cards]}


def test_all_applicants_when_asked_for_all(indexed, tracker_for) -> None:
    messages, _ = run(tracker_for("screen all applicants for Data Analyst", intent="screen_applicants",
                                  entities=role_entity("Data Analyst")))
    payload = messages[0]["custom"]
    active = {c: s for c, s in stages_of(indexed, "Data Analyst").items() if s != "rejected"}
    assert payload["screening"]["scope"] == "all"
    assert {c["candidate_id"]: c["stage"] for c in payload["candidates"]} == active
    assert "all stages except rejected" in messages[0]["text"]


def test_the_role_slot_is_used_when_none_is_named(indexed, tracker_for) -> None:
    messages, events = run(tracker_for("screen the new applicants", intent="screen_applicants",
                                       slots={"role": "Machine Learning Engineer"}))
    assert messages[0]["custom"]["role"] == "Machine Learning Engineer" and slots(events)["last_candidates"]


def test_a_button_payload_screens_the_new_applicants(indexed, tracker_for) -> None:
    messages, _ = run(tracker_for('/screen_applicants{"role": "Data Analyst"}', intent="screen_applicants",
                                  entities=role_entity("Data Analyst")))
    assert messages[0]["custom"]["screening"]["scope"] == "new"


def test_no_role_asks_with_screen_buttons(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("screen the new applicants", intent="screen_applicants"))
    buttons = messages[0]["buttons"]
    assert messages[0]["custom"]["slot"] == "role" and events == [] and 1 <= len(buttons) <= 8
    for b in buttons:
        assert b["payload"] == "/screen_applicants" + json.dumps({"role": b["title"]}, ensure_ascii=False)


def test_unknown_role_suggests_roles_to_screen(indexed, tracker_for) -> None:
    messages, events = run(tracker_for("screen applicants for deep learning", intent="screen_applicants",
                                       entities=role_entity("deep learning")))
    buttons = {b["title"]: b["payload"] for b in messages[0]["buttons"]}
    assert buttons["Deep Learning Engineer"] == '/screen_applicants{"role": "Deep Learning Engineer"}'
    assert slots(events) == {"role": None}


def test_no_new_applicants_offers_to_screen_all(indexed, tracker_for) -> None:
    messages, events = run(tracker_for("screen the new applicants for Senior Data Engineer", intent="screen_applicants",
                                       entities=role_entity("Senior Data Engineer")))
    text = messages[0]["text"]
    assert "no new applicants" in text and "1 in screening" in text
    assert messages[0]["buttons"] == [{"title": "Screen all 1",
                                       "payload": "screen all applicants for Senior Data Engineer"}]
    assert slots(events) == {"role": "Senior Data Engineer"}


def test_role_nobody_applied_to_points_at_the_pool(indexed, tracker_for) -> None:
    messages, events = run(tracker_for("screen everyone for Lead NLP Engineer", intent="screen_applicants",
                                       entities=role_entity("Lead NLP Engineer")))
    assert "Nobody has an open application for Lead NLP Engineer" in messages[0]["text"]
    assert messages[0]["custom"]["problem"] == "no_applicants"
    assert messages[0]["buttons"][0]["payload"] == '/recommend_candidates{"role": "Lead NLP Engineer"}'
    assert slots(events) == {"role": "Lead NLP Engineer"}


def test_employee_is_refused(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("screen the new applicants for Data Analyst", sender="U_SOMEEMPLOYEE",
                                       intent="screen_applicants", entities=role_entity("Data Analyst")))
    assert "recruiter-only" in messages[0]["text"] and events == [] and not messages[0].get("buttons")
    assert messages[0]["custom"]["reason"] == "forbidden"


def test_missing_index_is_a_clear_answer(unindexed, tracker_for) -> None:
    messages, events = run(tracker_for("screen applicants for Data Analyst", intent="screen_applicants",
                                       entities=role_entity("Data Analyst")))
    assert "search index" in messages[0]["text"] and slots(events) == {"role": "Data Analyst"}


@pytest.mark.parametrize("typed", ["🙂", "x" * 20_000, "' OR 1=1; --"])
def test_garbage_roles_never_crash(indexed, tracker_for, typed: str) -> None:
    messages, events = run(tracker_for(typed, intent="screen_applicants", entities=role_entity(typed)))
    assert messages[0]["custom"]["type"] == "suggestions" and slots(events) == {"role": None}
