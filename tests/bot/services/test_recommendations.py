"""Role resolution by meaning and when ambiguous, and explained recommendations."""

from __future__ import annotations

import pytest
from sqlmodel import Session, select

from bot.services.recommendations import match_role, open_roles, ranked_for, recommend_for_role
from store.models import Role


def test_description_resolves_by_meaning(indexed) -> None:
    with Session(indexed) as session:
        found = match_role(session, "someone to match people to jobs")
    assert (found.role.title, found.how) == ("Talent Matching Engineer", "semantic")


def test_ambiguous_role_gives_suggestions_and_no_role(seeded) -> None:
    with Session(seeded) as session:
        found = match_role(session, "deep learning")
        mlops = match_role(session, "ml ops")
    assert found.role is None and "Deep Learning Engineer" in found.suggestions and len(found.suggestions) <= 5
    assert mlops.role is None and "MLOps Engineer" in mlops.suggestions


@pytest.mark.parametrize("typed", ["astronaut", "", "🙂", "x" * 20_000, "' OR 1=1; --", "7"])
def test_unknown_or_bad_role_is_none(indexed, typed: str) -> None:
    with Session(indexed) as session:
        found = match_role(session, typed)
    assert found.role is None and len(found.query) <= 120


def test_open_roles_are_open_and_at_most_eight(seeded) -> None:
    with Session(seeded) as session:
        titles = open_roles(session)
        closed = {r.title for r in session.exec(select(Role).where(Role.is_open == False))}  # noqa: E712
    assert 1 <= len(titles) <= 8 and not set(titles) & closed and len(set(titles)) == len(titles)


def test_recommendations_are_ranked_and_explained(indexed) -> None:
    with Session(indexed) as session:
        rec = recommend_for_role(session, "ML engineer")
        required = set(session.exec(select(Role).where(Role.title == "Machine Learning Engineer")).one().required_skills)
    assert rec.role_title == "Machine Learning Engineer" and not rec.problem and len(rec.matches) == 5
    scores = [m.score for m in rec.matches]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    for m in rec.matches:
        assert set(m.matched_required) | set(m.missing_required) == required
        assert m.evidence and len(m.evidence) <= 180
        assert "years" in m.experience_fit and m.location_fit


def test_unknown_role_recommendation(indexed) -> None:
    with Session(indexed) as session:
        rec = recommend_for_role(session, "deep learning")
    assert rec.problem == "unknown_role" and rec.suggestions and not rec.matches


def test_recommendations_without_indexes_are_unavailable(unindexed) -> None:
    with Session(unindexed) as session:
        rec = recommend_for_role(session, "Data Engineer")
    assert rec.problem == "unavailable" and rec.role_title == "Data Engineer"


def test_rankings_are_reused_until_the_candidates_change(indexed, monkeypatch: pytest.MonkeyPatch) -> None:
    from retrieval import get_indexes

    indexes = get_indexes(indexed)
    with Session(indexed) as session:
        role = session.exec(select(Role).where(Role.is_open).order_by(Role.id)).first()
    first = ranked_for(role, 5, indexes)
    assert ranked_for(role, 5, indexes) is first
    assert ranked_for(role, 3, indexes) is not first  # another question, another answer
    monkeypatch.setattr(indexes.candidates.manifest, "data_version", "moved on")
    again = ranked_for(role, 5, indexes)
    assert again is not first and [r.candidate_id for r in again.results] == [r.candidate_id for r in first.results]
