"""Merging a record into a person: fields and listings merged, evidence upgraded, applications with their stage event."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from ingest import import_candidates, write_record
from ingest.dedupe import Deduper
from ingest.records import CandidateRecord, SkillEvidence
from store.engine import session_scope
from store.models import Application, CandidateSkill, Role, StageEvent
from tests.ingest.conftest import SAMPLES, candidates_named


def test_same_person_from_export_and_resume_is_merged(import_store: Engine, import_indexes, tmp_path: Path) -> None:  # noqa: ANN001
    export = tmp_path / "ats.csv"
    export.write_text("Name,Email,Skills,Applied to,Recruiter notes\n"
                      "Nadia Okafor,NADIA.OKAFOR@example.org,Python; Looker,Senior Data Scientist,strong referral\n",
                      encoding="utf-8")
    first = import_candidates([export], actor="tester")
    assert first.added == 1
    second = import_candidates([SAMPLES / "resumes" / "nadia_okafor.md"], actor="tester")
    assert second.counts()["updated"] == 1 and second.outcomes[0].rule == "email"
    (nadia,) = candidates_named(import_store, "Nadia Okafor")
    assert "Havenlijn Logistics" in nadia.resume_text and "Looker" in nadia.resume_text  # resume kept, listing merged
    assert nadia.extra["Recruiter notes"] == "strong referral" and nadia.work_history
    with session_scope(import_store) as session:
        skills = {s.skill: s.evidence for s in session.exec(select(CandidateSkill).where(CandidateSkill.candidate_id == nadia.id))}
        apps = session.exec(select(Application).where(Application.candidate_id == nadia.id)).all()
    assert skills["Looker"] == "listed in ats.csv"
    assert skills["Python"] != "listed in ats.csv" and skills["Python"] in nadia.resume_text  # evidence upgraded
    assert "Gradient Boosting" in skills and len(apps) == 1
    third = import_candidates([export, SAMPLES / "resumes" / "nadia_okafor.md"], actor="tester")
    assert third.counts() == {"added": 0, "updated": 0, "unchanged": 2, "failed": 0}, third.summary()


def test_applications_for_known_roles_with_stage_event(import_store: Engine, import_indexes, synonym_extractor) -> None:  # noqa: ANN001
    with session_scope(import_store) as session:
        dedupe = Deduper.from_session(session)
        role_id = session.exec(select(Role.id).where(Role.title == "Senior Data Engineer")).one()
    record = CandidateRecord("Rui Tavares", email="rui@example.org", applied_to=["senior data engineer", "Chief Vibes Officer"],
                             skills=[SkillEvidence("Spark", "listed in x.csv", "column")], source="x.csv line 2")
    out = write_record(record, deduper=dedupe, actor="tester")
    assert out.status == "added" and out.applications_added == 1 and out.skills_added == 1
    assert out.notes == ["unknown role 'Chief Vibes Officer': no application created"]
    with session_scope(import_store) as session:
        app = session.exec(select(Application).where(Application.candidate_id == out.entity_id)).one()
        events = session.exec(select(StageEvent).where(StageEvent.application_id == app.id)).all()
    assert app.role_id == role_id and app.stage == "applied"
    assert [(e.from_stage, e.to_stage, e.actor) for e in events] == [(None, "applied", "tester")]
