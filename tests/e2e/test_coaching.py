"""Employee coaching end to end: training, skill gap and career path for the asking employee, and feedback."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from connectors.servers import Stack
from store.engine import get_engine
from store.models import Employee, Feedback, User, UserRole
from tests.e2e.chat import conversation, payload, payloads, say, texts

pytestmark = pytest.mark.slow


def employee(e2e_dir: Path, skip: int = 0) -> tuple[str, Employee]:
    """A seeded employee's login handle and profile."""
    with Session(get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")) as session:
        user, person = session.exec(
            select(User, Employee).join(Employee, Employee.id == User.employee_id)
            .where(User.role == UserRole.employee).order_by(User.id).offset(skip)
        ).first()
    return user.handle, person


def feedback_of(e2e_dir: Path, handle: str) -> list[Feedback]:
    with Session(get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")) as session:
        return list(session.exec(select(Feedback).where(Feedback.user_handle == handle).order_by(Feedback.id)))


def test_training_suggestions_then_that_helped_is_stored(stack: Stack, e2e_dir: Path) -> None:
    handle, _ = employee(e2e_dir)
    convo = f"{handle}~{conversation('coach')}"
    courses = payload(say(stack, "what should I learn next?", convo), "course_list")["courses"]
    assert courses
    say(stack, "that helped", convo)
    rated = feedback_of(e2e_dir, handle)
    assert rated and all(f.rating == 1 and f.item_type == "course" for f in rated)
    assert {f.item_id for f in rated} <= {str(c.get("code")) for c in courses}


def test_thumbs_down_button_rates_one_course(stack: Stack, e2e_dir: Path) -> None:
    handle, _ = employee(e2e_dir, skip=1)
    convo = f"{handle}~{conversation('coach')}"
    courses = payload(say(stack, "recommend a course on kubernetes", convo), "course_list")["courses"]
    code = str(courses[0]["code"])
    say(stack, '/deny{"item_type": "course", "item_id": "%s"}' % code, convo)
    assert [(f.item_id, f.rating) for f in feedback_of(e2e_dir, handle)] == [(code, -1)]


def test_skill_gap_and_career_path_are_about_the_asker(stack: Stack, e2e_dir: Path) -> None:
    handle, person = employee(e2e_dir, skip=2)
    convo = f"{handle}~{conversation('coach')}"
    gap = say(stack, "what am I missing to become a machine learning engineer?", convo)
    assert texts(gap).strip() and any(p.get("type") in {"skill_gap", "suggestions"} for p in payloads(gap))
    path = say(stack, "what are my career options from here?", convo)
    assert texts(path).strip() and "Traceback" not in texts(path)


def test_unknown_sender_gets_generic_suggestions_only(stack: Stack) -> None:
    answer = say(stack, "recommend a course on python", f"stranger-{conversation('x')}")
    assert texts(answer).strip()
    assert "Traceback" not in texts(answer)


@pytest.mark.parametrize("text", [
    "what am I missing to become an underwater basket weaver?",
    "recommend a course on xyzzy frobnication",
    "how do I grow into a Galactic Emperor?",
])
def test_unknown_skills_and_roles_are_answered_clearly(stack: Stack, e2e_dir: Path, text: str) -> None:
    handle, _ = employee(e2e_dir, skip=3)
    answer = texts(say(stack, text, f"{handle}~{conversation('coach')}"))
    assert answer.strip() and "Traceback" not in answer and "went wrong" not in answer


def test_recruiter_without_an_employee_profile_gets_no_personal_coaching(stack: Stack) -> None:
    answer = texts(say(stack, "what should I learn next?", f"recruiter~{conversation('coach')}"))
    assert answer.strip() and "went wrong" not in answer
