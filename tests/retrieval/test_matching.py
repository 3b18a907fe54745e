"""Role -> candidates matching: score components, explanations with real evidence, ordering."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlmodel import select

from store.engine import session_scope
from store.models import Candidate, Role
from retrieval.filters import UnknownRole
from retrieval.matching import (
    WEIGHTS,
    candidate_evidence,
    location_fit,
    recommend,
    score_candidate,
    semantic_score,
    seniority_fit,
    years_fit,
)
from retrieval.taxonomy import Taxonomy, catalog_skills
from tests.retrieval.helpers import truth

ROLE = "Senior Deep Learning Engineer"


def test_component_scores() -> None:
    assert years_fit(6, 5) == 1.0 and years_fit(0, 0) == 1.0 and 0 < years_fit(3, 5) < 1 and years_fit(0, 8) < years_fit(4, 8)
    assert seniority_fit("senior", "senior") == 1.0 > seniority_fit("lead", "senior") > seniority_fit("mid", "senior")
    assert seniority_fit("junior", "principal") == 0.0
    assert location_fit("Lisbon", "Berlin", "remote")[0] == 1.0
    assert location_fit("Berlin", "Berlin", "onsite")[0] == 1.0
    assert location_fit("Paris", "Berlin", "hybrid")[0] > location_fit("Paris", "Berlin", "onsite")[0]
    assert semantic_score(0.9) == 1.0 and semantic_score(0.0) == 0.0
    assert abs(sum(WEIGHTS.values()) - 1.0) < 1e-9


def test_score_candidate_explains_itself() -> None:
    role = Role(title="ML Engineer", family="ML Engineer", location="Berlin", remote_policy="hybrid", seniority="mid",
                min_years=2, required_skills=["Python", "PyTorch", "Docker"], nice_to_have_skills=["Kubernetes", "CUDA"])
    cand = Candidate(id=1, full_name="A B", headline="ML Engineer", location="Berlin", seniority="mid",
                     years_experience=3, resume_text="I build models with torch. Python daily. Helm charts on k8s.")
    tax = Taxonomy(catalog_skills())
    ev = tax.evidence(cand.resume_text)
    rec = score_candidate(role, cand, ev, cosine=0.65, taxonomy=tax)
    assert [m.skill for m in rec.matched_skills if m.required] == ["Python", "PyTorch"]
    assert [m.skill for m in rec.matched_skills if not m.required] == ["Kubernetes"]
    assert rec.missing_required == ["Docker"] and rec.missing_nice_to_have == ["CUDA"]
    assert rec.components["required"] == pytest.approx(2 / 3, abs=1e-3)
    assert rec.components["location"] == 1.0 and rec.components["experience"] == 1.0
    assert 0 <= rec.score <= 100 and "2/3 required skills (missing Docker)" in rec.summary
    for m in rec.matched_skills:
        assert m.evidence in cand.resume_text


def test_the_score_is_the_sum_of_the_parts_shown() -> None:
    """A recruiter adding up the parts the answer shows gets the score, and that score is the order."""
    role = Role(title="NLP Engineer", family="NLP Engineer", location="Berlin", remote_policy="onsite", seniority="senior",
                min_years=5, required_skills=["Python", "PyTorch", "spaCy"], nice_to_have_skills=["Docker"])
    tax = Taxonomy(catalog_skills())
    strong = Candidate(id=1, full_name="A B", location="Berlin", seniority="senior", years_experience=8,
                       resume_text="Python and torch daily. Docker images. Led the search team.")
    complete = Candidate(id=2, full_name="C D", location="Lisbon", seniority="junior", years_experience=1,
                         resume_text="Python, PyTorch and spaCy in a course project.")
    a = score_candidate(role, strong, tax.evidence(strong.resume_text), cosine=0.62, taxonomy=tax)
    b = score_candidate(role, complete, tax.evidence(complete.resume_text), cosine=0.40, taxonomy=tax)
    for rec in (a, b):
        assert list(rec.points) == ["required", "semantic", "experience", "nice", "location"]
        assert rec.score == pytest.approx(sum(rec.points.values()), abs=1e-9)
        assert all(rec.points[k] == round(100 * WEIGHTS[k] * rec.components[k], 1) for k in WEIGHTS)
    # the one missing spaCy ranks first, and the parts say why: fit, experience and location outweigh a skill
    assert a.missing_required == ["spaCy"] and b.missing_required == [] and a.score > b.score
    assert a.points["required"] < b.points["required"]
    assert a.points["semantic"] + a.points["experience"] + a.points["location"] > \
        b.points["semantic"] + b.points["experience"] + b.points["location"]


def test_stored_skills_count_only_while_the_resume_still_says_them() -> None:
    """Skills an import found by meaning (skill rows) count with their sentence, never a stale one."""
    tax = Taxonomy(catalog_skills())
    text = "I keep container images small and reproducible. Python daily."
    cand = Candidate(id=99, full_name="A B", resume_text=text)
    assert "Docker" not in tax.evidence(text)
    stored = {"Docker": "I keep container images small and reproducible.", "Go": "Wrote services in Go.",
              "Python": "listed in export.csv"}
    ev = candidate_evidence(tax, cand, stored)
    assert ev["Docker"] == "I keep container images small and reproducible."
    assert "Go" not in ev  # that sentence is no longer in the resume
    assert ev["Python"] == "Python daily."  # the taxonomy's own sentence wins
    assert candidate_evidence(tax, cand) == tax.evidence(text)


def test_recommendations_for_a_role(indexes, indexed_dir: Path) -> None:
    result = recommend(ROLE, top=10, indexes=indexes)
    assert result.role["title"] == ROLE and result.considered == 300 and len(result.results) == 10
    scores = [r.score for r in result.results]
    assert scores == sorted(scores, reverse=True) and all(0 <= s <= 100 for s in scores)
    required = result.role["required_skills"]
    with session_scope(indexes.engine) as session:
        for rec in result.results:
            resume = session.get(Candidate, rec.candidate_id).resume_text
            matched = [m.skill for m in rec.matched_skills if m.required]
            assert sorted(matched + rec.missing_required) == sorted(required)
            for m in rec.matched_skills:
                assert m.evidence and m.evidence in resume, (m.skill, m.evidence)
            assert rec.experience_fit and rec.location_fit and rec.summary
    people = truth(indexed_dir)
    family = result.role["family"]
    assert sum(people[r.candidate_id]["family"] == family for r in result.results) >= 6
    top = result.results[0]
    assert top.components["required"] >= 0.8 and top.score >= 70
    assert result.to_dict()["results"][0]["matched_skills"][0]["evidence"]


def test_recommend_within_a_given_pool_and_unknown_roles(indexes) -> None:
    with session_scope(indexes.engine) as session:
        ids = list(session.exec(select(Candidate.id).order_by(Candidate.id).limit(20)))
    result = recommend(ROLE, top=5, candidate_ids=ids, indexes=indexes)
    assert result.considered == 20 and {r.candidate_id for r in result.results} <= set(ids)
    with pytest.raises(UnknownRole) as err:
        recommend("Deep Lerning Engineer", indexes=indexes)
    assert "Deep Learning Engineer" in err.value.suggestions
    assert recommend("senior deep learning engineer", top=1, indexes=indexes).role["title"] == ROLE
