"""Dedupe rules: same email; same name AND very similar resume; a shared name alone is two people."""

from __future__ import annotations

from sqlalchemy.engine import Engine

from ingest.dedupe import RESUME_JACCARD, Deduper, jaccard, normalise_name, words
from ingest.records import CandidateRecord
from store.engine import session_scope
from store.models import Candidate

RESUME = ("Data engineer with six years of batch and streaming pipelines. Built the Airflow platform, "
          "moved the warehouse to Snowflake with dbt models and runs Kafka for click events in Berlin.")
UPDATED = RESUME + " Since 2024 also mentors two junior engineers."
OTHER = ("Frontend developer who builds React design systems, accessibility audits and TypeScript "
         "component libraries for a retail web shop in Lisbon.")


def _add(engine: Engine, name: str, email: str | None, resume: str) -> int:
    with session_scope(engine) as session:
        c = Candidate(full_name=name, email=email, headline="Data Engineer", resume_text=resume)
        session.add(c)
        session.flush()
        assert c.id is not None
        return c.id


def test_normalised_names_and_similarity() -> None:
    assert normalise_name("  José   O'Brien-Smith ") == "jose o brien smith"
    assert normalise_name("ZOË ŁUKASZ") == normalise_name("zoe łukasz")  # case and accents, not letters
    assert jaccard(words(RESUME), words(UPDATED)) >= RESUME_JACCARD
    assert jaccard(words(RESUME), words(OTHER)) < 0.2
    assert jaccard(frozenset(), frozenset()) == 1.0


def test_same_email_any_case_is_the_same_person(store: Engine) -> None:
    cid = _add(store, "Maren Holtby", "Maren.Holtby@Example.org", RESUME)
    with session_scope(store) as session:
        dedupe = Deduper.from_session(session)
        match = dedupe.match(session, CandidateRecord("M. Holtby-Berg", email=" maren.holtby@example.ORG ", resume_text=OTHER))
    assert match is not None and (match.candidate_id, match.rule) == (cid, "email")


def test_same_name_and_similar_resume_is_the_same_person(store: Engine) -> None:
    cid = _add(store, "José Álvarez", None, RESUME)
    with session_scope(store) as session:
        dedupe = Deduper.from_session(session)
        match = dedupe.match(session, CandidateRecord("jose  alvarez", headline="Data Engineer", resume_text=UPDATED))
    assert match is not None and match.candidate_id == cid and match.rule == "name+resume"
    assert match.score >= RESUME_JACCARD


def test_same_name_and_different_resume_is_two_people(store: Engine) -> None:
    _add(store, "Sam Lee", None, RESUME)
    with session_scope(store) as session:
        dedupe = Deduper.from_session(session)
        assert dedupe.match(session, CandidateRecord("Sam Lee", headline="Frontend Developer", resume_text=OTHER)) is None


def test_same_name_similar_resume_but_different_emails_is_two_people(store: Engine) -> None:
    _add(store, "Sam Lee", "sam.one@example.org", RESUME)
    with session_scope(store) as session:
        dedupe = Deduper.from_session(session)
        record = CandidateRecord("Sam Lee", email="sam.two@example.org", headline="Data Engineer", resume_text=RESUME)
        assert dedupe.match(session, record) is None


def test_remembered_records_are_found_within_one_import(store: Engine) -> None:
    with session_scope(store) as session:
        dedupe = Deduper.from_session(session)
        dedupe.remember(-1, "Dry Run", "dry@example.org", RESUME)  # a dry run's would-be candidate
        assert dedupe.match(session, CandidateRecord("Dry Run", email="DRY@example.org")).candidate_id == -1  # type: ignore[union-attr]
        found = dedupe.match(session, CandidateRecord("Dry Run", resume_text=RESUME))
        assert found is not None and found.candidate_id == -1
