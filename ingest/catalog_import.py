"""Openings and training courses from CSV, JSON or YAML into the store, upserted by title / code.

Openings also come from job postings' free text (txt, md, html; a file or a folder of them), read by
`posting_reader.py` and `postings.py` into the same Role fields, each requirement with its sentence.
Rows are read and checked by `catalog.py`. One transaction and one audit entry per row (a
dry run rolls each back); a sparse file never resets fields it does not give; the roles or
courses index is synced afterwards.
"""

from __future__ import annotations

import logging
import time
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from ingest.catalog import COURSES, ROLES, CatalogRowError, Kind, course_fields, read_catalog_rows, role_fields
from ingest.posting_reader import is_posting_file, posting_files, read_posting
from ingest.readers import ReadError
from ingest.report import ImportReport, Outcome
from ingest.transaction import database_failure, write_once
from retrieval.extraction import SkillExtractor
from retrieval.index import IndexSet, get_indexes
from retrieval.taxonomy import Taxonomy
from store import audit
from store.engine import StoreUnavailable, get_engine, session_scope
from store.models import Course

log = logging.getLogger("ingest")


def upsert(session: Session, kind: Kind, fields: dict[str, Any], *, actor: str, channel: str, source: str,
           present: set[str] | None = None) -> Outcome:
    """Insert or update one role/course by its natural key, audited; unchanged rows write nothing.

    On an update only the fields the file gave (`present`) are compared and set: a sparse file
    never resets a role's team or summary to defaults.
    """
    column = getattr(kind.model, kind.key)
    row = session.exec(select(kind.model).where(column == fields[kind.key])).first()
    if row is None:
        row = kind.model(**fields)
        status, changed = "added", sorted(fields)
    else:
        given = fields if present is None else {k: v for k, v in fields.items() if k in present}
        changed = sorted(k for k, v in given.items() if getattr(row, k) != v)
        if not changed:
            return Outcome("unchanged", source, row.id, rule=kind.key)  # type: ignore[attr-defined]
        for k in changed:
            setattr(row, k, fields[k])
        status = "updated"
    session.add(row)
    session.flush()
    entity_id = row.id  # type: ignore[attr-defined]
    audit.record(session, actor=actor, action=kind.action, entity_type=kind.entity, entity_id=entity_id,
                 channel=channel, details={"outcome": status, "source": source, "fields": changed})
    return Outcome(status, source, entity_id, rule=kind.key if status == "updated" else "", fields=changed)


def import_catalog(
    path: Path | str,
    kind: Kind,
    *,
    actor: str,
    channel: str = "cli",
    dry_run: bool = False,
    engine: Engine | None = None,
    indexes: IndexSet | None = None,
    taxonomy: Taxonomy | None = None,
) -> ImportReport:
    """Import one roles or courses file: per-row transactions, then that collection's index synced."""
    t0 = time.perf_counter()
    engine = engine or get_engine()
    path = Path(path)
    if kind is ROLES and (path.is_dir() or is_posting_file(path)):
        return import_postings(path, actor=actor, channel=channel, dry_run=dry_run, engine=engine, indexes=indexes)
    report = ImportReport(kind=kind.name, dry_run=dry_run)
    try:
        if not path.is_file():
            raise ReadError("no such file" if not path.exists() else "not a file")
        rows = read_catalog_rows(path, kind)
        if not rows:
            raise ReadError(f"no {kind.name} in the file")
    except ReadError as exc:
        report.fail_file(str(path), str(exc))
        report.seconds = time.perf_counter() - t0
        return report
    report.files_read = 1
    if taxonomy is None:
        if indexes is None:
            indexes = get_indexes(engine)
        taxonomy = indexes.taxonomy
    make = role_fields if kind is ROLES else course_fields
    for where, raw in rows:
        source = f"{path.name} {where}"
        try:
            fields = make(raw, taxonomy)
        except CatalogRowError as exc:
            report.fail(source, str(exc))
            continue
        present = {k for k, v in raw.items() if v not in (None, "", [])}
        report.add(_write(kind, fields, actor=actor, channel=channel, source=source, engine=engine, dry_run=dry_run,
                          present=present))
    if kind is COURSES:
        _check_prerequisites(report, engine)
    if not dry_run and any(o.changed for o in report.outcomes):
        if indexes is None:
            indexes = get_indexes(engine)
        synced = indexes.sync(names=(kind.name,))
        report.index = "; ".join(r.summary() for r in synced)
    report.seconds = time.perf_counter() - t0
    log.info("import of %s: %s", kind.name, ", ".join(f"{k}={v}" for k, v in report.counts().items()))
    return report


