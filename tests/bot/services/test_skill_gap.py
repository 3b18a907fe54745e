"""Skill gap: have / weak / missing against a role, ranked by importance, with a course each."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.coaching import load_profile
from bot.services.identity import resolve_identity
from bot.services.skill_gap import compare, requirements, skill_gap
from store.models import Role, User, UserRole


def test_compare_sorts_required_gaps_first() -> None:
    role = Role(title="R", family="R", required_skills=["Python", "SQL", "Statistics"],
                nice_to_have_skills=["Docker", "Git"])
    items = compare({"Python": 4, "SQL": 2, "Git": 1}, requirements(role))
    summary = [(i.skill, i.importance, i.status) for i in items]
    assert summary == [
        ("Statistics", "required", "missing"),
        ("SQL", "required", "weak"),
        ("Docker", "nice_to_have", "missing"),
        ("Git", "nice_to_have", "weak"),
        ("Python", "required", "have"),
    ]


def test_requirements_deduplicate_required_over_nice() -> None:
    role = Role(title="R", family="R", required_skills=["Python"], nice_to_have_skills=["Python", "Git"])
    assert requirements(role) == [("Python", "required"), ("Git", "nice_to_have")]


def _employee_handle(session: Session) -> str:
    return session.exec(
        select(User.handle).where(User.role == UserRole.employee, User.employee_id.is_not(None)).order_by(User.id)  # type: ignore[union-attr]
    ).first()


def test_gap_on_the_seeded_store_has_a_course_per_gap(seeded) -> None:
    with Session(seeded) as session:
        me = resolve_identity(session, _employee_handle(session))
        own = load_profile(session, me)
        report = skill_gap(session, me, "Senior Data Scientist")
        role = session.exec(select(Role).where(Role.title == "Senior Data Scientist")).one()
    assert report.status == "ok" and report.role_title == "Senior Data Scientist"
    needed = set(role.required_skills) | set(role.nice_to_have_skills)
    assert {i.skill for i in report.items} == needed
    for item in report.items:
        level = own.skills.get(item.skill, 0)
        assert item.proficiency == level
        assert item.status == ("missing" if level == 0 else "weak" if level < 3 else "have")
    assert all(i.course_code for i in report.gaps)
    assert all(i.course_code == "" for i in report.have)
    kinds = [i.importance for i in report.gaps]
    assert kinds == sorted(kinds, key=lambda k: k != "required")


def test_unknown_role_no_role_and_no_profile(seeded) -> None:
    with Session(seeded) as session:
        me = resolve_identity(session, _employee_handle(session))
        unknown = skill_gap(session, me, "Data Scienist of Dragons")
        stranger = resolve_identity(session, "U_STRANGER")
        generic = skill_gap(session, stranger, "Data Scientist")
        empty = skill_gap(session, stranger, None)
        emoji = skill_gap(session, me, "🙂" * 30)
    assert unknown.status == "unknown_role" and not unknown.items
    assert generic.status == "no_profile" and generic.role_title == "Data Scientist" and not generic.items
    assert generic.requirements and generic.requirements[0][1] == "required"
    assert empty.status == "no_profile" and empty.suggestions
    assert emoji.status == "unknown_role"
