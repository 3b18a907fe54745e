"""`import_roles` on job postings' free text: roles with evidence, re-import in place, bad files reported."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from ingest import import_roles
from store.engine import session_scope
from store.models import AuditLog, Role
from tests.ingest.test_postings import HTML, MARKDOWN


def test_posting_imports_a_role_with_evidence_and_reimports_in_place(import_store: Engine, import_indexes,  # noqa: ANN001
                                                                      tmp_path: Path) -> None:
    path = tmp_path / "data-engineer.md"
    posting = MARKDOWN.replace("# Senior Data Engineer", "# Senior Parcel Data Engineer")  # not a seeded title
    path.write_text(posting, encoding="utf-8")
    first = import_roles(path, actor="tester")
    assert first.counts() == {"added": 1, "updated": 0, "unchanged": 0, "failed": 0}, first.summary()
    assert "roles:" in first.index
    with session_scope(import_store) as session:
        role = session.exec(select(Role).where(Role.title == "Senior Parcel Data Engineer")).one()
        role_id = role.id
        assert role.family == "Parcel Data Engineer" and role.seniority == "senior" and role.min_years == 5
        assert role.location == "Berlin" and role.remote_policy == "hybrid"
        assert role.required_skills == ["Python", "SQL", "Spark", "Airflow"]
        assert {"kind": "nice", "value": "Infrastructure as Code", "evidence": "Terraform is a plus."} in \
            role.requirement_evidence
    again = import_roles(path, actor="tester")
    assert again.counts()["unchanged"] == 1 and again.index == ""
    path.write_text(posting.replace("- Strong Python and SQL.", "- Strong Python, SQL and Go."), encoding="utf-8")
    edited = import_roles(path, actor="tester")
    assert [(o.status, o.entity_id) for o in edited.outcomes] == [("updated", role_id)]
    assert edited.outcomes[0].fields == ["required_skills", "requirement_evidence"]
    with session_scope(import_store) as session:
        assert len(session.exec(select(Role).where(Role.title == "Senior Parcel Data Engineer")).all()) == 1
        assert "Go" in session.get(Role, role_id).required_skills
        audits = session.exec(select(AuditLog).where(AuditLog.action == "import_role",
                                                     AuditLog.entity_id == str(role_id))).all()
    assert len(audits) == 2


def test_a_folder_of_postings_reports_bad_files_and_goes_on(import_store: Engine, import_indexes,  # noqa: ANN001
                                                            tmp_path: Path) -> None:
    folder = tmp_path / "postings"
    folder.mkdir()
    (folder / "qa.html").write_text(HTML, encoding="utf-8")
    (folder / "empty.md").write_text("", encoding="utf-8")
    (folder / "binary.txt").write_bytes(b"\x00\xff" * 64)
    (folder / "no-skills.txt").write_text("Night Watch\nWe are looking for someone to guard the castle walls at "
                                          "night and sound the horn when needed.\n", encoding="utf-8")
    (folder / "huge.md").write_text("Python developer. " * 70_000, encoding="utf-8")
    (folder / "roles.csv").write_text("title,required_skills\nData Engineer,SQL\n", encoding="utf-8")
    report = import_roles(folder, actor="tester", dry_run=True)
    assert report.counts() == {"added": 1, "updated": 0, "unchanged": 0, "failed": 5}, report.summary()
    reasons = dict(report.file_failures)
    assert reasons[str(folder / "roles.csv")].startswith("a catalog file in a folder of postings")
    assert reasons[str(folder / "empty.md")] == "empty file"
    assert "binary" in reasons[str(folder / "binary.txt")]
    assert reasons[str(folder / "huge.md")].startswith("too large")
    failed = next(o for o in report.outcomes if not o.ok)
    assert "no required skills found" in failed.reason and failed.source == "no-skills.txt"
    assert "Traceback" not in report.summary()
    with session_scope(import_store) as session:  # a dry run writes nothing
        assert session.exec(select(Role).where(Role.title == "Junior QA Engineer")).first() is None


def test_empty_folder_is_one_clear_failure(import_store: Engine, tmp_path: Path) -> None:
    (tmp_path / "inbox").mkdir()
    report = import_roles(tmp_path / "inbox", actor="tester")
    assert report.all_failed and "no job postings in the folder" in report.file_failures[0][1]