def import_postings(
    path: Path | str,
    *,
    actor: str,
    channel: str = "cli",
    dry_run: bool = False,
    engine: Engine | None = None,
    indexes: IndexSet | None = None,
    extractor: SkillExtractor | None = None,
) -> ImportReport:
    """Job postings' free text (a file or a folder) as roles upserted by title, requirements with evidence."""
    from ingest.postings import parse_posting  # the posting parser loads the gazetteer: only for postings

    t0 = time.perf_counter()
    engine = engine or get_engine()
    path = Path(path)
    report = ImportReport(kind=ROLES.name, dry_run=dry_run)
    files = posting_files(path) if path.is_dir() else [path]
    if path.is_dir():  # a catalog table among postings is named, not silently passed over
        for other in sorted(p for p in path.rglob("*") if p.suffix.lower() in (".csv", ".json", ".jsonl", ".yml", ".yaml")
                            and not any(part.startswith(".") for part in p.relative_to(path).parts)):
            report.fail_file(str(other), f"a catalog file in a folder of postings: import it on its own "
                                         f"(hrbot import roles {other.name})")
    if not files and not report.file_failures:
        report.fail_file(str(path), "no job postings in the folder (expected txt, md or html files)")
        report.seconds = time.perf_counter() - t0
        return report
    for file in files:
        try:
            text = read_posting(file)
        except ReadError as exc:
            report.fail_file(str(file), str(exc))
            continue
        report.files_read += 1
        if extractor is None:  # the synonym layer: MiniLM added false must-haves on real postings' dev split
            indexes = indexes or get_indexes(engine)  # (benchmarks/postings.py: precision 0.66 vs 0.78, recall equal)
            extractor = SkillExtractor(indexes.taxonomy)
        try:
            posting = parse_posting(text, extractor=extractor)
            if not posting.title:
                raise CatalogRowError("no job title found (give it as the first line or as 'Title: ...')")
            if not posting.required_skills:
                raise CatalogRowError("no required skills found: the posting names no skill of the taxonomy "
                                      "outside its 'about us' and 'benefits' sections")
            row = posting.row()
            fields = role_fields(row, extractor.taxonomy)
        except CatalogRowError as exc:
            report.fail(file.name, str(exc))
            continue
        fields["requirement_evidence"] = [r.to_dict() for r in posting.requirements]
        outcome = report.add(_write(ROLES, fields, actor=actor, channel=channel, source=file.name, engine=engine,
                                    dry_run=dry_run, present=set(row) | {"requirement_evidence"}))
        if outcome.status == "added" and posting.remote_policy is None:
            outcome.notes.append("the posting states no remote policy: kept as hybrid")
    if not dry_run and any(o.changed for o in report.outcomes):
        indexes = indexes or get_indexes(engine)
        report.index = "; ".join(r.summary() for r in indexes.sync(names=(ROLES.name,)))
    report.seconds = time.perf_counter() - t0
    log.info("import of postings: %s", ", ".join(f"{k}={v}" for k, v in report.counts().items()))
    return report


def _write(kind: Kind, fields: dict[str, Any], *, actor: str, channel: str, source: str, engine: Engine,
           dry_run: bool, present: set[str]) -> Outcome:
    """One row in its own transaction (rolled back in a dry run); a database error fails the row only."""
    try:
        outcome, rolled_back = write_once(
            engine, lambda session: upsert(session, kind, fields, actor=actor, channel=channel, source=source,
                                           present=present),
            dry_run=dry_run,
        )
    except StoreUnavailable:
        raise
    except SQLAlchemyError as exc:
        return Outcome("failed", source, reason=database_failure(exc, "row"))
    if rolled_back:
        outcome.entity_id = outcome.entity_id if outcome.status != "added" else None
    return outcome


def _check_prerequisites(report: ImportReport, engine: Engine) -> None:
    """Prerequisite codes that name no course become notes (the course itself is still imported)."""
    with session_scope(engine) as session:
        codes = set(session.exec(select(Course.code)))
        for outcome in report.outcomes:
            if outcome.entity_id is None or not outcome.ok:
                continue
            course = session.get(Course, outcome.entity_id)
            missing = [c for c in (course.prerequisites if course else []) if c not in codes]
            if missing:
                outcome.notes.append(f"prerequisite course(s) not in the catalog: {', '.join(missing)}")


def import_roles(path: Path | str, **kwargs: Any) -> ImportReport:
    """`hrbot import roles FILE`: openings upserted by title."""
    return import_catalog(path, ROLES, **kwargs)


def import_courses(path: Path | str, **kwargs: Any) -> ImportReport:
    """`hrbot import courses FILE`: courses upserted by code."""
    return import_catalog(path, COURSES, **kwargs)
