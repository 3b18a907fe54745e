"""One file to candidate records: every row of an ATS export, or the one person of a resume."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from ingest.readers import MAX_BYTES, TABLE_SUFFIXES, Extractor, FileRecords, ReadError, read_text
from ingest.resume import ResumeError, parse_resume
from ingest.tabular import read_candidates

if TYPE_CHECKING:
    from retrieval.taxonomy import Taxonomy


def records_from_file(path: Path, *, taxonomy: Taxonomy, extractor: Extractor,
                      max_bytes: int = MAX_BYTES) -> FileRecords:
    """One file's candidate records: every row of an export, or the one person of a resume."""
    path = Path(path)
    if path.suffix.lower() in TABLE_SUFFIXES:
        return read_candidates(path, taxonomy=taxonomy, extractor=extractor, max_bytes=max_bytes)
    text = read_text(path, max_bytes=max_bytes)
    try:
        record = parse_resume(text, extractor=extractor, source=path.name)
    except ResumeError as exc:
        raise ReadError(f"not understood as a resume: {exc}") from None
    record.source = record.source or path.name
    return FileRecords(path, [record])
