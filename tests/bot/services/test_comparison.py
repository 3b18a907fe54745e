"""Comparing candidates: shared and own skills, asked-about skills, and fit for a role."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.services.comparison import compare
from store.models import Candidate, CandidateSkill, Role


@pytest.fixture
def pair(seeded) -> list[int]:
    """Two seeded candidates' ids."""
    with Session(seeded) as session:
        return list(session.exec(select(Candidate.id).order_by(Candidate.id).limit(2)))


def _people(session: Session, ids: list[int]) -> list[Candidate]:
    return [session.get(Candidate, i) for i in ids]


def test_side_by_side_without_role(seeded, pair: list[int]) -> None:
    with Session(seeded) as session:
        result = compare(session, _people(session, pair))
        skills = {i: set(session.exec(select(CandidateSkill.skill).where(CandidateSkill.candidate_id == i))) for i in pair}
    assert [c.candidate_id for c in result.columns] == pair
    assert set(result.shared) == skills[pair[0]] & skills[pair[1]]
    for col in result.columns:
        assert col.fit is None and not set(col.only_here) & set(result.shared)
    assert not result.role_title and result.best() is None


def test_focus_skill_says_who_has_it(seeded, pair: list[int]) -> None:
    with Session(seeded) as session:
        skill = session.exec(select(CandidateSkill.skill).where(CandidateSkill.candidate_id == pair[0])).first()
        result = compare(session, _people(session, pair), focus_skills=[skill])
        second_has = session.exec(select(CandidateSkill).where(CandidateSkill.candidate_id == pair[1],
                                                                CandidateSkill.skill == skill)).first() is not None
    assert result.columns[0].focus == {skill: True} and result.columns[1].focus == {skill: second_has}


def test_fit_for_a_named_role(indexed, pair: list[int]) -> None:
    with Session(indexed) as session:
        result = compare(session, _people(session, pair), "data eng")
        required = set(session.exec(select(Role).where(Role.title == "Data Engineer")).one().required_skills)
    assert result.role_title == "Data Engineer" and not result.role_note
    for col in result.columns:
        assert col.fit is not None and col.fit.score is not None and 0 <= col.fit.score <= 100
        assert set(col.fit.matched_required) | set(col.fit.missing_required) == required
    assert result.best() in result.columns


def test_unknown_role_is_noted_not_fatal(seeded, pair: list[int]) -> None:
    with Session(seeded) as session:
        result = compare(session, _people(session, pair), "deep learning")
    assert not result.role_title and "deep learning" in result.role_note and result.role_suggestions
    assert all(c.fit is None for c in result.columns)


def test_fit_by_skills_only_without_indexes(unindexed) -> None:
    with Session(unindexed) as session:
        people = list(session.exec(select(Candidate).order_by(Candidate.id).limit(3)))
        result = compare(session, people, "Data Engineer")
    assert result.role_title == "Data Engineer" and "skills only" in result.role_note
    assert all(c.fit is not None and c.fit.score is None for c in result.columns)
