"""Training advice on the seeded store: a named skill, a role, the asker's goals, bad input, no profile."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.coaching import load_catalog, load_profile
from bot.services.identity import Identity, resolve_identity
from bot.services.training import goals_target, pending_feedback, recommend_training
from store.models import User, UserRole


def _employee(session: Session) -> Identity:
    user = session.exec(
        select(User).where(User.role == UserRole.employee, User.employee_id.is_not(None)).order_by(User.id)  # type: ignore[union-attr]
    ).first()
    assert user is not None
    return resolve_identity(session, user.handle)


def test_recommend_for_a_named_skill_on_the_seeded_store(seeded) -> None:
    with Session(seeded) as session:
        me = _employee(session)
        advice = recommend_training(session, me, skill="python3")  # a synonym
        own = load_profile(session, me)
    assert advice.status == "ok" and advice.personal and advice.target == "Python"
    assert 1 <= len(advice.courses) <= 5
    assert all("Python" in c.skills for c in advice.courses)
    assert not {c.code for c in advice.courses} & set(own.completed)
    assert advice.plan is not None and advice.plan.total_hours >= sum(c.hours for c in advice.courses) - 1e-6
    pending = pending_feedback(advice)
    assert pending == {"item_type": "course", "item_ids": [c.code for c in advice.courses], "context": advice.context}


def test_recommend_without_target_uses_goals_and_next_steps(seeded) -> None:
    with Session(seeded) as session:
        me = _employee(session)
        catalog = load_catalog(session)
        own = load_profile(session, me)
        advice = recommend_training(session, me)
    target = goals_target(catalog, own)
    assert target is not None and advice.status == "ok"
    assert advice.target.startswith("your goals")
    assert all(set(c.closes) <= set(target.skills) for c in advice.courses)


def test_recommend_for_a_role_and_bad_input(seeded) -> None:
    with Session(seeded) as session:
        me = _employee(session)
        by_role = recommend_training(session, me, role="data scientist")
        unknown_skill = recommend_training(session, me, skill="Underwater Basket Weaving")
        unknown_role = recommend_training(session, me, role="Chief Dragon Officer")
        sql = recommend_training(session, me, skill="' OR 1=1; --")
        huge = recommend_training(session, me, skill="x" * 20_000)
    assert by_role.status in {"ok", "no_courses"} and by_role.role_title
    assert unknown_skill.status == "unknown_skill" and not unknown_skill.courses
    assert unknown_role.status == "unknown_role"
    assert sql.status == "unknown_skill" and huge.status == "unknown_skill" and len(huge.query) <= 80


def test_no_profile_gets_generic_courses_for_a_skill(seeded) -> None:
    with Session(seeded) as session:
        stranger = resolve_identity(session, "U_NOBODY")
        generic = recommend_training(session, stranger, skill="SQL")
        nothing = recommend_training(session, stranger)
    assert generic.status == "ok" and not generic.personal
    assert all("SQL" in c.skills for c in generic.courses)
    assert nothing.status == "no_target" and not nothing.personal
