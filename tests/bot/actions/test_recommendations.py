"""action_recommend_candidates, action_ask_role and validate_recommend_form."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session, select

from bot.actions.recommendations import ActionAskRole, ActionRecommendCandidates, ValidateRecommendForm
from store.models import Role

FORM_DOMAIN = {"forms": {"recommend_form": {"required_slots": ["role"]}}, "slots": {"role": {"type": "text"}}}


def run(action, tracker, domain: dict | None = None) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, domain or {}))
    return dispatcher.messages, events


def validate(value: Any, tracker) -> tuple[dict, list[dict]]:
    dispatcher = CollectingDispatcher()
    out = asyncio.run(ValidateRecommendForm().validate_role(value, dispatcher, tracker, FORM_DOMAIN))
    return out, dispatcher.messages


def slots(events: list[dict]) -> dict[str, Any]:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


def test_recommends_five_explained_for_the_role_slot(indexed, tracker_for) -> None:
    messages, events = run(ActionRecommendCandidates(),
                           tracker_for("ML engineer", intent="recommend_candidates", slots={"role": "ML engineer"}))
    payload = messages[0]["custom"]
    assert payload["type"] == "candidate_list" and payload["role"] == "Machine Learning Engineer"
    assert len(payload["candidates"]) == 5
    for card in payload["candidates"]:
        assert 0 <= card["score"] <= 1 and card["evidence"] and "missing_required" in card
        assert card["name"] in messages[0]["text"]
    assert "match" in messages[0]["text"] and "required" in messages[0]["text"]
    assert slots(events) == {"role": "Machine Learning Engineer",
                             "last_candidates": [str(c["candidate_id"]) for c in payload["candidates"]]}


def test_role_entity_works_without_the_form(indexed, tracker_for) -> None:
    messages, events = run(ActionRecommendCandidates(), tracker_for(
        "best people for Data Engineer", intent="recommend_candidates", entities=[{"entity": "role", "value": "Data Engineer"}]))
    assert messages[0]["custom"]["role"] == "Data Engineer" and slots(events)["role"] == "Data Engineer"


def test_unknown_role_offers_suggestions_and_clears_the_slot(indexed, tracker_for) -> None:
    messages, events = run(ActionRecommendCandidates(),
                           tracker_for("deep learning", intent="recommend_candidates", slots={"role": "deep learning"}))
    assert "Deep Learning Engineer" in [b["title"] for b in messages[0]["buttons"]]
    assert slots(events) == {"role": None}


def test_no_role_asks_with_open_roles(seeded, tracker_for) -> None:
    messages, events = run(ActionRecommendCandidates(), tracker_for("recommend candidates", intent="recommend_candidates"))
    assert messages[0]["custom"]["slot"] == "role" and messages[0]["buttons"] and events == []


def test_ask_role_lists_open_roles_as_buttons(seeded, tracker_for) -> None:
    messages, events = run(ActionAskRole(), tracker_for("recommend candidates", intent="recommend_candidates"))
    buttons = messages[0]["buttons"]
    with Session(seeded) as session:
        open_titles = set(session.exec(select(Role.title).where(Role.is_open == True)))  # noqa: E712
    assert 1 <= len(buttons) <= 8 and events == []
    for b in buttons:
        assert b["payload"] == "/recommend_candidates" + json.dumps({"role": b["title"]}, ensure_ascii=False) and b["title"] in open_titles


@pytest.mark.parametrize("action", [ActionRecommendCandidates(), ActionAskRole()])
def test_employee_is_refused(seeded, tracker_for, action) -> None:
    messages, events = run(action, tracker_for("who fits Data Engineer", sender="U_SOMEEMPLOYEE",
                                               intent="recommend_candidates", slots={"role": "Data Engineer"}))
    assert "recruiter-only" in messages[0]["text"] and events == [] and not messages[0].get("buttons")


@pytest.mark.parametrize(("typed", "title"), [("ML engineer", "Machine Learning Engineer"), ("data scientist", "Data Scientist"),
                                              ("Machine Lerning Engineer", "Machine Learning Engineer")])
def test_validation_resolves_the_typed_role(indexed, tracker_for, typed: str, title: str) -> None:
    out, _ = validate(typed, tracker_for(typed, intent="recommend_candidates"))
    assert out == {"role": title}


@pytest.mark.parametrize("typed", ["deep learning", "astronaut", "", None, "🙂", "x" * 20_000, "' OR 1=1; --"])
def test_validation_leaves_unknown_roles_empty(indexed, tracker_for, typed) -> None:
    out, messages = validate(typed, tracker_for(str(typed), intent="recommend_candidates"))
    assert out == {"role": None}
    if typed == "deep learning":
        assert "Deep Learning Engineer" in [b["title"] for b in messages[0]["buttons"]]
    elif typed and typed.strip("🙂"):
        assert "role" in messages[0]["text"]


def test_validation_reveals_nothing_to_employees(seeded, tracker_for) -> None:
    out, messages = validate("deep learning", tracker_for("deep learning", sender="U_SOMEEMPLOYEE"))
    assert messages == [] and out == {"role": "deep learning"}


def test_form_validation_run_sets_the_canonical_title(indexed, tracker_for) -> None:
    tracker = tracker_for("ML engineer", intent="recommend_candidates", slots={"role": "ML engineer"},
                          extra_events=[{"event": "slot", "name": "role", "value": "ML engineer"}], active_loop="recommend_form")
    _, events = run(ValidateRecommendForm(), tracker, FORM_DOMAIN)
    assert slots(events)["role"] == "Machine Learning Engineer"


def test_a_role_named_now_beats_the_old_slot(indexed, tracker_for) -> None:
    messages, _ = run(ActionRecommendCandidates(), tracker_for(
        "and for data analyst?", intent="recommend_candidates", entities=[{"entity": "role", "value": "data analyst"}],
        slots={"role": "Machine Learning Engineer"}))
    assert messages[0]["custom"]["role"] == "Data Analyst"


def test_missing_index_is_a_clear_answer(unindexed, tracker_for) -> None:
    messages, events = run(ActionRecommendCandidates(),
                           tracker_for("Data Engineer", intent="recommend_candidates", slots={"role": "Data Engineer"}))
    assert "search index" in messages[0]["text"] and slots(events) == {"role": "Data Engineer"}


def test_form_ends_at_once_for_employees(seeded, tracker_for) -> None:
    tracker = tracker_for("recommend candidates", sender="U_SOMEEMPLOYEE", intent="recommend_candidates",
                          active_loop="recommend_form")
    messages, events = run(ValidateRecommendForm(), tracker, FORM_DOMAIN)
    assert slots(events) == {"requested_slot": None} and messages == []


def test_form_keeps_asking_recruiters(seeded, tracker_for) -> None:
    tracker = tracker_for("recommend candidates", intent="recommend_candidates", active_loop="recommend_form")
    _, events = run(ValidateRecommendForm(), tracker, FORM_DOMAIN)
    assert "requested_slot" not in slots(events)
