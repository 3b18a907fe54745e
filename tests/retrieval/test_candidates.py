"""The candidate summary: one derivation from a Candidate row, shared field order, frozen."""

from __future__ import annotations

import dataclasses

import pytest

from store.models import Candidate
from retrieval import CandidateSummary, SearchHit
from retrieval.candidates import summary_fields

ROW = Candidate(id=7, full_name="Amara Okafor", email="amara@example.com", headline="Data Engineer",
                location="Berlin", seniority="senior", years_experience=6.5, resume_text="Spark and Airflow.")
FIELDS = ["candidate_id", "name", "headline", "location", "seniority", "years_experience"]


def test_summary_reads_the_professional_fields_of_a_row() -> None:
    summary = CandidateSummary.of(ROW)
    assert dataclasses.asdict(summary) == {"candidate_id": 7, "name": "Amara Okafor", "headline": "Data Engineer",
                                           "location": "Berlin", "seniority": "senior", "years_experience": 6.5}
    with pytest.raises(dataclasses.FrozenInstanceError):
        summary.name = "someone else"  # type: ignore[misc]


def test_subtypes_put_the_summary_first_and_copy_it_from_each_other() -> None:
    hit = SearchHit.of(ROW, score=0.5, dense_rank=1)
    assert list(dataclasses.asdict(hit))[:7] == [*FIELDS, "score"]
    assert summary_fields(hit) == summary_fields(ROW)
    assert CandidateSummary.of(hit) == CandidateSummary.of(ROW)
