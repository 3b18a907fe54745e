"""A candidate's profile: professional facts with evidence, never contact details or protected attributes."""

from __future__ import annotations

from dataclasses import asdict

from sqlmodel import Session, select

from bot.services.profiles import TOP_SKILLS, profile_of, skills_of
from store.models import Application, Candidate, CandidateSkill, ProtectedAttributes


def test_profile_has_the_professional_facts(seeded, applicant: Candidate) -> None:
    with Session(seeded) as session:
        person = session.get(Candidate, applicant.id)
        profile = profile_of(session, person)
        apps = session.exec(select(Application).where(Application.candidate_id == person.id)).all()
        skills = session.exec(select(CandidateSkill.skill).where(CandidateSkill.candidate_id == person.id)).all()
    assert (profile.name, profile.headline, profile.location) == (person.full_name, person.headline, person.location)
    assert profile.years_experience == person.years_experience and profile.seniority == person.seniority
    assert len(profile.applications) == len(apps) >= 1
    assert profile.skill_count == len(skills) and len(profile.skills) == min(TOP_SKILLS, len(skills))
    assert all(s.evidence for s in profile.skills[:1])
    assert profile.jobs and profile.jobs[0].title and profile.education


def test_profile_never_carries_contact_or_protected_data(seeded, applicant: Candidate) -> None:
    with Session(seeded) as session:
        person = session.get(Candidate, applicant.id)
        profile = profile_of(session, person)
        protected = session.get(ProtectedAttributes, person.id)
    dumped = str(asdict(profile))
    assert person.email and person.email not in dumped and "email" not in dumped
    for value in (protected.gender, protected.ethnicity, protected.age_band) if protected else ():
        assert f"'{value}'" not in dumped


def test_odd_history_entries_are_tolerated(seeded, applicant: Candidate) -> None:
    with Session(seeded) as session:
        person = session.get(Candidate, applicant.id)
        person.work_history = [{"title": "Engineer"}, "junk", {"company": None, "start": 2020}]
        person.education = [{"degree": "BSc", "year": "n/a"}, 5]
        profile = profile_of(session, person)
        session.rollback()
    assert [j.title for j in profile.jobs] == ["Engineer", ""]
    assert profile.education[0].year is None and len(profile.education) == 1


def test_skills_with_evidence_come_first(seeded, applicant: Candidate) -> None:
    with Session(seeded) as session:
        lines = skills_of(session, applicant.id)
    flags = [bool(s.evidence) for s in lines]
    assert flags == sorted(flags, reverse=True) and all(len(s.evidence) <= 160 for s in lines)
