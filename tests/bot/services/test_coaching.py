"""Shared coaching lookups: own profile, skill and role resolution, goals."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.coaching import (
    goal_targets,
    load_catalog,
    load_profile,
    resolve_skill,
    resolve_target_role,
    role_in_text,
    skill_suggestions,
)
from bot.services.identity import resolve_identity
from store.models import Employee, User, UserRole


def test_profile_is_the_askers_own(seeded) -> None:
    with Session(seeded) as session:
        user = session.exec(select(User).where(User.employee_id.is_not(None)).order_by(User.id)).first()  # type: ignore[union-attr]
        me = resolve_identity(session, user.handle)
        own = load_profile(session, me)
        employee = session.get(Employee, user.employee_id)
        assert own is not None and own.employee_id == employee.id
        assert own.current_role == employee.current_role and own.skills
        assert all(1 <= p <= 5 for p in own.skills.values())
        assert load_profile(session, resolve_identity(session, "U_UNKNOWN")) is None
        recruiter = session.exec(select(User).where(User.role == UserRole.recruiter)).first()
        assert load_profile(session, resolve_identity(session, recruiter.handle)) is None


def test_skill_and_role_resolution(seeded) -> None:
    with Session(seeded) as session:
        catalog = load_catalog(session)
        assert resolve_skill(catalog, "k8s") == "Kubernetes"
        assert resolve_skill(catalog, "pyhton") is None and "Python" in skill_suggestions(catalog, "pyhton")
        assert resolve_skill(catalog, "") is None and resolve_skill(catalog, "🙂" * 50) is None
        exact = resolve_target_role(session, catalog, "Data Scientist")
        assert exact.role is not None and exact.family == "Data Scientist"
        fam = resolve_target_role(session, catalog, "become a machine learning engineer", "senior")
        assert fam.family == "Machine Learning Engineer"
        unknown = resolve_target_role(session, catalog, "Data Scienist")
        assert unknown.role is not None or unknown.suggestions
        nothing = resolve_target_role(session, catalog, "Chief Dragon Officer")
        assert nothing.role is None


def test_goals_name_skills_and_families(seeded) -> None:
    with Session(seeded) as session:
        catalog = load_catalog(session)
    goals = ["learn PyTorch", "become a Data Scientist", "become a Senior Data Analyst"]
    skills, families = goal_targets(catalog, goals)
    assert skills == ["PyTorch"] and families == ["Data Scientist", "Data Analyst"]


def test_roles_named_in_free_text(seeded) -> None:
    with Session(seeded) as session:
        catalog = load_catalog(session)
        found = {
            text: (lookup.role.title if lookup.role else None)
            for text in ["what should I learn to become a data scientist?", "how do I become an ML engineer",
                         "path to product manager please", "how do I move into data engineering",
                         "what should I learn next?", "courses for python", "x" * 20_000]
            for lookup in [role_in_text(session, catalog, text)]
        }
    assert found == {
        "what should I learn to become a data scientist?": "Data Scientist",
        "how do I become an ML engineer": "Machine Learning Engineer",
        "path to product manager please": "Product Manager",
        "how do I move into data engineering": "Data Engineer",
        "what should I learn next?": None,
        "courses for python": None,
        "x" * 20_000: None,
    }
