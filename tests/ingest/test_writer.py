"""Importing candidates into a private copy of the seeded store: round trips, dedupe, transactions, privacy."""

from __future__ import annotations

import json
import logging
import shutil
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import select

from ingest import import_candidates, write_record
from ingest.dedupe import Deduper
from ingest.records import CandidateRecord
from ingest.writer import safe_source
from store.engine import session_scope
from store.models import Application, AuditLog, Candidate, CandidateSkill
from tests.ingest.conftest import SAMPLES, candidates_named

CANDIDATE_FILES = [SAMPLES / "candidates.csv", SAMPLES / "candidates.json", SAMPLES / "resumes"]
CONTACTS = ["maren.holtby@example.org", "+49 30 5550 1201", "priya.r@example.org", "+91 80 5550 1144",
            "nadia.okafor@example.org", "+31 10 555 0142", "henrik.lund@example.org", "+45 3555 0199",
            "sofia.marchetti@example.org", "daniel.mwangi@example.org", "+254 20 555 0163"]


def _count(engine: Engine, model: type) -> int:
    with session_scope(engine) as session:
        return int(session.exec(select(func.count()).select_from(model)).one())


def test_round_trip_every_format_then_found_by_a_skill(import_store: Engine, import_indexes) -> None:  # noqa: ANN001
    from retrieval import search

    before = _count(import_store, Candidate)
    report = import_candidates(CANDIDATE_FILES, actor="tester")
    assert report.counts() == {"added": 11, "updated": 0, "unchanged": 0, "failed": 0}, report.summary()
    assert _count(import_store, Candidate) == before + 11
    assert "candidates: 311 documents, updated: +11" in report.index
    # one person per format, found by a skill their file names (the index was updated incrementally)
    for query, name, kw in [
        ("Kafka", "Maren Holtby", {}),                                   # csv
        ("ONNX on edge devices", "Priya Raghunathan", {}),               # json
        ("machine translation", "Daniel Mwangi", {}),                    # pdf
        ("React TypeScript design system", "Sofia Marchetti", {}),       # docx
        ("demand forecasting", "Nadia Okafor", {}),                      # md
        ("Kubeflow", "Henrik Lund", {}),                                 # txt
        ("employer branding", "Kwame Asante-Boateng", {"location": "London"}),
    ]:
        hits = search(query, top=10, **kw).hits
        assert name in [h.name for h in hits], (query, [h.name for h in hits])
    (daniel,) = candidates_named(import_store, "Daniel Mwangi")
    with session_scope(import_store) as session:
        skills = {s.skill: s.evidence for s in session.exec(select(CandidateSkill).where(CandidateSkill.candidate_id == daniel.id))}
    assert "Machine Translation" in skills and skills["Machine Translation"] in daniel.resume_text


def test_a_running_server_sees_new_people_without_restart(import_store: Engine, import_indexes) -> None:  # noqa: ANN001
    from retrieval.index import open_indexes

    server = open_indexes(import_store)  # another process's view, opened before the import
    report = import_candidates([SAMPLES / "candidates.json"], actor="tester")
    server.sync(names=("candidates",))  # what get_indexes does at most every 5 s
    assert set(map(str, report.changed_ids)) <= set(server.candidates.ids)
    assert server.reports[0].size + 2 == len(server.candidates)


def test_rerun_changes_nothing(import_store: Engine, import_indexes) -> None:  # noqa: ANN001
    import_candidates(CANDIDATE_FILES, actor="tester")
    with session_scope(import_store) as session:
        stamps = dict(session.exec(select(Candidate.id, Candidate.updated_at)).all())
    audits = _count(import_store, AuditLog)
    again = import_candidates(CANDIDATE_FILES, actor="tester")
    assert again.counts() == {"added": 0, "updated": 0, "unchanged": 11, "failed": 0}, again.summary()
    assert again.index == ""  # nothing to re-embed
    assert _count(import_store, AuditLog) == audits
    with session_scope(import_store) as session:
        assert dict(session.exec(select(Candidate.id, Candidate.updated_at)).all()) == stamps



