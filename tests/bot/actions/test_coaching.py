"""Coaching actions with CollectingDispatcher against the seeded store: own profile only."""

from __future__ import annotations

import asyncio
import json

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func
from sqlmodel import Session, select

from bot.actions.coaching import ActionCareerPath, ActionRecommendTraining, ActionSkillGap
from retrieval.roles import role_at_level
from store.models import AuditLog, Candidate, Employee, Feedback, Role, User, UserRole
from tests.bot.actions.applicants import BAD_INPUT


def run(action, tracker) -> tuple[list[dict], list[dict]]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, events


def slots(events: list[dict]) -> dict:
    return {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def employee(seeded) -> tuple[str, Employee]:
    with Session(seeded) as session:
        handle, emp = session.exec(
            select(User.handle, Employee).join(Employee, Employee.id == User.employee_id)
            .where(User.role == UserRole.employee).order_by(User.id)
        ).first()
    return handle, emp


def counts(session: Session) -> tuple[int, int]:
    return session.exec(select(func.count(AuditLog.id))).one(), session.exec(select(func.count(Feedback.id))).one()


def ent(name: str, value: str) -> list[dict]:
    return [{"entity": name, "value": value}]


def test_training_for_a_skill_lists_courses_with_thumbs_and_asks_for_feedback(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, events = run(ActionRecommendTraining(),
                           tracker_for("what courses for python?", sender=handle, intent="recommend_training",
                                       entities=ent("skill", "python")))
    msg = messages[0]
    assert msg["text"].endswith("Was this useful? (yes / no)")
    payload = msg["custom"]
    assert payload["type"] == "course_list" and payload["personal"] is True
    codes = [c["code"] for c in payload["courses"]]
    assert codes and len(codes) <= 5
    for c in payload["courses"]:
        assert {"title", "provider", "hours", "level", "code", "reason"} <= set(c)
        up, down = c["buttons"]
        assert up["payload"].startswith("/affirm{") and down["payload"].startswith("/deny{")
        assert json.loads(up["payload"][len("/affirm"):]) == {"item_type": "course", "item_id": c["code"]}
    assert payload["plan"]["total_hours"] >= sum(c["hours"] for c in payload["courses"]) - 1e-6
    pending = slots(events)["pending_feedback"]
    assert pending["item_type"] == "course" and pending["item_ids"] == codes


def test_training_without_target_uses_goals(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, events = run(ActionRecommendTraining(),
                           tracker_for("what should I learn next?", sender=handle, intent="recommend_training"))
    assert "your goals" in messages[0]["text"]
    assert slots(events)["pending_feedback"]["item_ids"]


def test_training_for_a_role_sets_the_role_slot(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, events = run(ActionRecommendTraining(),
                           tracker_for("what to learn to become a data engineer", sender=handle,
                                       intent="recommend_training", entities=ent("role", "data engineer")))
    assert slots(events)["role"] == "Data Engineer"
    assert messages[0]["custom"]["type"] == "course_list"


def test_unknown_skill_and_role_get_suggestions_and_no_feedback_question(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, events = run(ActionRecommendTraining(),
                           tracker_for("courses for pyhton", sender=handle, intent="recommend_training",
                                       entities=ent("skill", "pyhton")))
    assert "Did you mean" in messages[0]["text"] and "Python" in messages[0]["text"]
    assert slots(events)["pending_feedback"] is None
    messages, _ = run(ActionRecommendTraining(),
                      tracker_for("train me for dragon tamer", sender=handle, intent="recommend_training",
                                  entities=ent("role", "Dragon Tamer")))
    assert "couldn't find a role called \"Dragon Tamer\"" in messages[0]["text"]


def test_unknown_sender_gets_generic_suggestions_and_how_to_identify(seeded, tracker_for) -> None:
    messages, events = run(ActionRecommendTraining(),
                           tracker_for("courses for sql", sender="U_NOT_LINKED", intent="recommend_training",
                                       entities=ent("skill", "SQL")))
    text = messages[0]["text"]
    assert "People team" in text and "isn't personalised" in text
    assert messages[0]["custom"]["personal"] is False and messages[0]["custom"]["courses"]
    messages, _ = run(ActionRecommendTraining(),
                      tracker_for("what should I learn?", sender="U_NOT_LINKED", intent="recommend_training"))
    assert "People team" in messages[0]["text"] and messages[0]["buttons"]


def test_recruiter_without_profile_gets_generic_answer(seeded, tracker_for) -> None:
    messages, _ = run(ActionSkillGap(), tracker_for("skill gap for data scientist", sender="recruiter",
                                                    intent="skill_gap", entities=ent("role", "Data Scientist")))
    assert "Data Scientist needs:" in messages[0]["text"] and "People team" in messages[0]["text"]
    assert messages[0]["custom"]["personal"] is False


def test_skill_gap_for_a_role(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    tracker = tracker_for("what am I missing for senior data scientist", sender=handle, intent="skill_gap",
                          entities=ent("role", "senior data scientist"))
    messages, events = run(ActionSkillGap(), tracker)
    payload = messages[0]["custom"]
    assert payload["type"] == "skill_gap" and payload["role"] == "Senior Data Scientist"
    assert set(payload) >= {"have", "missing", "weak"}
    assert all("course" in i for i in payload["missing"] + payload["weak"])
    assert slots(events) == {"pending_feedback": None, "role": "Senior Data Scientist"}


def test_skill_gap_falls_back_to_the_role_slot(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, _ = run(ActionSkillGap(), tracker_for("and my skill gap?", sender=handle, intent="skill_gap",
                                                    slots={"role": "Data Engineer"}))
    assert messages[0]["custom"]["role"] == "Data Engineer"


def test_career_path_steps_and_options(seeded, employee, tracker_for) -> None:
    handle, emp = employee
    messages, _ = run(ActionCareerPath(), tracker_for("where can I go from here?", sender=handle, intent="career_path"))
    payload = messages[0]["custom"]
    assert payload["type"] == "career_path" and payload["from"] == emp.current_role
    if payload["options"]:
        target = payload["options"][-1]["family"]
        messages, _ = run(ActionCareerPath(), tracker_for(f"how do I become {target}", sender=handle,
                                                          intent="career_path", entities=ent("role", target)))
        path = messages[0]["custom"]
        assert path["steps"][0]["from"] == emp.current_role and path["steps"][-1]["to"] == target
        assert "year" in messages[0]["text"]


def test_career_path_unknown_role(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, _ = run(ActionCareerPath(), tracker_for("path to wizard", sender=handle, intent="career_path",
                                                      entities=ent("role", "Grand Wizard")))
    assert "couldn't find a role" in messages[0]["text"]


def test_employee_cannot_see_candidates_or_other_employees(seeded, employee, tracker_for) -> None:
    handle, emp = employee
    with Session(seeded) as session:
        candidate = session.exec(select(Candidate).order_by(Candidate.id)).first()
        other = session.exec(select(Employee).where(Employee.id != emp.id).order_by(Employee.id)).first()
    for action in (ActionRecommendTraining(), ActionSkillGap(), ActionCareerPath()):
        for name in (candidate.full_name, other.full_name):
            messages, _ = run(action, tracker_for(f"what should {name} learn?", sender=handle,
                                                  intent="recommend_training", entities=ent("person", name)))
            assert "only coach you on your own profile" in messages[0]["text"]
            dumped = json.dumps(messages)
            assert name not in dumped and candidate.email not in dumped


def test_own_name_is_fine(seeded, employee, tracker_for) -> None:
    handle, emp = employee
    messages, _ = run(ActionCareerPath(), tracker_for(f"career options for {emp.full_name}", sender=handle,
                                                      intent="career_path", entities=ent("person", emp.full_name)))
    assert messages[0]["custom"]["type"] == "career_path"


@pytest.mark.parametrize("text", BAD_INPUT)
@pytest.mark.parametrize("action", [ActionRecommendTraining(), ActionSkillGap(), ActionCareerPath()],
                         ids=lambda a: a.name())
def test_bad_input_never_raises_or_writes(seeded, employee, tracker_for, text: str, action) -> None:
    handle, _ = employee
    with Session(seeded) as session:
        before = counts(session)
    for entities in ([], ent("skill", text), ent("role", text)):
        messages, _ = run(action, tracker_for(text, sender=handle, intent="recommend_training", entities=entities))
        assert messages and messages[0]["text"]
        assert "Something went wrong" not in messages[0]["text"]
    with Session(seeded) as session:
        after = counts(session)
    assert before == after


def test_database_gone_gives_clear_message(tmp_path, monkeypatch: pytest.MonkeyPatch, tracker_for) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://hr@127.0.0.1:1/hr?connect_timeout=2")
    messages, events = run(ActionRecommendTraining(), tracker_for("what should I learn?", intent="recommend_training"))
    assert "can't reach the HR database" in messages[0]["text"] and events == []


def test_role_in_the_text_without_entities(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    messages, events = run(ActionRecommendTraining(), tracker_for("what should I learn to become an ML engineer?",
                                                                  sender=handle, intent="recommend_training"))
    assert slots(events)["role"].endswith("Machine Learning Engineer")  # at the asker's own level
    messages, _ = run(ActionSkillGap(), tracker_for("what am I missing to become a data engineer?", sender=handle,
                                                    intent="skill_gap", slots={"role": "Recruiter"}))
    assert messages[0]["custom"]["role"] == "Data Engineer"  # the message wins over an older slot value


def test_a_level_alone_is_a_target_of_its_own_not_the_last_role(seeded, employee, tracker_for) -> None:
    handle, emp = employee
    with Session(seeded) as session:
        expected = role_at_level(session.exec(select(Role)).all(), emp.current_role, "lead")
    assert expected is not None and expected.family != "Data Engineer"
    tracker = tracker_for("how can I grow into a lead role?", sender=handle, intent="skill_gap",
                          entities=ent("seniority", "lead"), slots={"role": "Data Engineer"})
    messages, events = run(ActionSkillGap(), tracker)
    assert messages[0]["custom"]["role"] == expected.title  # the asker's own family at the level asked
    assert slots(events)["role"] == expected.title
    messages, _ = run(ActionCareerPath(), tracker_for("how can I grow into a lead role?", sender=handle,
                                                      intent="career_path", entities=ent("seniority", "lead"),
                                                      slots={"role": "Data Engineer"}))
    assert messages[0]["custom"]["target"] == emp.current_role != "Data Engineer"


def test_the_level_the_message_names_wins_over_the_askers_own(seeded, employee, tracker_for) -> None:
    handle, _ = employee
    tracker = tracker_for("what am I missing to become a lead data scientist?", sender=handle, intent="skill_gap",
                          entities=ent("seniority", "lead") + ent("role", "data scientist"),
                          slots={"role": "Junior Data Scientist"})
    messages, _ = run(ActionSkillGap(), tracker)
    assert messages[0]["custom"]["role"] == "Lead Data Scientist"
