"""`hrbot import policies`: policy files into the store, one transaction per document, then the index synced.

A document is known by its source (file path or the link its front matter names): importing it
again updates it in place. Passages are matched by position, so an unchanged section keeps its
row and its text hash and is not embedded again; only changed, new or removed passages move the
index (incremental sync). Every added or changed document is audited.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Iterable
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ingest.policy_reader import POLICY_SUFFIXES, PolicyDoc, read_policy
from ingest.readers import ReadError
from ingest.report import ImportReport, Outcome
from store import audit
from store.engine import session_scope
from store.models import PolicyDocument, PolicyPassage, utcnow


def policy_files(paths: Iterable[Path | str]) -> tuple[list[Path], list[tuple[Path, str]]]:
    """Policy files under the given files and folders (recursively, hidden ones skipped), and what gives none."""
    files: list[Path] = []
    problems: list[tuple[Path, str]] = []
    for path in map(Path, paths):
        if path.is_dir():
            found = sorted(p for p in path.rglob("*") if p.is_file() and not any(
                part.startswith((".", "_")) for part in p.relative_to(path).parts))
            usable = [p for p in found if p.suffix.lower() in POLICY_SUFFIXES]
            if not usable:
                problems.append((path, "no policy files in the folder (expected md, html, pdf, docx or txt)"))
            problems += [(p, f"unsupported file type '{p.suffix or p.name}' (expected md, html, pdf, docx or txt)")
                         for p in found if p.suffix.lower() not in POLICY_SUFFIXES]
            files.extend(usable)
        elif path.is_file():
            files.append(path)  # an unsupported type is reported by the reader
        else:
            problems.append((path, "no such file or folder"))
    return list(dict.fromkeys(files)), problems


def document_hash(doc: PolicyDoc) -> str:
    """Digest of what a document shows (title, audience, passages): equal means nothing to update."""
    h = hashlib.blake2b(digest_size=12)
    h.update(f"{doc.title}\x00{doc.audience}".encode())
    for p in doc.passages:
        h.update(f"\x01{p.section}\x02{p.text}".encode())
    return h.hexdigest()


def write_policy(session: Session, doc: PolicyDoc, *, actor: str, channel: str) -> Outcome:
    """Insert or update one document and its passages (matched by position), audited; unchanged does nothing."""
    digest = document_hash(doc)
    row = session.exec(select(PolicyDocument).where(PolicyDocument.source == doc.source)).first()
    if row is not None and row.content_hash == digest:
        return Outcome("unchanged", doc.source, entity_id=row.id)
    status = "added" if row is None else "updated"
    if row is None:
        row = PolicyDocument(source=doc.source, title=doc.title, audience=doc.audience, content_hash=digest)
    row.title, row.audience, row.content_hash, row.updated_at = doc.title, doc.audience, digest, utcnow()
    session.add(row)
    session.flush()
    assert row.id is not None
    existing = {p.position: p for p in session.exec(select(PolicyPassage).where(PolicyPassage.document_id == row.id))}
    for position, passage in enumerate(doc.passages):
        old = existing.pop(position, None)
        if old is None:
            session.add(PolicyPassage(document_id=row.id, position=position, section=passage.section, text=passage.text))
        elif (old.section, old.text) != (passage.section, passage.text):
            old.section, old.text = passage.section, passage.text
            session.add(old)
    for gone in existing.values():
        session.delete(gone)
    audit.record(session, actor=actor, action=f"policy_{status}", entity_type="policy_document", entity_id=row.id,
                 channel=channel, details={"source": doc.source[:200], "passages": len(doc.passages),
                                           "audience": doc.audience})
    return Outcome(status, doc.source, entity_id=row.id, fields=["passages"])


def import_policies(
    paths: Iterable[Path | str],
    *,
    audience: str | None = None,
    actor: str = "cli",
    channel: str = "cli",
    dry_run: bool = False,
    sync_index: bool = True,
    engine: Engine | None = None,
) -> ImportReport:
    """Import policy files and folders; each document in its own transaction, then the policy index synced."""
    t0 = time.perf_counter()
    report = ImportReport(kind="policies", dry_run=dry_run)
    files, problems = policy_files(paths)
    for path, reason in problems:
        report.fail_file(str(path), reason)
    for path in files:
        try:
            doc = read_policy(path, audience=audience)
        except ReadError as exc:
            report.fail_file(str(path), str(exc))
            continue
        report.files_read += 1
        if dry_run:
            report.add(Outcome("added", doc.source, notes=[f"{len(doc.passages)} passages"]))
            continue
        with session_scope(engine) as session:
            report.add(write_policy(session, doc, actor=actor, channel=channel))
    if sync_index and not dry_run and any(o.changed for o in report.outcomes):
        from retrieval.policies import sync_policy_index  # loads the embedding model: only when something changed

        report.index = sync_policy_index(engine).summary()
    report.seconds = time.perf_counter() - t0
    return report