def test_same_name_different_resume_is_two_people_similar_resume_is_one(import_store: Engine, import_indexes) -> None:  # noqa: ANN001
    resume = "Backend engineer. Writes Go services for payments, owns the on-call runbook and the CI pipeline in Stockholm."
    with session_scope(import_store) as session:
        dedupe = Deduper.from_session(session)
    one = write_record(CandidateRecord("Alex Kim", headline="Backend Engineer", resume_text=resume, source="a.txt"),
                       deduper=dedupe, actor="tester")
    other = write_record(CandidateRecord("Alex Kim", headline="Recruiter", resume_text="Hires nurses for hospitals in Leeds.",
                                         source="b.txt"), deduper=dedupe, actor="tester")
    same = write_record(CandidateRecord("ALEX KIM", headline="Backend Engineer", resume_text=resume + " Mentors interns.",
                                        source="c.txt"), deduper=dedupe, actor="tester")
    assert (one.status, other.status, same.status) == ("added", "added", "updated")
    assert same.entity_id == one.entity_id and same.rule == "name+resume" and same.fields == ["resume_text"]
    assert len(candidates_named(import_store, "Alex Kim")) == 2



def test_one_transaction_per_record(import_store: Engine, import_indexes, monkeypatch: pytest.MonkeyPatch,  # noqa: ANN001
                                    synonym_extractor, tmp_path: Path) -> None:  # noqa: ANN001
    import ingest.merge as merge

    real = merge._applications

    def failing(session, candidate_id, record, *, actor):  # noqa: ANN001, ANN202
        if record.full_name == "Broken Record":  # fails after the candidate row and its skills were flushed
            raise ValueError("simulated failure")
        return real(session, candidate_id, record, actor=actor)

    monkeypatch.setattr(merge, "_applications", failing)
    export = tmp_path / "three.csv"
    export.write_text("name,email,skills,role\n"
                      "Fine First,first@example.org,Python,Data Engineer\n"
                      "Broken Record,broken@example.org,SQL; Spark,Data Engineer\n"
                      "Fine Last,last@example.org,Go,\n", encoding="utf-8")
    candidates, skills, apps, audits = (_count(import_store, m) for m in (Candidate, CandidateSkill, Application, AuditLog))
    report = import_candidates([export], actor="tester", extractor=synonym_extractor)
    assert report.counts() == {"added": 2, "updated": 0, "unchanged": 0, "failed": 1}
    failed = next(o for o in report.outcomes if o.status == "failed")
    assert failed.source == "three.csv line 3" and "nothing of this record was written" in failed.reason
    assert candidates_named(import_store, "Broken Record") == []
    assert _count(import_store, Candidate) == candidates + 2
    assert _count(import_store, CandidateSkill) == skills + 2  # Python and Go; not SQL/Spark of the failed one
    assert _count(import_store, Application) == apps + 1
    assert _count(import_store, AuditLog) == audits + 2


def test_dry_run_writes_nothing(import_store: Engine, import_indexes, synonym_extractor, tmp_path: Path) -> None:  # noqa: ANN001
    before = [_count(import_store, m) for m in (Candidate, CandidateSkill, Application, AuditLog)]
    copy = shutil.copy(SAMPLES / "candidates.csv", tmp_path / "again.csv")
    report = import_candidates([SAMPLES / "candidates.csv", copy], actor="tester", dry_run=True,
                               extractor=synonym_extractor)
    assert report.dry_run and report.added == 5 and report.updated == 5  # the second copy matches the first
    assert [_count(import_store, m) for m in (Candidate, CandidateSkill, Application, AuditLog)] == before
    assert "dry run: nothing was written" in report.summary() and report.index == ""


