"""action_role_info with CollectingDispatcher and tracker fixtures."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func
from sqlmodel import Session, select

from bot.actions.roles import ActionRoleInfo
from store.models import Application, Role
from tests.bot.actions.applicants import BAD_INPUT


def run(tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionRoleInfo().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def _role(seeded, title: str) -> tuple[Role, int]:
    with Session(seeded) as session:
        role = session.exec(select(Role).where(Role.title == title)).one()
        count = session.exec(select(func.count(Application.id)).where(Application.role_id == role.id)).one()
    return role, count


def test_role_card_for_a_recruiter(seeded, tracker_for) -> None:
    role, applicants = _role(seeded, "Senior Data Engineer")
    messages, events = run(tracker_for("what does the senior data engineer role require?", intent="role_info",
                                       entities=[{"entity": "role", "value": "senior data engineer"}]))
    card = messages[0]["custom"]
    assert card["type"] == "role_card" and card["title"] == "Senior Data Engineer"
    assert card["family"] == role.family and card["location"] == role.location
    assert card["required_skills"] == role.required_skills and card["seniority"] == "senior"
    assert card["applicants"] == applicants and card["status"] == "open"
    assert f"Applicants so far: {applicants}" in messages[0]["text"]
    assert events == [{"event": "slot", "timestamp": None, "name": "role", "value": "Senior Data Engineer"}]


def test_employees_see_the_role_but_not_the_applicant_count(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("tell me about the Data Engineer role", sender="yasemin.bulut", intent="role_info"))
    card = messages[0]["custom"]
    assert card["title"] == "Data Engineer" and "applicants" not in card
    assert "Applicants" not in messages[0]["text"]


def test_closed_role_says_so(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("what about Lead NLP Engineer", intent="role_info",
                                  entities=[{"entity": "role", "value": "Lead NLP Engineer"}]))
    assert messages[0]["custom"]["status"] == "closed" and "closed" in messages[0]["text"]


def test_follow_up_uses_the_role_slot(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("what does it require?", intent="role_info", slots={"role": "Data Analyst"}))
    assert messages[0]["custom"]["title"] == "Data Analyst"


def test_unknown_role_offers_buttons_or_explains(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("what does a data scintist do", intent="role_info",
                                       entities=[{"entity": "role", "value": "data scintist"}]))
    assert messages[0]["custom"]["type"] == "suggestions" and "Data Scientist" in messages[0]["custom"]["names"]
    assert {"title": "Data Scientist", "payload": '/role_info{"role": "Data Scientist"}'} in messages[0]["buttons"]
    assert events == []
    messages, _ = run(tracker_for("what does a qwzx do", intent="role_info",
                                  entities=[{"entity": "role", "value": "qwzx"}]))
    assert "I don't know a role called \"qwzx\"" in messages[0]["text"]


def test_no_role_asks_which_with_open_roles(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("tell me about a role", intent="role_info"))
    assert messages[0]["custom"]["type"] == "ask" and messages[0]["buttons"]
    assert all(b["payload"].startswith("/role_info{") for b in messages[0]["buttons"])


def test_a_level_alone_is_its_own_target_not_the_last_role(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("what does a senior role look like?", intent="role_info",
                                       entities=[{"entity": "seniority", "value": "senior"}],
                                       slots={"role": "Data Analyst"}))
    assert messages[0]["custom"]["type"] == "ask" and events == []
    titles = [b["title"] for b in messages[0]["buttons"]]
    with Session(seeded) as session:
        levels = {r.title: r.seniority for r in session.exec(select(Role))}
    assert "Senior Data Engineer" in titles and {levels[t] for t in titles} == {"senior"}
    assert "senior role" in messages[0]["text"]


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises(seeded, tracker_for, text: str) -> None:
    messages, _ = run(tracker_for(text, intent="role_info", entities=[{"entity": "role", "value": text}]))
    assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
