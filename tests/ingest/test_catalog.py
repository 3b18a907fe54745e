"""Role and course rows to fields: defaults from the title, skills normalised, each bad field named."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog import ROLES, CatalogRowError, course_fields, read_catalog_rows, role_fields
from ingest.readers import ReadError
from tests.ingest.conftest import SAMPLES


def test_role_family_and_seniority_default_from_the_title(synonym_extractor) -> None:
    taxonomy = synonym_extractor.taxonomy
    fields = role_fields({"title": "Senior Search Engineer", "required_skills": "python; k8s"}, taxonomy)
    assert (fields["family"], fields["seniority"]) == ("Search Engineer", "senior")
    assert fields["required_skills"] == ["Python", "Kubernetes"] and fields["is_open"] is True
    assert role_fields({"title": "Recruiter", "required_skills": "Python"}, taxonomy)["seniority"] == "mid"


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ({"title": "X"}, "no required_skills"),
        ({"title": "X", "required_skills": "Quantum Basket Weaving"}, "unknown skill"),
        ({"title": "X", "required_skills": "Python", "min_years": "-1"}, "must not be negative"),
        ({"title": "X", "required_skills": "Python", "remote_policy": "moon"}, "remote_policy 'moon'"),
        ({"title": "X", "required_skills": "Python", "is_open": "perhaps"}, "is_open 'perhaps'"),
    ],
)
def test_a_bad_role_field_is_named(synonym_extractor, row: dict, message: str) -> None:
    with pytest.raises(CatalogRowError, match=message):
        role_fields(row, synonym_extractor.taxonomy)


def test_course_fields_need_code_title_and_skills(synonym_extractor) -> None:
    taxonomy = synonym_extractor.taxonomy
    fields = course_fields({"code": "PY-101", "title": "Python basics", "skills": "python3", "hours": "12,5"}, taxonomy)
    assert fields["skills"] == ["Python"] and fields["hours"] == 12.5 and fields["level"] == "intermediate"
    with pytest.raises(CatalogRowError, match="no skills"):
        course_fields({"code": "PY-101", "title": "Python basics"}, taxonomy)


def test_rows_come_from_csv_or_yaml_with_normalised_headers(tmp_path: Path) -> None:
    rows = read_catalog_rows(SAMPLES / "roles.csv", ROLES)
    assert rows and all("required_skills" in row for _, row in rows)
    path = tmp_path / "roles.yml"
    path.write_text("roles:\n  - Title: Data Engineer\n    Required Skills: [SQL]\n", encoding="utf-8")
    assert read_catalog_rows(path, ROLES) == [("item 1", {"title": "Data Engineer", "required_skills": ["SQL"]})]
    path.write_text("just: text\n", encoding="utf-8")
    with pytest.raises(ReadError, match="expected a list of roles"):
        read_catalog_rows(path, ROLES)
