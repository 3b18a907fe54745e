"""Files to text: every supported format, and a clear reason for each kind of bad file."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.readers import MAX_BYTES, ReadError, collect_files, decode_bytes, read_text
from tests.ingest.conftest import SAMPLES

RESUMES = SAMPLES / "resumes"


@pytest.mark.parametrize(
    ("name", "expect"),
    [
        ("daniel_mwangi.pdf", ["Daniel Mwangi", "machine translation"]),
        ("sofia_marchetti.docx", ["Sofia Marchetti", "React and TypeScript design system"]),
        ("nadia_okafor.md", ["# Nadia Okafor", "gradient boosted trees"]),
        ("henrik_lund.txt", ["HENRIK LUND", "Kubeflow pipelines"]),
    ],
)
def test_each_resume_format_gives_its_text(name: str, expect: list[str]) -> None:
    text = read_text(RESUMES / name)
    for phrase in expect:
        assert phrase in text
    assert "\r" not in text


def test_latin1_text_is_decoded_by_detection(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    body = "Lucía Ferrándiz\nIngeniera de datos en Málaga. Experiencia con Python y señales de sensores.\n" * 3
    path.write_bytes(body.encode("latin-1"))
    assert read_text(path) == body


def test_utf16_with_bom_is_decoded(tmp_path: Path) -> None:
    path = tmp_path / "cv.txt"
    path.write_bytes("Jürgen Weiß\nPlatform engineer, Kubernetes and Go.\n".encode("utf-16"))
    assert read_text(path).startswith("Jürgen Weiß")


def test_wrong_encoding_binary_content_is_a_clear_error(tmp_path: Path) -> None:
    path = tmp_path / "resume.txt"
    path.write_bytes(bytes(range(256)) * 40)
    with pytest.raises(ReadError, match="not a text file in a known encoding"):
        read_text(path)


def test_control_characters_are_refused() -> None:
    with pytest.raises(ReadError, match="encoding"):
        decode_bytes(b"Name\x01\x02\x03\x04\x05\x06\x07\x08\x0b\x0c\x0e\x0f\x10\x11\x12" * 20)


def test_unreadable_pdf(tmp_path: Path) -> None:
    path = tmp_path / "broken.pdf"
    path.write_bytes(b"%PDF-1.4\n" + b"\x00garbage\xff" * 200)
    with pytest.raises(ReadError, match="unreadable PDF|no text layer"):
        read_text(path)
    fake = tmp_path / "fake.pdf"
    fake.write_text("this is not a pdf at all, just text with a pdf name")
    with pytest.raises(ReadError, match=r"unreadable PDF \(not a PDF file\)"):
        read_text(fake)


def test_truncated_pdf(tmp_path: Path) -> None:
    data = (RESUMES / "daniel_mwangi.pdf").read_bytes()
    path = tmp_path / "truncated.pdf"
    path.write_bytes(data[: len(data) // 3])
    with pytest.raises(ReadError):
        read_text(path)


def test_encrypted_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.set_encryption(owner_password="owner", user_password="secret")
    pdf.add_page()
    pdf.set_font("Helvetica", size=12)
    pdf.cell(0, 10, "Hidden Person, data engineer")
    path = tmp_path / "locked.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="encrypted PDF"):
        read_text(path)


def test_image_only_pdf(tmp_path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")  # a drawing, no text layer: what a scan looks like
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    with pytest.raises(ReadError, match="no text layer"):
        read_text(path)


def test_corrupt_docx(tmp_path: Path) -> None:
    path = tmp_path / "cv.docx"
    path.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReadError, match="unreadable DOCX"):
        read_text(path)


def test_50_mb_file_is_refused_without_being_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "huge.pdf"
    with open(path, "wb") as handle:  # sparse: no 50 MB written to disk
        handle.truncate(50 * 1024 * 1024)

    def no_read(self: Path) -> bytes:
        raise AssertionError(f"{self.name} was read")

    monkeypatch.setattr(Path, "read_bytes", no_read)
    with pytest.raises(ReadError) as err:
        read_text(path)
    assert str(err.value) == f"too large (50.0 MB > {MAX_BYTES // (1024 * 1024)} MB)"


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.md"
    path.touch()
    with pytest.raises(ReadError, match="empty file"):
        read_text(path)


def test_collect_files_reports_empty_folders_and_unsupported_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    mixed = tmp_path / "mixed"
    (mixed / "sub").mkdir(parents=True)
    (mixed / "a.md").write_text("x")
    (mixed / "sub" / "b.csv").write_text("name\nx\n")
    (mixed / "photo.png").write_bytes(b"\x89PNG")
    (mixed / ".hidden.txt").write_text("x")
    files, problems = collect_files([empty, mixed, tmp_path / "missing.pdf", mixed / "a.md"])
    assert [f.name for f in files] == ["a.md", "b.csv"]
    reasons = {Path(p).name: why for p, why in problems}
    assert reasons["empty"] == "empty folder: nothing to import"
    assert reasons["photo.png"].startswith("unsupported file type '.png'")
    assert reasons["missing.pdf"] == "no such file or folder"
