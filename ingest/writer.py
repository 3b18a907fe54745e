"""Candidate records into the store: one transaction per record, audited, then the search index synced.

`write_record` inserts a new person or merges into the existing one (found by `dedupe.py`, merged
by `merge.py`) inside one transaction (`transaction.py`), so a failing record leaves nothing
behind; re-running an import reports every record as unchanged and writes nothing.
`import_candidates` runs a whole import (files and folders) and updates the candidate index
incrementally at the end, so a running action server sees the new people at its next sync.

Privacy: log lines and audit details carry ids, counts, field names and the source file name
with the person's name blanked out; never a name, an email, a phone number or resume text.
"""

from __future__ import annotations

import logging
import re
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError

from ingest.dedupe import Deduper, normalise_name, profile_text
from ingest.files import records_from_file
from ingest.merge import upsert_record
from ingest.readers import Extractor, ReadError, collect_files
from ingest.records import CandidateRecord
from ingest.report import ImportReport, Outcome
from ingest.resume import NEEDS_REVIEW
from ingest.transaction import database_failure, write_once
from retrieval.extraction import SkillExtractor
from retrieval.index import IndexSet, get_indexes
from store.engine import StoreUnavailable, get_engine, session_scope

log = logging.getLogger("ingest")

Progress = Callable[[Path, int], None]  # (file just done, records it gave)


def safe_source(source: str, full_name: str) -> str:
    """The source label with every word of the person's name blanked ('ana_lopez_cv.pdf' -> '*_*_cv.pdf')."""
    out = source
    for part in set(normalise_name(full_name).split()):
        if len(part) >= 2:
            out = re.sub(rf"(?<![^\W_]){re.escape(part)}(?![^\W_])", "*", out, flags=re.IGNORECASE)
    folded = normalise_name(out)
    if any(len(p) >= 2 and p in folded.split() for p in normalise_name(full_name).split()):
        return "<file>"  # accented spellings the pattern did not catch: drop the name entirely
    return out


def write_record(record: CandidateRecord, *, deduper: Deduper, actor: str, channel: str = "cli",
                 engine: Engine | None = None, dry_run: bool = False) -> Outcome:
    """Insert or merge one person in its own transaction; never raises for a bad record."""
    engine = engine or get_engine()
    source = safe_source(record.source, record.full_name)
    try:
        outcome, rolled_back = write_once(
            engine, lambda session: upsert_record(session, record, deduper, actor=actor, channel=channel, source=source),
            dry_run=dry_run,
        )
    except StoreUnavailable:
        raise
    except SQLAlchemyError as exc:
        reason = database_failure(exc, "record")
        log.warning("import %s failed: %s", source, reason)
        return Outcome("failed", record.source, reason=reason)
    except (ValueError, TypeError, KeyError) as exc:
        log.warning("import %s failed: %s", source, type(exc).__name__)
        return Outcome("failed", record.source, reason=f"{exc}; nothing of this record was written")
    if rolled_back:
        if outcome.status == "added":
            fake = -(len(deduper.pending) + 1)
            deduper.remember(fake, record.full_name, record.email, profile_text(record.headline, record.resume_text))
            outcome.entity_id = None
        return outcome
    if outcome.status == "added" and outcome.entity_id is not None:
        deduper.remember(outcome.entity_id, record.full_name, record.email)
    elif outcome.status == "updated" and outcome.entity_id is not None and record.email:
        deduper.remember(outcome.entity_id, record.full_name, record.email)
    log.info("import %s: candidate %s %s", source, outcome.entity_id, outcome.status)
    return outcome


def import_candidates(
    paths: Sequence[Path | str],
    *,
    actor: str,
    channel: str = "cli",
    dry_run: bool = False,
    engine: Engine | None = None,
    indexes: IndexSet | None = None,
    extractor: Extractor | None = None,
    on_file: Progress | None = None,
    on_start: Callable[[int], None] | None = None,
) -> ImportReport:
    """Import resumes and exports (files or folders); a bad file or row is reported, the rest goes on."""
    t0 = time.perf_counter()
    engine = engine or get_engine()
    report = ImportReport(kind="candidates", dry_run=dry_run)
    files, problems = collect_files(Path(p) for p in paths)
    for path, reason in problems:
        report.fail_file(str(path), reason)
    if on_start is not None:
        on_start(len(files))
    if files:
        if indexes is None:
            indexes = get_indexes(engine)
        if extractor is None:
            extractor = SkillExtractor.from_indexes(indexes)
        with session_scope(engine) as session:
            deduper = Deduper.from_session(session)
        for path in files:
            given = _import_file(path, report, indexes=indexes, extractor=extractor, deduper=deduper,
                                 actor=actor, channel=channel, engine=engine, dry_run=dry_run)
            if on_file is not None:
                on_file(path, given)
        if report.changed_ids and not dry_run:
            sync = indexes.update_candidates(report.changed_ids)
            report.index = sync.summary()
    report.seconds = time.perf_counter() - t0
    log.info("import of candidates: %s", ", ".join(f"{k}={v}" for k, v in report.counts().items()))
    return report


def _import_file(path: Path, report: ImportReport, *, indexes: IndexSet, extractor: Extractor, deduper: Deduper,
                 actor: str, channel: str, engine: Engine, dry_run: bool) -> int:
    """Read one file and write its records; any problem with the file becomes one failure entry."""
    try:
        got = records_from_file(path, taxonomy=indexes.taxonomy, extractor=extractor)
    except ReadError as exc:
        report.fail_file(str(path), str(exc))
        return 0
    except (StoreUnavailable, KeyboardInterrupt):
        raise
    except Exception as exc:  # noqa: BLE001 - a parser bug on one odd file must not stop the import
        log.warning("import of a %s file failed: %s", path.suffix, type(exc).__name__)
        report.fail_file(str(path), f"could not be read ({type(exc).__name__})")
        return 0
    report.files_read += 1
    for source, reason in got.failures:
        report.fail(source, reason)
    for record in got.records:
        outcome = report.add(write_record(record, deduper=deduper, actor=actor, channel=channel, engine=engine,
                                          dry_run=dry_run))
        if record.extra.get(NEEDS_REVIEW):
            outcome.notes.append(f"kept as '{record.full_name}', flagged for review: {record.extra[NEEDS_REVIEW]}")
    return len(got.records) + len(got.failures)

