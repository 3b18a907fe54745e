"""Roles and courses from CSV / JSON / YAML: upsert by title or code, normalised skills, audit, index sync."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import select

from ingest import import_courses, import_roles
from store.engine import session_scope
from store.models import AuditLog, Course, Role
from tests.ingest.conftest import SAMPLES


def test_roles_csv_upserts_and_the_role_is_matchable(import_store: Engine, import_indexes) -> None:  # noqa: ANN001
    from retrieval import recommend

    report = import_roles(SAMPLES / "roles.csv", actor="tester")
    assert report.counts() == {"added": 2, "updated": 0, "unchanged": 0, "failed": 0}, report.summary()
    assert "roles:" in report.index
    with session_scope(import_store) as session:
        role = session.exec(select(Role).where(Role.title == "Senior Search Engineer")).one()
        audits = session.exec(select(AuditLog).where(AuditLog.action == "import_role")).all()
    assert role.required_skills == ["Python", "Information Retrieval", "Elasticsearch", "Learning to Rank"]
    assert role.nice_to_have_skills == ["Embeddings", "A/B Testing", "Kubernetes"]  # "A/B testing" normalised
    assert len(role.responsibilities) == 3 and role.seniority == "senior" and role.is_open
    assert {a.entity_id for a in audits} == {str(role.id), str(report.outcomes[1].entity_id)}
    recs = recommend("Senior Search Engineer", top=3)
    assert len(recs.results) == 3
    again = import_roles(SAMPLES / "roles.csv", actor="tester")
    assert again.counts()["unchanged"] == 2 and again.index == ""


def test_role_rows_fail_alone_and_updates_by_title(import_store: Engine, import_indexes, tmp_path: Path) -> None:  # noqa: ANN001
    path = tmp_path / "roles.yml"
    path.write_text(
        "roles:\n"
        "  - title: Data Engineer\n    location: Lisbon\n    required_skills: [Python, SQL, Spark]\n"
        "  - title: Senior Wizard\n    required_skills: [Quantum Basket Weaving]\n"
        "  - title: Staff Platform Engineer\n    required_skills: [k8s, terraform]\n    seniority: galactic\n"
        "  - title: Staff Platform Engineer\n    required_skills: [k8s, terraform]\n",
        encoding="utf-8")
    report = import_roles(path, actor="tester")
    assert [(o.status, o.source) for o in report.outcomes] == [
        ("updated", "roles.yml item 1"), ("failed", "roles.yml item 2"), ("failed", "roles.yml item 3"), ("added", "roles.yml item 4")]
    assert "unknown skill 'Quantum Basket Weaving'" in report.outcomes[1].reason
    assert "seniority 'galactic' is not one of" in report.outcomes[2].reason
    assert report.outcomes[0].fields == ["location", "required_skills"]  # only what the file gave
    with session_scope(import_store) as session:
        data_engineer = session.exec(select(Role).where(Role.title == "Data Engineer")).one()
        assert data_engineer.team and data_engineer.summary and data_engineer.location == "Lisbon"
        staff = session.exec(select(Role).where(Role.title == "Staff Platform Engineer")).one()
    assert staff.required_skills == ["Kubernetes", "Infrastructure as Code"] and staff.seniority == "lead"
    assert staff.family == "Platform Engineer"


def test_courses_json_and_csv(import_store: Engine, import_indexes, tmp_path: Path) -> None:  # noqa: ANN001
    from retrieval import search_courses

    report = import_courses(SAMPLES / "courses.csv", actor="tester")
    assert report.added == 2 and report.failed == 0, report.summary()
    hits = search_courses("relevance engineering learning to rank", top=5)
    assert "SRCH-201" in [h.code for h in hits]
    path = tmp_path / "courses.json"
    path.write_text(json.dumps({"courses": [
        {"code": "DBT-101", "title": "dbt from Zero", "hours": "10", "skills": ["dbt", "SQL", "Data Modeling"],
         "format": "online", "level": "beginner", "provider": "Lumen Data School",
         "description": "Models, tests and docs with dbt on a small warehouse."},
        {"code": "X-1", "title": "Broken", "skills": ["SQL"], "hours": "many"},
        {"code": "ADV-9", "title": "Advanced dbt", "skills": "dbt", "prerequisites": "DBT-101; NOPE-1"},
    ]}), encoding="utf-8")
    report = import_courses(path, actor="tester")
    assert [o.status for o in report.outcomes] == ["updated", "failed", "added"]
    assert report.outcomes[0].fields == ["hours"] and "hours 'many' is not a number" in report.outcomes[1].reason
    assert report.outcomes[2].notes == ["prerequisite course(s) not in the catalog: NOPE-1"]
    with session_scope(import_store) as session:
        assert session.exec(select(Course.hours).where(Course.code == "DBT-101")).one() == 10.0


def test_unreadable_catalog_file(import_store: Engine, tmp_path: Path) -> None:
    report = import_roles(tmp_path / "missing.csv", actor="tester")
    assert report.all_failed and report.file_failures[0][1] == "no such file"
    bad = tmp_path / "roles.csv"
    bad.write_bytes(bytes(range(256)) * 20)
    assert import_roles(bad, actor="tester").file_failures[0][1].startswith("not a text file")
