"""One file to records: an export gives a record per row, a resume one person named after the file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.files import records_from_file
from ingest.readers import ReadError
from tests.ingest.conftest import SAMPLES


def test_an_export_gives_one_record_per_row(synonym_extractor) -> None:
    got = records_from_file(SAMPLES / "candidates.csv", taxonomy=synonym_extractor.taxonomy,
                            extractor=synonym_extractor)
    rows = len((SAMPLES / "candidates.csv").read_text(encoding="utf-8").strip().splitlines()) - 1
    assert len(got.records) + len(got.failures) == rows and got.records


def test_a_resume_gives_one_person_with_the_file_as_source(synonym_extractor) -> None:
    got = records_from_file(SAMPLES / "resumes" / "nadia_okafor.md", taxonomy=synonym_extractor.taxonomy,
                            extractor=synonym_extractor)
    assert [r.full_name for r in got.records] == ["Nadia Okafor"] and got.records[0].source == "nadia_okafor.md"


def test_a_text_that_is_no_resume_is_a_read_error(tmp_path: Path, synonym_extractor) -> None:
    path = tmp_path / "notes.txt"
    path.write_text("1 2 3\n", encoding="utf-8")
    with pytest.raises(ReadError, match="not understood as a resume"):
        records_from_file(path, taxonomy=synonym_extractor.taxonomy, extractor=synonym_extractor)
