"""Job postings' free text as Role fields: written postings (Markdown, plain text, HTML) and bad files."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.posting_reader import MAX_POSTING_BYTES, html_text, posting_files, read_posting
from ingest.postings import parse_posting, section_of
from ingest.readers import ReadError
from store.vocabulary import Seniority

MARKDOWN = """# Senior Data Engineer (m/f/d) - Berlin

We are a logistics company building the data platform that moves two million parcels a day across Europe.

**Location:** Berlin, Germany (hybrid, 2 days a week in the office)

## What you'll do
- Build and run batch and streaming pipelines on Spark and Kafka.
- Own our dbt models and the data quality checks around them.

## Requirements
- 5+ years of experience in data engineering.
- Strong Python and SQL.
- Hands-on experience with Apache Spark and Airflow.

## Nice to have
- Experience with Kubernetes.
- Terraform is a plus.

## Benefits
- A Rust conference budget and 30 days of holidays.

To apply, send your CV and a short note.
"""

PLAIN = """Frontend Developer
Acme Health, Lisbon, Portugal

This is a fully remote position within Europe: you work from anywhere, with a yearly team week.

What you bring:
At least three years of experience building web apps with React and TypeScript.
You write clear tests with Jest.

Bonus:
Experience with GraphQL would be great.
"""

HTML = """<html><head><title>Careers</title><script>var x = "Python";</script></head><body>
<h1>Junior QA Engineer</h1>
<p>Join our team in our Munich office. This is an on-site role.</p>
<h2>Must have</h2>
<ul><li>Experience with Selenium and Python test automation.</li><li>Good knowledge of SQL.</li></ul>
<h2>Preferred</h2>
<ul><li>Docker.</li></ul>
</body></html>
"""


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_markdown_posting_gives_every_field_with_evidence(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    posting = parse_posting(read_posting(_write(tmp_path, "p.md", MARKDOWN)), extractor=synonym_extractor)
    assert posting.title == "Senior Data Engineer"
    assert posting.location == "Berlin" and posting.remote_policy == "hybrid"
    assert posting.min_years == 5 and posting.seniority is Seniority.senior
    assert posting.required_skills == ["Python", "SQL", "Spark", "Airflow"]  # Kafka is a duty, Rust a benefit
    assert posting.nice_to_have_skills == ["Kubernetes", "Infrastructure as Code"]  # "Terraform is a plus"
    evidence = {(r.kind, r.value): r.evidence for r in posting.requirements}
    assert evidence[("required", "Spark")] == "Hands-on experience with Apache Spark and Airflow."
    assert evidence[("nice", "Infrastructure as Code")] == "Terraform is a plus."
    assert evidence[("years", "5")] == "5+ years of experience in data engineering."
    assert all(r.evidence in MARKDOWN for r in posting.requirements)
    assert posting.responsibilities[0].startswith("Build and run batch")
    assert posting.summary.startswith("We are a logistics company")


def test_plain_text_posting_reads_words_and_remote(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    posting = parse_posting(read_posting(_write(tmp_path, "p.txt", PLAIN)), extractor=synonym_extractor)
    assert posting.title == "Frontend Developer" and posting.location == "Lisbon"
    assert posting.remote_policy == "remote"
    assert posting.min_years == 3 and posting.seniority is Seniority.mid  # years alone: 2-5 is mid
    assert posting.required_skills == ["React", "TypeScript", "Frontend Testing"]  # Jest, as the taxonomy files it
    assert posting.nice_to_have_skills == ["GraphQL"]


def test_html_posting_drops_scripts_and_keeps_sections(tmp_path: Path, synonym_extractor) -> None:  # noqa: ANN001
    text = read_posting(_write(tmp_path, "p.html", HTML))
    assert "var x" not in text and text.splitlines()[0] == "# Junior QA Engineer"
    posting = parse_posting(text, extractor=synonym_extractor)
    assert posting.title == "Junior QA Engineer" and posting.seniority is Seniority.junior
    assert posting.location == "Munich" and posting.remote_policy == "onsite"
    assert set(posting.required_skills) == {"Software Testing", "Python", "SQL"}  # "test automation"
    assert posting.nice_to_have_skills == ["Docker"]
    assert posting.min_years is None


def test_posting_without_sections_takes_skills_from_its_text(synonym_extractor) -> None:  # noqa: ANN001
    text = ("Backend Engineer\nWe build our services in Go and PostgreSQL and run them on AWS. "
            "Send your CV with your Python projects.\n")
    posting = parse_posting(text, extractor=synonym_extractor)
    assert posting.required_skills == ["Go", "PostgreSQL", "AWS"]  # the application line names no requirement
    assert posting.remote_policy is None and posting.min_years is None and posting.seniority is None


@pytest.mark.parametrize(("heading", "kind"), [
    ("Requirements", "required"), ("What you'll bring:", "required"), ("Must-haves", "required"),
    ("Preferred qualifications", "nice"), ("Nice to have", "nice"), ("Bonus points", "nice"),
    ("What you'll do", "responsibilities"), ("Benefits", "other"), ("About us", "other"), ("Our story", None)])
def test_section_headings(heading: str, kind: str | None) -> None:
    assert section_of(heading) == kind


def test_bad_posting_files_get_a_reason(tmp_path: Path) -> None:
    with pytest.raises(ReadError, match="empty posting"):
        read_posting(_write(tmp_path, "empty.md", "  \n\n"))
    with pytest.raises(ReadError, match="too short"):
        read_posting(_write(tmp_path, "short.txt", "Data Engineer"))
    huge = tmp_path / "huge.txt"
    huge.write_text("Python " * (MAX_POSTING_BYTES // 7 + 10), encoding="utf-8")
    with pytest.raises(ReadError, match="too large"):
        read_posting(huge)
    binary = tmp_path / "binary.md"
    binary.write_bytes(b"\x00\x01\x02" * 100)
    with pytest.raises(ReadError, match="binary"):
        read_posting(binary)
    with pytest.raises(ReadError, match="no such file"):
        read_posting(tmp_path / "missing.md")


def test_html_text_and_folders(tmp_path: Path) -> None:
    assert html_text("<h2>Requirements</h2><ul><li>SQL</li></ul>").splitlines() == ["# Requirements", "- SQL"]
    (tmp_path / "a.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "b.html").write_text(HTML, encoding="utf-8")
    (tmp_path / ".hidden.md").write_text(MARKDOWN, encoding="utf-8")
    (tmp_path / "roles.csv").write_text("title\n", encoding="utf-8")
    assert [p.name for p in posting_files(tmp_path)] == ["a.md", "b.html"]
