"""Files to text: which files an import takes, and a clear reason when one cannot be read.

Resumes come as PDF (pypdf), DOCX (python-docx), Markdown or plain text (encoding detected
with charset-normalizer); ATS exports as CSV or JSON (see `tabular.py`; `files.py` turns either
into records). Every problem is a
`ReadError` whose message is meant for the user ("too large (50.0 MB > 10 MB)"); nothing here
raises anything else for a bad file, and a file over the size limit is never opened.
"""

from __future__ import annotations

import io
import logging
import zipfile
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Protocol

from ingest.errors import IngestError
from ingest.records import CandidateRecord, SkillEvidence

MAX_BYTES = 10 * 1024 * 1024  # a resume or an export larger than this is almost surely not one
RESUME_SUFFIXES = (".pdf", ".docx", ".md", ".markdown", ".txt")
TABLE_SUFFIXES = (".csv", ".json", ".jsonl")
SUPPORTED = RESUME_SUFFIXES + TABLE_SUFFIXES
WESTERN = ("cp1252", "latin_1", "iso8859_15")  # preferred when the detector finds several equally good
MIN_PRINTABLE = 0.97  # share of printable characters a decoded text file must have


class ReadError(IngestError, ValueError):
    """A file that cannot be imported; the message says why, for the user (no contents quoted)."""


class Extractor(Protocol):
    """What the readers need from `retrieval.extraction.SkillExtractor`."""

    def extract(self, text: str) -> list[SkillEvidence]: ...


@dataclass
class FileRecords:
    """The records one file produced, and its rows that could not be turned into records."""

    path: Path
    records: list[CandidateRecord] = field(default_factory=list)
    failures: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.1f} MB"


def check_size(path: Path, max_bytes: int = MAX_BYTES) -> None:
    """Refuse a file over the limit from its size alone, before reading a byte of it."""
    size = path.stat().st_size
    if size > max_bytes:
        raise ReadError(f"too large ({_mb(size)} > {max_bytes // (1024 * 1024)} MB)")
    if size == 0:
        raise ReadError("empty file")


def collect_files(paths: Iterable[Path]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Files to import from files and folders (recursively), and the paths that give nothing."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in paths:
        path = Path(path)
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not _hidden(p, path))
            usable = [p for p in found if p.suffix.lower() in SUPPORTED]
            if not found:
                problems.append((path, "empty folder: nothing to import"))
            elif not usable:
                problems.append((path, f"no importable files in the folder (expected {_expected()})"))
            files.extend(usable)
            for p in found:
                if p.suffix.lower() not in SUPPORTED:
                    problems.append((p, f"unsupported file type '{p.suffix or p.name}' (expected {_expected()})"))
        elif path.is_file():
            if path.suffix.lower() in SUPPORTED:
                files.append(path)
            else:
                problems.append((path, f"unsupported file type '{path.suffix or path.name}' (expected {_expected()})"))
        elif path.exists():
            problems.append((path, "not a regular file"))
        else:
            problems.append((path, "no such file or folder"))
    unique = list(dict.fromkeys(files))
    return unique, problems


def _hidden(path: Path, root: Path) -> bool:
    return any(part.startswith(".") for part in path.relative_to(root).parts)


def _expected() -> str:
    return ", ".join(s.lstrip(".") for s in SUPPORTED if s not in (".markdown", ".jsonl"))


def decode_bytes(data: bytes) -> str:
    """Text from bytes: UTF-8 (with or without BOM), else the encoding charset-normalizer detects."""
    if b"\x00" in data[:4096] and not data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise ReadError("not a text file in a known encoding (binary content)")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        from charset_normalizer import from_bytes  # loaded lazily: most exports are UTF-8

        matches = from_bytes(data)
        best = matches.best()
        if best is None:
            raise ReadError("cannot detect the text encoding; save the file as UTF-8") from None
        ties = [m for m in matches if m.chaos <= best.chaos and m.coherence >= best.coherence]
        best = next((m for m in ties if m.encoding in WESTERN), best)  # equal evidence: the usual export encoding
        text = str(best)
    text = text.lstrip("\ufeff")
    printable = sum(1 for ch in text if ch.isprintable() or ch in "\n\r\t")
    if text and printable / len(text) < MIN_PRINTABLE:
        raise ReadError("not a text file in a known encoding (too many control characters); save it as UTF-8")
    return text


def read_text(path: Path, *, max_bytes: int = MAX_BYTES) -> str:
    """The text of a resume file (PDF, DOCX, Markdown, plain text); ReadError when it has none."""
    path = Path(path)
    check_size(path, max_bytes)
    suffix = path.suffix.lower()
    if suffix == ".pdf":
        text = _pdf_text(path)
    elif suffix == ".docx":
        text = _docx_text(path)
    elif suffix in (".md", ".markdown", ".txt"):
        text = decode_bytes(path.read_bytes())
    else:
        raise ReadError(f"unsupported file type '{suffix or path.name}' (expected {_expected()})")
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        raise ReadError("no text in the file")
    return text


def _pdf_text(path: Path) -> str:
    """Text layer of every page; encrypted, broken and image-only PDFs get their own message."""
    from pypdf import PdfReader  # optional heavy dependency: loaded for the first PDF only
    from pypdf.errors import FileNotDecryptedError, PdfReadError  # (same reason)

    logging.getLogger("pypdf").setLevel(logging.ERROR)  # its warnings quote page contents
    data = path.read_bytes()
    if not data.lstrip()[:5].startswith(b"%PDF"):
        raise ReadError("unreadable PDF (not a PDF file)")
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted:
            try:
                ok = reader.decrypt("")
            except Exception:  # noqa: BLE001 - unsupported cipher and the like
                ok = 0
            if not ok:
                raise ReadError("encrypted PDF (password protected); export it without a password")
        pages = [page.extract_text() or "" for page in reader.pages]
    except ReadError:
        raise
    except FileNotDecryptedError:
        raise ReadError("encrypted PDF (password protected); export it without a password") from None
    except (PdfReadError, ValueError, KeyError, TypeError, IndexError, AttributeError, OSError) as exc:
        raise ReadError(f"unreadable PDF ({type(exc).__name__}); the file is damaged or not a PDF") from None
    text = "\n".join(pages)
    if not text.strip():
        raise ReadError("the PDF has no text layer (a scanned or image-only PDF?); OCR it or use the DOCX/text version")
    return text


def _docx_text(path: Path) -> str:
    """Paragraphs and table cells of a Word document, in document order."""
    from docx import Document  # optional heavy dependency (lxml): loaded for the first DOCX only
    from docx.opc.exceptions import PackageNotFoundError  # (same reason)

    try:
        doc = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, OSError) as exc:
        raise ReadError(f"unreadable DOCX ({type(exc).__name__}); the file is damaged or not a Word document") from None
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for row in table.rows:
            cells = list(dict.fromkeys(c.text.strip() for c in row.cells if c.text.strip()))
            if cells:
                lines.append(" | ".join(cells))
    return "\n".join(lines)
