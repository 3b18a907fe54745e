"""ATS exports: the documented column mapping, extra columns kept, bad rows and bad files."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from ingest.tabular import COLUMNS, TabularError, header_key, map_columns, read_candidates
from tests.ingest.conftest import SAMPLES


def _read(path: Path, extractor):  # noqa: ANN001, ANN202
    return read_candidates(path, taxonomy=extractor.taxonomy, extractor=extractor)


def test_sample_csv_maps_every_documented_column(synonym_extractor) -> None:  # noqa: ANN001
    got = _read(SAMPLES / "candidates.csv", synonym_extractor)
    assert got.failures == []
    people = {r.full_name: r for r in got.records}
    assert len(people) == 5
    maren = people["Maren Holtby"]
    assert maren.email == "maren.holtby@example.org" and maren.phone == "+49 30 5550 1201"
    assert (maren.location, maren.headline, maren.years_experience) == ("Berlin", "Data Engineer", 6.0)
    assert maren.applied_to == ["Senior Data Engineer"]
    assert maren.extra == {"Source": "referral", "Notice period": "1 month"}  # unknown columns kept verbatim
    listed = {s.skill: s for s in maren.skills if s.method == "column"}
    assert list(listed) == ["Python", "Spark", "Airflow", "dbt", "Snowflake"]
    assert all(s.evidence == "listed in candidates.csv" for s in listed.values())
    kafka = next(s for s in maren.skills if s.skill == "Kafka")  # from the summary, with its sentence
    assert kafka.evidence == "Runs Kafka topics for click events." and kafka.evidence in maren.resume_text
    assert maren.resume_text.endswith("Skills: Python, Spark, Airflow, dbt, Snowflake.")  # searchable
    assert people["Kwame Asante-Boateng"].seniority == "senior"  # from the title, before years (9)
    assert people["Aiko Tanabe"].phone is None and people["Kwame Asante-Boateng"].applied_to == []
    assert "A/B Testing" in {s.skill for s in people["Aiko Tanabe"].skills}  # "A/B testing" normalised


def test_sample_json_with_lists_and_text_years(synonym_extractor) -> None:  # noqa: ANN001
    got = _read(SAMPLES / "candidates.json", synonym_extractor)
    priya, jonas = got.records
    assert priya.years_experience == 7.0 and priya.seniority == "senior"
    assert {"OpenCV", "PyTorch", "Object Detection", "C++", "ONNX"} <= {s.skill for s in priya.skills}
    assert priya.extra == {"ats_id": "GH-88213", "stage_in_ats": "phone screen"}
    assert jonas.years_experience == 3.0 and jonas.applied_to == ["Backend Engineer"]
    assert got.records[0].source == "candidates.json item 1"


def test_header_spellings_and_semicolon_delimiter(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    path = tmp_path / "export.csv"
    path.write_text("First Name;Last Name;E-Mail;Town;YOE;Key Skills;Favourite colour\n"
                    "Ines;Duarte;ines@example.org;Porto;3.5 yrs;k8s, golang, Quantum Basket Weaving;teal\n",
                    encoding="utf-8")
    (rec,) = _read(path, synonym_extractor).records
    assert (rec.full_name, rec.email, rec.location, rec.years_experience) == ("Ines Duarte", "ines@example.org", "Porto", 3.5)
    assert [s.skill for s in rec.skills] == ["Kubernetes", "Go"]
    assert rec.extra == {"Favourite colour": "teal", "unrecognised_skills": ["Quantum Basket Weaving"]}
    assert header_key(" Full  Name ") == "full_name" and "full_name" in COLUMNS["full_name"]


def test_missing_name_column_fails_the_file_with_one_message(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    path = tmp_path / "no_name.csv"
    path.write_text("email,city,skills\na@example.org,Berlin,Python\n", encoding="utf-8")
    with pytest.raises(TabularError) as err:
        _read(path, synonym_extractor)
    assert "no name column" in str(err.value) and "found: email, city, skills" in str(err.value)
    with pytest.raises(TabularError):
        map_columns(["email", "first_name"])  # a first name alone is not a name


def test_bad_rows_fail_alone_with_reasons(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    path = tmp_path / "mixed.csv"
    path.write_text("name,email,years,skills\n"
                    "Good One,good@example.org,4,Python\n"
                    ",nobody@example.org,2,SQL\n"
                    "Bad Years,bad.years@example.org,lots,SQL\n"
                    "Bad Mail,not-an-address,3,SQL\n"
                    "\n"
                    "Good Two,,12,Spark\n", encoding="utf-8")
    got = _read(path, synonym_extractor)
    assert [r.full_name for r in got.records] == ["Good One", "Good Two"]
    assert got.failures == [
        ("mixed.csv line 3", "no name"),
        ("mixed.csv line 4", "years of experience 'lots' is not a number"),
        ("mixed.csv line 5", "the email address is not valid"),
    ]
    assert not any("@" in reason or "not-an-address" in reason for _, reason in got.failures)


def test_json_lines_wrappers_and_non_objects(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    lines = tmp_path / "export.jsonl"
    lines.write_text('{"name": "Ada Byron", "skills": ["Python"]}\n\n{"name": "Alan Ture", "skills": "SQL"}\n', encoding="utf-8")
    got = _read(lines, synonym_extractor)
    assert [r.source for r in got.records] == ["export.jsonl line 1", "export.jsonl line 3"]
    wrapped = tmp_path / "wrapped.json"
    wrapped.write_text(json.dumps({"candidates": [{"Full name": "Grace Hopper"}, "oops", {"Full name": "Edsger D"}]}),
                       encoding="utf-8")
    got = _read(wrapped, synonym_extractor)
    assert [r.full_name for r in got.records] == ["Grace Hopper", "Edsger D"]
    assert got.failures == [("wrapped.json item 2", "not a JSON object")]
    broken = tmp_path / "broken.json"
    broken.write_text('[{"name": "x"', encoding="utf-8")
    with pytest.raises(TabularError, match="not valid JSON"):
        _read(broken, synonym_extractor)
