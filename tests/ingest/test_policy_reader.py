"""Policy files to passages: every format split at its headings, keeping title, section path and source."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.policy_reader import MAX_WORDS, SEPARATOR, check_audience, read_policy
from ingest.readers import ReadError

HANDBOOK = Path(__file__).resolve().parents[2] / "data" / "handbook"

MARKDOWN = """---
title: Travel Policy
audience: recruiters
---
# Ignored because the front matter names the title

Intro paragraph that explains who this policy is for and when it applies.

## Booking
Book through the portal, at least two weeks ahead, and get approval first.

### Hotels
Up to 180 EUR a night; London and Paris up to 250 EUR a night.

```
# not a heading: code
```

## Meals
A daily allowance of 45 EUR for meals while travelling for work.
"""


def test_markdown_front_matter_headings_and_section_paths(tmp_path: Path) -> None:
    path = tmp_path / "travel.md"
    path.write_text(MARKDOWN)
    doc = read_policy(path)
    assert doc.title == "Travel Policy" and doc.audience == "recruiters"
    sections = [p.section for p in doc.passages]
    assert sections == ["Travel Policy", "Booking", f"Booking{SEPARATOR}Hotels", "Meals"]
    hotels = doc.passages[2].text
    assert "180 EUR" in hotels and "# not a heading" in hotels  # code stays text, never a section
    assert doc.source.endswith("travel.md")


def test_html_headings_and_blocks(tmp_path: Path) -> None:
    path = tmp_path / "remote.html"
    path.write_text("<html><head><title>Remote Work</title><script>var x = 'no';</script></head><body>"
                    "<nav>Home | About</nav><h1>Remote Work</h1><h2>Abroad</h2>"
                    "<p>You may work from another country for up to 30 days a year.</p>"
                    "<h2>Equipment</h2><ul><li>A laptop, a monitor and a headset for everyone.</li></ul></body></html>")
    doc = read_policy(path, audience="everyone")
    assert doc.title == "Remote Work"
    assert [(p.section, p.text) for p in doc.passages] == [
        ("Abroad", "You may work from another country for up to 30 days a year."),
        ("Equipment", "A laptop, a monitor and a headset for everyone."),
    ]


def test_docx_heading_styles(tmp_path: Path) -> None:
    from docx import Document

    word = Document()
    word.add_paragraph("Expenses Policy", style="Title")
    word.add_heading("Submitting claims", level=1)
    word.add_paragraph("Submit claims within 60 days with a photo of each receipt.")
    word.add_heading("Mileage", level=2)
    word.add_paragraph("Your own car is paid at 0.30 EUR per kilometre driven.")
    path = tmp_path / "expenses.docx"
    word.save(str(path))
    doc = read_policy(path)
    assert doc.title == "Expenses Policy"
    assert [p.section for p in doc.passages] == ["Submitting claims", f"Submitting claims{SEPARATOR}Mileage"]


def test_pdf_and_text_find_headings_by_their_look(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=11)
    for line in ("Sick Leave Policy", "", "1. Reporting sickness",
                 "Tell your manager before 10:00 on the first day of absence.", "",
                 "2. Doctor's note", "From the fourth working day, send a medical certificate to HR."):
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "sick.pdf"
    pdf.output(str(path))
    doc = read_policy(path)
    assert doc.title == "Sick Leave Policy"
    assert [p.section for p in doc.passages] == ["1. Reporting sickness", "2. Doctor's note"]
    text = tmp_path / "sick.txt"
    text.write_text("Sick Leave Policy\n\n1. Reporting sickness\nTell your manager before 10:00 on the first day.\n")
    assert [p.section for p in read_policy(text).passages] == ["1. Reporting sickness"]


def test_long_sections_are_cut_at_paragraphs_with_the_same_path(tmp_path: Path) -> None:
    body = "\n\n".join(f"Paragraph {i} " + "word " * 80 for i in range(6))
    path = tmp_path / "long.md"
    path.write_text(f"# Long\n\n## Rules\n\n{body}\n")
    doc = read_policy(path)
    assert len(doc.passages) >= 2 and {p.section for p in doc.passages} == {"Rules"}
    assert all(len(p.text.split()) <= MAX_WORDS for p in doc.passages)
    assert [p.text.split()[:2] for p in doc.passages][:2] == [["Paragraph", "0"], ["Paragraph", "1"]]  # whole paragraphs


@pytest.mark.parametrize(("name", "data", "reason"), [
    ("empty.md", b"", "empty file"),
    ("slides.pptx", b"PK\x03\x04", "unsupported file type"),
    ("bad.md", b"---\ntitle: [unclosed\n---\nbody text here and more", "front matter"),
    ("nothing.md", b"# Title only\n", "no policy text"),
    ("broken.docx", b"not a zip", "unreadable DOCX"),
])
def test_bad_files_say_why(tmp_path: Path, name: str, data: bytes, reason: str) -> None:
    path = tmp_path / name
    path.write_bytes(data)
    with pytest.raises(ReadError, match=reason):
        read_policy(path)


def test_audience_is_checked() -> None:
    assert check_audience("Recruiter") == "recruiters" and check_audience("HR") == "hr"
    with pytest.raises(ReadError, match="unknown audience"):
        check_audience("contractors")


def test_the_demo_handbook_reads_cleanly() -> None:
    docs = [read_policy(p) for p in sorted(HANDBOOK.glob("*.md"))]
    assert len(docs) == 11 and all(d.passages for d in docs)
    assert {d.audience for d in docs} == {"everyone", "recruiters"}
    titles = {d.title for d in docs}
    for topic in ("Annual Leave", "Sick Leave", "Parental Leave", "Remote", "Expenses", "Benefits", "Learning",
                  "Onboarding", "Code of Conduct", "Grievance"):
        assert any(topic in t for t in titles), topic
