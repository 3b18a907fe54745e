"""Screening a role's applicants: scope (new / all), the must-have split, explanations, and the clear outcomes."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import Session, select

from bot.services.screening import NEW, check_stages, screen_applicants, stages_asked
from store.models import Application, Candidate, Role, Stage
from retrieval import get_indexes, recommend


def _applicants(engine, title: str) -> dict[int, str]:
    """candidate id -> stage of everyone who applied to the role, straight from the store."""
    with Session(engine) as session:
        role = session.exec(select(Role).where(Role.title == title)).one()
        rows = session.exec(select(Application.candidate_id, Application.stage).where(Application.role_id == role.id))
        return {int(c): s.value for c, s in rows}


@pytest.mark.parametrize(
    ("text", "stages"),
    [
        ("screen the new applicants for Data Engineer", NEW),
        ("screen all applicants for Data Engineer", None),
        ("triage all the applications to NLP Engineer", None),
        ("screen everyone who applied to Recruiter", None),
        ("check every applicant for Data Analyst", None),
        ("who of the applicants meets all the must-haves", NEW),  # "all" of the skills, not of the people
        ("", NEW),
    ],
)
def test_stages_asked_reads_all_from_the_words(text: str, stages) -> None:
    assert stages_asked(text) == stages


def test_check_stages_names_the_unknown_one() -> None:
    assert check_stages(["Applied", "screening", "applied"]) == ("applied", "screening")
    assert check_stages(None) is None
    with pytest.raises(ValueError, match="unknown stage interviewing"):
        check_stages(["interviewing"])
    with pytest.raises(ValueError):
        check_stages([])


def test_all_active_applicants_split_by_the_must_haves(indexed) -> None:
    stages = _applicants(indexed, "Data Analyst")
    active = {c for c, s in stages.items() if s != "rejected"}
    with Session(indexed) as session:
        result = screen_applicants(session, "Data Analyst", stages=None, top=None)
        required = session.exec(select(Role).where(Role.title == "Data Analyst")).one().required_skills
    assert not result.problem and result.stages is None and result.role_title == "Data Analyst"
    shown = [*result.meets, *result.lacking]
    assert {a.match.candidate_id for a in shown} == active and result.screened == len(active)
    assert (result.meets_count, result.lacking_count) == (len(result.meets), len(result.lacking))
    assert all(not a.match.missing_required for a in result.meets)
    assert all(a.match.missing_required for a in result.lacking)
    for a in shown:
        assert a.stage == stages[a.match.candidate_id]
        assert set(a.match.matched_required) | set(a.match.missing_required) == set(required)
        assert "years" in a.match.experience_fit and a.match.location_fit
    for part in (result.meets, result.lacking):
        scores = [a.match.score for a in part]
        assert scores == sorted(scores, reverse=True)
    assert result.by_stage == {s: sum(1 for v in stages.values() if v == s) for s in set(stages.values()) - {"rejected"}}
    lacking_skills = [k for a in result.lacking for k in a.match.missing_required]
    assert result.missing_counts == {k: lacking_skills.count(k) for k in set(lacking_skills)}


def test_the_explanations_are_the_recommenders(indexed) -> None:
    ids = [c for c, s in _applicants(indexed, "Senior Data Scientist").items() if s != "rejected"]
    expected = recommend("Senior Data Scientist", top=len(ids), candidate_ids=ids, indexes=get_indexes(indexed))
    with Session(indexed) as session:
        result = screen_applicants(session, "senior data scientist", stages=None, top=None)
    by_id = {r.candidate_id: r for r in expected.results}
    for a in [*result.meets, *result.lacking]:
        rec = by_id[a.match.candidate_id]
        assert a.match.score == rec.score and a.match.missing_required == rec.missing_required
        assert a.match.experience_fit == rec.experience_fit
    order = [r.candidate_id for r in expected.results]
    assert [a.match.candidate_id for a in result.meets] == [i for i in order if not by_id[i].missing_required]


def test_new_applicants_only_by_default(indexed) -> None:
    stages = _applicants(indexed, "Data Analyst")
    with Session(indexed) as session:
        result = screen_applicants(session, "Data Analyst")
    assert result.new_only and {a.stage for a in [*result.meets, *result.lacking]} == {"applied"}
    assert result.screened == sum(1 for s in stages.values() if s == "applied") < len(stages)


def test_aliases_resolve_like_recommendations(indexed) -> None:
    with Session(indexed) as session:
        result = screen_applicants(session, "ML engineer")
    assert result.role_title == "Machine Learning Engineer" and result.screened >= 1


def test_no_new_applicants_says_where_the_others_are(indexed) -> None:
    with Session(indexed) as session:
        result = screen_applicants(session, "Senior Data Engineer")
        every = screen_applicants(session, "Senior Data Engineer", stages=None)
    assert result.problem == "no_new_applicants" and result.by_stage == {"screening": 1} and not result.meets
    assert not every.problem and every.screened == 1


@pytest.mark.parametrize("title", ["Lead NLP Engineer", "Senior NLP Engineer"])  # nobody / only rejected people
def test_role_without_active_applicants(indexed, title: str) -> None:
    with Session(indexed) as session:
        result = screen_applicants(session, title, stages=None)
    assert result.problem == "no_applicants" and result.role_title == title and result.screened == 0


@pytest.mark.parametrize(("typed", "suggested"), [("deep learning", "Deep Learning Engineer"), ("astronaut", None),
                                                   ("", None), ("x" * 20_000, None)])
def test_unknown_role_offers_suggestions(indexed, typed: str, suggested) -> None:
    with Session(indexed) as session:
        result = screen_applicants(session, typed)
    assert result.problem == "unknown_role" and not result.meets and len(result.role_title) <= 120
    if suggested:
        assert suggested in result.suggestions


def test_missing_index_is_unavailable_not_a_crash(unindexed) -> None:
    with Session(unindexed) as session:
        result = screen_applicants(session, "Data Analyst")
        nobody = screen_applicants(session, "Lead NLP Engineer")
    assert result.problem == "unavailable" and result.role_title == "Data Analyst"
    assert nobody.problem == "no_applicants"  # answered from the store alone


def test_top_caps_each_list_but_counts_everyone(indexed_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from store.engine import get_engine
    from tests.retrieval.helpers import copy_store, use_dir

    use_dir(monkeypatch, copy_store(indexed_dir, tmp_path / "many"))
    engine = get_engine()
    with Session(engine) as session:
        role = session.exec(select(Role).where(Role.title == "Data Engineer")).one()
        taken = set(session.exec(select(Application.candidate_id).where(Application.role_id == role.id)))
        extra = [c for c in session.exec(select(Candidate.id).order_by(Candidate.id)) if c not in taken][:40]
        session.add_all(Application(candidate_id=c, role_id=role.id, stage=Stage.applied) for c in extra)
        session.commit()
    with Session(engine) as session:
        capped = screen_applicants(session, "Data Engineer", top=3)
        full = screen_applicants(session, "Data Engineer", top=None)
    engine.dispose()
    assert capped.screened == full.screened == len(extra) + 1  # the seeded one at `applied` too
    assert (capped.meets_count, capped.lacking_count) == (len(full.meets), len(full.lacking))
    assert len(capped.meets) <= 3 and len(capped.lacking) == 3
    assert [a.match.candidate_id for a in capped.lacking] == [a.match.candidate_id for a in full.lacking[:3]]
    assert capped.missing_counts == full.missing_counts and sum(full.missing_counts.values()) >= full.lacking_count
