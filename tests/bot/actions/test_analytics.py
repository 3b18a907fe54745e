"""The analytics actions with CollectingDispatcher and tracker fixtures, on the generated history."""

from __future__ import annotations

import asyncio
import base64

from rasa_sdk import Action
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.actions.analytics import (
    ActionAttritionReason,
    ActionAttritionRisk,
    ActionForecastHires,
    ActionForecastLeavers,
)
from store.models import Employment, User, UserRole
from tests.bot.conftest import make_tracker

NOTE = "prompt for a conversation, not a decision"


def run(action: Action, tracker) -> tuple[list[dict], list[dict]]:  # noqa: ANN001
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def _manager_handle(engine: Engine) -> tuple[str, str]:
    with Session(engine) as session:
        reports = select(Employment.manager_id).where(Employment.left_on.is_(None))  # type: ignore[union-attr]
        boss = session.exec(select(Employment).where(Employment.id.in_(reports), Employment.left_on.is_(None),  # type: ignore[union-attr]
                                                     Employment.employee_id.is_not(None))).first()  # type: ignore[union-attr]
        handle = session.exec(select(User.handle).where(User.employee_id == boss.employee_id)).one()
        return handle, boss.team


def test_who_is_most_at_risk_then_why_is_she(history_store: Engine) -> None:
    messages, events = run(ActionAttritionRisk(), make_tracker(
        "who on the data team is most at risk of leaving?", sender="hrpartner", intent="attrition_risk",
        entities=[{"entity": "team", "value": "data"}]))
    payload = messages[0]["custom"]
    assert payload["type"] == "attrition_risk" and payload["teams"] == ["Data Platform"]
    assert payload["people"] and all(p["factors"] for p in payload["people"]) and NOTE in messages[0]["text"]
    top = payload["people"][0]["name"]
    assert {"event": "slot", "timestamp": None, "name": "analytics_person", "value": top} in events

    messages, _ = run(ActionAttritionReason(), make_tracker("why is she at risk?", sender="hrpartner",
                                                            intent="attrition_reason", slots={"analytics_person": top}))
    explained = messages[0]["custom"]
    assert explained["type"] == "attrition_explanation" and explained["name"] == top
    assert explained["factors"][0]["direction"] in ("raises", "lowers") and NOTE in messages[0]["text"]


def test_why_with_nobody_mentioned_asks_whom(history_store: Engine) -> None:
    messages, _ = run(ActionAttritionReason(), make_tracker("why is she at risk?", sender="hrpartner",
                                                            intent="attrition_reason"))
    assert messages[0]["custom"]["type"] == "ask"


def test_leavers_in_a_department_read_from_the_text_with_a_chart(history_store: Engine) -> None:
    messages, _ = run(ActionForecastLeavers(), make_tracker(
        "how many people will we lose in engineering next quarter?", sender="hrpartner", intent="forecast_leavers"))
    payload = messages[0]["custom"]
    assert payload["type"] == "workforce_forecast" and "Data Platform" in payload["teams"]
    assert base64.b64decode(payload["chart"]["base64"]).startswith(b"\x89PNG")
    assert "may lose about" in messages[0]["text"] and len(payload["quarters"]) == 4


def test_hires_the_platform_team_needs(history_store: Engine) -> None:
    messages, _ = run(ActionForecastHires(), make_tracker(
        "how many hires does the platform team need?", sender="hrpartner", intent="forecast_hires"))
    assert set(messages[0]["custom"]["teams"]) == {"Data Platform", "ML Platform", "Web Platform"}
    assert "needs about" in messages[0]["text"] and "open roles" in messages[0]["text"]


def test_recruiters_and_employees_are_refused(history_store: Engine) -> None:
    for sender in ("recruiter", "someone-unknown"):
        for action in (ActionAttritionRisk(), ActionAttritionReason(), ActionForecastLeavers()):
            messages, _ = run(action, make_tracker("who is most at risk of leaving?", sender=sender,
                                                   intent="attrition_risk"))
            assert messages[0]["custom"] == {"type": "error", "reason": "forbidden"}, sender


def test_a_manager_gets_their_teams_total_only(history_store: Engine) -> None:
    handle, team = _manager_handle(history_store)
    messages, _ = run(ActionAttritionRisk(), make_tracker("how many people might we lose in my team",
                                                          sender=handle, intent="attrition_risk"))
    payload = messages[0]["custom"]
    assert payload["teams"] == [team] and "people" not in payload and NOTE in messages[0]["text"]
    messages, _ = run(ActionAttritionReason(), make_tracker("why is she at risk?", sender=handle,
                                                            intent="attrition_reason", slots={"analytics_person": "X"}))
    assert messages[0]["custom"]["reason"] == "forbidden"
    other = "Vision" if team != "Vision" else "Product"
    messages, _ = run(ActionAttritionRisk(), make_tracker(f"who in {other} might quit", sender=handle,
                                                          intent="attrition_risk"))
    assert messages[0]["custom"]["reason"] == "forbidden" and team in messages[0]["text"]


def test_unknown_team_lists_the_teams(history_store: Engine) -> None:
    messages, _ = run(ActionForecastHires(), make_tracker(
        "how many hires does basket weaving need", sender="hrpartner", intent="forecast_hires",
        entities=[{"entity": "team", "value": "basket weaving"}]))
    assert messages[0]["custom"]["reason"] == "unknown_team" and "Data Platform" in messages[0]["text"]