def test_a_resume_without_a_name_is_kept_and_flagged_in_the_report(import_store: Engine, import_indexes,  # noqa: ANN001
                                                                    synonym_extractor, tmp_path: Path) -> None:
    resume = tmp_path / "cv-0412.txt"
    resume.write_text("Sangli, Maharashtra - Email me on Indeed: indeed.com/r/x/10e7a8cb\n\nWORK EXPERIENCE\n\n"
                      "Python developer building SQL reports for a bank since 2019.\n", encoding="utf-8")
    report = import_candidates([resume], actor="tester", dry_run=True, extractor=synonym_extractor)
    assert report.added == 1 and report.failed == 0
    (outcome,) = report.outcomes
    assert any("Unnamed candidate (cv-0412.txt)" in n and "flagged for review" in n for n in outcome.notes)
    assert "flagged for review" in report.summary()


def test_bad_files_are_reported_and_the_rest_goes_on(import_store: Engine, import_indexes, synonym_extractor,  # noqa: ANN001
                                                     tmp_path: Path) -> None:
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(SAMPLES / "resumes" / "henrik_lund.txt", folder)
    (folder / "broken.pdf").write_bytes(b"%PDF-1.4\n" + b"\x00garbage\xff" * 100)
    (folder / "latin.txt").write_bytes(bytes(range(256)) * 30)
    (folder / "no_name.csv").write_text("email,skills\nx@example.org,Python\n", encoding="utf-8")
    with open(folder / "huge.docx", "wb") as handle:
        handle.truncate(50 * 1024 * 1024)
    empty = tmp_path / "empty"
    empty.mkdir()
    report = import_candidates([folder, empty], actor="tester", extractor=synonym_extractor)
    assert report.added == 1 and report.failed == 5 and not report.all_failed
    reasons = {Path(f).name: why for f, why in report.file_failures}
    assert reasons["broken.pdf"].startswith("unreadable PDF")
    assert reasons["latin.txt"].startswith("not a text file in a known encoding")
    assert reasons["no_name.csv"].startswith("no name column")
    assert reasons["huge.docx"] == "too large (50.0 MB > 10 MB)"
    assert reasons["empty"] == "empty folder: nothing to import"
    summary = report.summary()
    assert "failed: 5" in summary and "huge.docx: too large (50.0 MB > 10 MB)" in summary
    only_empty = import_candidates([empty], actor="tester")
    assert only_empty.all_failed and only_empty.files_read == 0


def test_no_contact_detail_in_logs_or_audit(import_store: Engine, import_indexes, caplog: pytest.LogCaptureFixture) -> None:  # noqa: ANN001
    caplog.set_level(logging.DEBUG)
    report = import_candidates(CANDIDATE_FILES, actor="tester")
    assert report.added == 11
    assert caplog.records, "the import logs what it does"
    logged = "\n".join(r.getMessage() for r in caplog.records)
    for contact in CONTACTS:
        assert contact not in logged
    with session_scope(import_store) as session:
        entries = session.exec(select(AuditLog).where(AuditLog.action == "import_candidate")).all()
        names = [c.full_name for c in session.exec(select(Candidate).where(Candidate.id.in_(report.changed_ids)))]  # type: ignore[union-attr]
    assert len(entries) == 11 and all(e.actor == "tester" and e.entity_type == "candidate" for e in entries)
    details = json.dumps([e.details for e in entries], ensure_ascii=False)
    for secret in CONTACTS + names + [n.split()[0].lower() for n in names]:
        assert secret not in details, secret
    sources = {e.details["source"] for e in entries}
    assert "*_*.pdf" in sources and "candidates.csv line 2" in sources


def test_safe_source_blanks_the_name() -> None:
    assert safe_source("ana_lopez_cv.pdf", "Ana López") == "*_*_cv.pdf"
    assert safe_source("ANA_LÓPEZ.pdf", "Ana Lopez") == "<file>"  # accents differ: the whole name goes
    assert safe_source("Maren-Holtby-2024.docx", "Maren Holtby") == "*-*-2024.docx"
    assert safe_source("candidates.csv line 4", "Aiko Tanabe") == "candidates.csv line 4"
