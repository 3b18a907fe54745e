"""action_salary_range with CollectingDispatcher and tracker fixtures."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session, select

from bot.actions.salaries import ActionSalaryRange
from store.models import SalaryBand
from tests.bot.actions.applicants import BAD_INPUT


def run(tracker) -> list[dict]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionSalaryRange().run(dispatcher, tracker, {}))
    assert events == []
    return dispatcher.messages


def ents(**values: str) -> list[dict]:
    return [{"entity": k, "value": v} for k, v in values.items()]


def test_one_band_with_currency(seeded, tracker_for) -> None:
    with Session(seeded) as session:
        band = session.exec(select(SalaryBand).where(SalaryBand.family == "Data Scientist",
                                                     SalaryBand.seniority == "senior",
                                                     SalaryBand.location == "Munich")).one()
    messages = run(tracker_for("salary band for a senior data scientist in Munich", intent="salary_range",
                               entities=ents(role="data scientist", seniority="senior", location="Munich")))
    payload = messages[0]["custom"]
    assert payload["type"] == "salary_band" and payload["currency"] == "EUR"
    assert payload["bands"] == [{"family": "Data Scientist", "seniority": "senior", "location": "Munich",
                                 "currency": "EUR", "low": band.low, "mid": band.mid, "high": band.high}]
    assert f"EUR {band.low:,}" in messages[0]["text"] and f"{band.high:,}" in messages[0]["text"]


def test_without_entities_reads_the_text(seeded, tracker_for) -> None:
    messages = run(tracker_for("what do we pay a sr data engineer in zurich?", intent="salary_range"))
    payload = messages[0]["custom"]
    assert (payload["family"], payload["seniority"], payload["location"]) == ("Data Engineer", "senior", "Zurich")
    assert len(payload["bands"]) == 1


def test_no_location_lists_all_locations(seeded, tracker_for) -> None:
    messages = run(tracker_for("pay for a junior data analyst", intent="salary_range",
                               entities=ents(role="data analyst", seniority="junior")))
    payload = messages[0]["custom"]
    assert payload["location"] is None and len(payload["bands"]) > 5
    assert "by location" in messages[0]["text"] and "Berlin" in messages[0]["text"]


def test_family_only_gives_a_compact_overview(seeded, tracker_for) -> None:
    messages = run(tracker_for("salary range for data scientists", intent="salary_range",
                               entities=ents(role="data scientist")))
    text = messages[0]["text"]
    assert text.count("\n") <= 8 and "principal" in text and "Name a level and a location" in text


def test_missing_band_is_explained_with_known_locations(seeded, tracker_for) -> None:
    messages = run(tracker_for("L&D partner salary in Zurich", intent="salary_range",
                               entities=ents(role="Learning and Development Partner", seniority="mid",
                                             location="Zurich")))
    text = messages[0]["text"]
    assert text.startswith("There is no pay band for Learning and Development Partner (mid) in Zurich")
    assert "Berlin" in text and messages[0]["custom"]["missing"] is True


def test_unknown_location_lists_known_ones(seeded, tracker_for) -> None:
    messages = run(tracker_for("data engineer pay in Tokyo", intent="salary_range",
                               entities=ents(role="Data Engineer", location="Tokyo")))
    assert "no Data Engineer pay bands for \"Tokyo\"" in messages[0]["text"] and "Berlin" in messages[0]["text"]


def test_no_role_asks_for_one(seeded, tracker_for) -> None:
    messages = run(tracker_for("what's the salary in Berlin?", intent="salary_range", entities=ents(location="Berlin")))
    assert messages[0]["custom"]["type"] == "ask"
    assert all('"location": "Berlin"' in b["payload"] for b in messages[0]["buttons"])


def test_employees_may_see_pay_bands(seeded, tracker_for) -> None:
    messages = run(tracker_for("salary for a senior data scientist in Berlin", sender="yasemin.bulut",
                               intent="salary_range",
                               entities=ents(role="data scientist", seniority="senior", location="Berlin")))
    assert messages[0]["custom"]["type"] == "salary_band" and len(messages[0]["custom"]["bands"]) == 1


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises(seeded, tracker_for, text: str) -> None:
    messages = run(tracker_for(text, intent="salary_range",
                               entities=ents(role=text, seniority=text, location=text)))
    assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]


def test_a_level_alone_asks_the_family_and_keeps_the_level(seeded, tracker_for) -> None:
    messages = run(tracker_for("what's the pay for a lead role?", intent="salary_range",
                               entities=ents(seniority="lead"), slots={"role": "Data Scientist"}))
    payload = messages[0]["custom"]
    assert payload["type"] == "ask" and "Which role should I give the lead pay band for?" in messages[0]["text"]
    assert all('"seniority": "lead"' in b["payload"] for b in messages[0]["buttons"])


def test_a_follow_up_level_keeps_the_last_role(seeded, tracker_for) -> None:
    messages = run(tracker_for("and for a lead?", intent="salary_range", entities=ents(seniority="lead"),
                               slots={"role": "Data Scientist"}))
    payload = messages[0]["custom"]
    assert (payload["family"], payload["seniority"]) == ("Data Scientist", "lead") and payload["bands"]
