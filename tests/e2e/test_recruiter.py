"""Recruiter flows end to end: the real model, action server and store; replies and what the store holds."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.servers import Stack
from store.engine import get_engine
from store.models import Application, AuditLog, Candidate, Role, Shortlist, Stage, StageEvent, User, UserRole
from tests.e2e.chat import buttons, conversation, payload, payloads, say, texts, unique_applicants

pytestmark = pytest.mark.slow


@pytest.fixture
def db(e2e_dir: Path) -> Iterator[Engine]:
    """The stack's own store, read after each conversation."""
    engine = get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")
    yield engine


def recruiter() -> str:
    """A fresh conversation of the seeded recruiter (`<handle>~<thread>` keeps the identity)."""
    return f"recruiter~{conversation('r')}"


def unique_applicant(db: Engine, stage: Stage, skip: int = 0) -> tuple[Candidate, Application, Role]:
    """A candidate with one application, at `stage`, whose name nobody else has (the first, or skip some)."""
    picked = unique_applicants(db, [stage])
    assert len(picked) > skip, f"no unique applicant at {stage}"
    return picked[skip]


def audit_count(db: Engine) -> int:
    with Session(db) as session:
        return session.exec(select(func.count(AuditLog.id))).one()


def test_search_pages_on_and_the_second_one_is_opened(stack: Stack) -> None:
    convo = recruiter()
    first = payload(say(stack, "find candidates with python and machine learning", convo), "candidate_list")
    assert len(first["candidates"]) >= 2
    more = payload(say(stack, "show more", convo), "candidate_list")
    first_ids = {c["candidate_id"] for c in first["candidates"]}
    assert more["candidates"] and not first_ids & {c["candidate_id"] for c in more["candidates"]}
    second = more["candidates"][1]
    profile = say(stack, "tell me more about the second one", convo)
    assert second["name"] in texts(profile)


def test_search_with_nothing_found_suggests_relaxing(stack: Stack) -> None:
    answer = texts(say(stack, "anyone with cobol and fortran and quantum chemistry in Reykjavik?", recruiter()))
    assert answer.strip() and "Traceback" not in answer


def test_recommend_asks_for_the_role_then_explains_each_match(stack: Stack) -> None:
    convo = recruiter()
    asked = say(stack, "recommend some candidates", convo)
    offers = [b for b in buttons(asked) if b["payload"].startswith("/recommend_candidates")]
    assert offers, asked
    answer = say(stack, offers[0]["payload"], convo)
    listing = payload(answer, "candidate_list")
    assert listing["candidates"] and listing.get("role") == offers[0]["title"]
    assert "missing" in texts(answer).lower() or "matches" in texts(answer).lower()


def test_recommend_resolves_a_loose_role_name(stack: Stack) -> None:
    answer = say(stack, "best candidates for the machine learning engineer role", recruiter())
    listing = payload(answer, "candidate_list")
    assert "Machine Learning Engineer" in str(listing.get("role"))


def test_shortlist_waits_for_yes_and_is_audited(stack: Stack, db: Engine) -> None:
    person, application, role = unique_applicant(db, Stage.screening)
    convo = recruiter()
    before = audit_count(db)
    asked = say(stack, f"shortlist {person.full_name} for the {role.title} role", convo)
    assert payload(asked, "confirmation")
    with Session(db) as session:
        assert session.exec(select(Shortlist).where(Shortlist.candidate_id == person.id)).first() is None
    say(stack, "yes", convo)
    with Session(db) as session:
        row = session.exec(select(Shortlist).where(Shortlist.candidate_id == person.id)).one()
        assert row.role_id == role.id and row.added_by == "recruiter"
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert audit_count(db) == before + 1
    assert entry.actor == "recruiter" and entry.channel == "rest" and "shortlist" in entry.action
    assert person.full_name not in str(entry.details)  # ids in the audit trail, not names


def test_stage_move_called_off_changes_nothing(stack: Stack, db: Engine) -> None:
    person, application, _ = unique_applicant(db, Stage.phone_screen)
    convo = recruiter()
    before = audit_count(db)
    asked = say(stack, f"move {person.full_name} to onsite", convo)
    assert payload(asked, "confirmation")
    say(stack, "no", convo)
    with Session(db) as session:
        assert session.get(Application, application.id).stage == Stage.phone_screen
        events = session.exec(select(func.count(StageEvent.id)).where(StageEvent.application_id == application.id)).one()
    assert audit_count(db) == before
    assert events >= 1


def test_stage_move_confirmed_records_history(stack: Stack, db: Engine) -> None:
    person, application, _ = unique_applicant(db, Stage.phone_screen, skip=1)
    convo = recruiter()
    say(stack, f"what's the status of {person.full_name}?", convo)
    asked = say(stack, "move her to the onsite", convo)
    assert payload(asked, "confirmation"), asked
    say(stack, "yes", convo)
    with Session(db) as session:
        assert session.get(Application, application.id).stage == Stage.onsite
        last = session.exec(
            select(StageEvent).where(StageEvent.application_id == application.id).order_by(StageEvent.id.desc())
        ).first()
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (last.from_stage, last.to_stage, last.actor) == (Stage.phone_screen, Stage.onsite, "recruiter")
    assert entry.entity_type == "application" and entry.entity_id == str(application.id)


def test_pipeline_role_and_pay_answers(stack: Stack, db: Engine) -> None:
    with Session(db) as session:
        role = session.exec(select(Role).join(Application).where(Role.is_open).order_by(Role.id)).first()
    convo = recruiter()
    pipeline = say(stack, f"how's the pipeline for {role.title}?", convo)
    assert role.title in texts(pipeline)
    info = say(stack, f"what does the {role.title} role require?", convo)
    assert role.required_skills[0].lower() in texts(info).lower() or payload(info, "role_card")
    pay = texts(say(stack, "salary band for a senior data scientist in Munich", convo))
    assert "€" in pay or "EUR" in pay


def test_compare_two_people(stack: Stack, db: Engine) -> None:
    a, _, _ = unique_applicant(db, Stage.applied)
    b, _, _ = unique_applicant(db, Stage.applied, skip=1)
    answer = texts(say(stack, f"compare {a.full_name} and {b.full_name}", recruiter()))
    assert a.full_name in answer and b.full_name in answer


def test_employee_sees_no_candidate_data(stack: Stack, db: Engine) -> None:
    with Session(db) as session:
        handle = session.exec(select(User.handle).where(User.role == UserRole.employee)).first()
    person, _, _ = unique_applicant(db, Stage.applied)
    for text in ("find candidates with python", f"tell me about {person.full_name}", f"shortlist {person.full_name}"):
        replies = say(stack, text, f"{handle}~{conversation('emp')}")
        assert "recruiter-only" in texts(replies)
        assert person.full_name not in texts(replies) + str(payloads(replies))


@pytest.mark.parametrize("text", [
    "shortlist Qwerty Zxcvbnm for the Data Engineer role",
    "move Qwerty Zxcvbnm to offer",
    "best candidates for the Underwater Basket Weaver role",
    "compare Qwerty Zxcvbnm and Asdfg Hjkl",
    "tell me about Qwerty Zxcvbnm",
])
def test_unknown_people_and_roles_get_a_clear_answer_and_no_write(stack: Stack, db: Engine, text: str) -> None:
    before = audit_count(db)
    convo = recruiter()
    answer = texts(say(stack, text, convo)) + texts(say(stack, "yes", convo))
    assert answer.strip() and "Traceback" not in answer and "went wrong" not in answer
    assert audit_count(db) == before
