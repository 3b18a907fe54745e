"""action_pipeline_summary with CollectingDispatcher and tracker fixtures."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func
from sqlmodel import Session, select

from bot.actions.pipeline import ActionPipelineSummary
from store.models import Application, AuditLog, Role
from tests.bot.actions.applicants import BAD_INPUT


def run(tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionPipelineSummary().run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def test_all_open_roles(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("how does the pipeline look?", intent="pipeline_summary"))
    payload = messages[0]["custom"]
    assert payload["type"] == "pipeline" and payload["role"] is None
    with Session(seeded) as session:
        open_roles = session.exec(select(func.count(Role.id)).where(Role.is_open == True)).one()  # noqa: E712
    assert payload["roles"] == open_roles
    assert [s["stage"] for s in payload["stages"]][-1] == "rejected"
    assert messages[0]["text"].startswith(f"Pipeline for all {open_roles} open roles")
    assert "Conversion" in messages[0]["text"] and events == []


def test_one_role_by_entity_sets_the_role_slot(seeded, tracker_for) -> None:
    with Session(seeded) as session:
        role_id = session.exec(select(Application.role_id).order_by(Application.id)).first()
        role = session.get(Role, role_id)
        total = session.exec(select(func.count(Application.id)).where(Application.role_id == role_id)).one()
    messages, events = run(tracker_for(f"pipeline for {role.title.lower()}", intent="pipeline_summary",
                                       entities=[{"entity": "role", "value": role.title.lower()}]))
    payload = messages[0]["custom"]
    assert payload["role"] == role.title and payload["total"] == total
    assert sum(s["count"] for s in payload["stages"]) == total
    assert all(0 <= c["rate"] <= 1 for c in payload["conversion"] if c["rate"] is not None)
    assert events == [{"event": "slot", "timestamp": None, "name": "role", "value": role.title}]


def test_this_role_uses_the_slot(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("and the pipeline for this role?", intent="pipeline_summary",
                                  slots={"role": "Data Engineer"}))
    assert messages[0]["custom"]["role"] == "Data Engineer"


def test_unknown_role_offers_suggestions(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("pipeline for data enginer", intent="pipeline_summary",
                                       entities=[{"entity": "role", "value": "data enginer"}]))
    payload = messages[0]["custom"]
    if payload["type"] == "suggestions":
        assert "Data Engineer" in payload["names"]
        assert any(b["payload"] == '/pipeline_summary{"role": "Data Engineer"}' for b in messages[0]["buttons"])
    else:
        assert payload["type"] == "pipeline" and payload["role"].startswith("Data Engineer")


def test_location_filter_and_unknown_location(seeded, tracker_for) -> None:
    messages, _ = run(tracker_for("pipeline in Berlin", intent="pipeline_summary",
                                  entities=[{"entity": "location", "value": "berlin"}]))
    payload = messages[0]["custom"]
    assert payload["location"] == "Berlin" and "in Berlin" in payload["scope"]
    messages, _ = run(tracker_for("pipeline in Tokyo", intent="pipeline_summary",
                                  entities=[{"entity": "location", "value": "Tokyo"}]))
    assert "no open roles in \"Tokyo\"" in messages[0]["text"] and "Berlin" in messages[0]["text"]


def test_employee_is_refused(seeded, tracker_for) -> None:
    messages, events = run(tracker_for("pipeline for Data Engineer", sender="U_SOMEEMPLOYEE", intent="pipeline_summary",
                                       entities=[{"entity": "role", "value": "Data Engineer"}]))
    assert "recruiter-only" in messages[0]["text"] and events == []
    assert messages[0]["custom"]["type"] == "error"


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises_or_writes(seeded, tracker_for, text: str) -> None:
    with Session(seeded) as session:
        before = session.exec(select(func.count(AuditLog.id))).one()
    messages, _ = run(tracker_for(text, intent="pipeline_summary", entities=[{"entity": "role", "value": text}]))
    assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
    with Session(seeded) as session:
        assert session.exec(select(func.count(AuditLog.id))).one() == before
