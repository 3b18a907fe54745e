"""How each indexed collection reads the store: ids, cheap versions, texts and metadata.

A source answers three questions for the index manager:
- `data_version`: one cheap string that changes when the collection changes (the fast path:
  equal means nothing to do);
- `versions`: id -> version token for every record (candidates: `updated_at`, without reading
  any text; small collections: the text hash);
- `docs(ids)`: (id, version, text, metadata) for the given ids, or for all;
- `changes(known)`: optionally, only the records changed since the newest known version (a server's
  twice-a-second check at 100k reads a handful of rows instead of every version), or None when
  the source can't vouch for that (something was removed): then `versions` is read.
"""

from __future__ import annotations

import hashlib
from collections.abc import Collection, Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any, ClassVar

from sqlalchemy import func
from sqlmodel import Session, SQLModel, select

from store.models import Candidate, Course, PolicyDocument, PolicyPassage, Role
from retrieval.documents import candidate_text, content_hash, course_text, policy_text, role_text
from retrieval.taxonomy import Taxonomy

Doc = tuple[str, str, str, dict[str, Any]]  # id, version, text, metadata
SQL_CHUNK = 900  # stays under SQLite's bound-parameter limit


def _chunks(ids: list[int], size: int = SQL_CHUNK) -> Iterator[list[int]]:
    for i in range(0, len(ids), size):
        yield ids[i : i + size]


def _digest(versions: dict[str, str]) -> str:
    h = hashlib.blake2b(digest_size=10)
    for key in sorted(versions):
        h.update(f"{key}={versions[key]};".encode())
    return f"{len(versions)}:{h.hexdigest()}"


@dataclass(frozen=True)
class Source:
    """Base: subclasses say how to read one collection."""

    name: str
    store_text: bool = True
    lexical: bool = False

    def data_version(self, session: Session) -> str:
        return _digest(self.versions(session))

    def versions(self, session: Session) -> dict[str, str]:
        return {doc_id: version for doc_id, version, _, _ in self.docs(session, None)}

    def changes(self, session: Session, known: dict[str, list[str]]) -> dict[str, str] | None:
        """Versions of the records added or changed since `known` (id -> [version, hash]); None: can't tell."""
        return None

    def docs(self, session: Session, ids: Collection[str] | None) -> list[Doc]:  # pragma: no cover - abstract
        raise NotImplementedError


def _stamp(value: Any) -> str:
    return value.isoformat() if hasattr(value, "isoformat") else str(value)


@dataclass(frozen=True)
class CandidateSource(Source):
    """Candidates: headline + resume; version = updated_at (writers bump it when a profile changes)."""

    name: str = "candidates"
    store_text: bool = False  # the store is the source of truth for the text
    lexical: bool = True

    def data_version(self, session: Session) -> str:
        """Count, highest id and newest stamp: an insert, a delete or a stamped edit moves one of them.

        Each is read from an index (about 0.6 ms at 100k on SQLite, against 31 ms for the former
        single scan that also summed the ids): a server runs this twice a second.
        """
        count = select(func.count(Candidate.id)).scalar_subquery()
        top = select(func.max(Candidate.id)).scalar_subquery()
        newest = select(func.max(Candidate.updated_at)).scalar_subquery()
        row = session.exec(select(count, top, newest)).one()
        return f"{row[0]}:{row[1]}:{_stamp(row[2])}"

    def versions(self, session: Session) -> dict[str, str]:
        return {str(i): _stamp(u) for i, u in session.exec(select(Candidate.id, Candidate.updated_at))}

    def changes(self, session: Session, known: dict[str, list[str]]) -> dict[str, str] | None:
        """Rows stamped at or after the newest known stamp, when no known row was removed.

        Like the data version before it, this trusts writers to stamp what they change: an edit
        stamped older than the newest stamp, or a text changed without a new stamp, is caught by
        `hrbot index build` (content hashes of every record).
        """
        if not known:
            return None
        try:
            since = datetime.fromisoformat(max(version for version, _ in known.values()))
        except ValueError:
            return None
        rows = session.exec(select(Candidate.id, Candidate.updated_at).where(Candidate.updated_at >= since))
        changed = {str(i): _stamp(u) for i, u in rows}
        count = session.exec(select(func.count(Candidate.id))).one()
        if count != len(known) + sum(1 for i in changed if i not in known):
            return None  # something was removed: only every version tells what
        return changed

    def docs(self, session: Session, ids: Collection[str] | None) -> list[Doc]:
        cols = (Candidate.id, Candidate.updated_at, Candidate.headline, Candidate.resume_text)
        rows: list[Any] = []
        if ids is None:
            rows = list(session.exec(select(*cols).order_by(Candidate.id)))
        else:
            for chunk in _chunks(sorted(int(i) for i in ids)):
                rows.extend(session.exec(select(*cols).where(Candidate.id.in_(chunk))))  # type: ignore[union-attr]
        out = []
        for cid, updated, headline, resume in rows:
            text = candidate_text(_Row(headline=headline, resume_text=resume))
            out.append((str(cid), _stamp(updated), text, {"id": cid}))
        return out


@dataclass(frozen=True)
class _Row:
    headline: str
    resume_text: str


@dataclass(frozen=True)
class TableSource(Source):
    """A small catalog table, read whole in id order; a record's version is its text's hash."""

    model: ClassVar[type[SQLModel]]

    def text(self, row: Any) -> str:  # pragma: no cover - abstract
        raise NotImplementedError

    def metadata(self, row: Any) -> dict[str, Any]:  # pragma: no cover - abstract
        raise NotImplementedError

    def docs(self, session: Session, ids: Collection[str] | None) -> list[Doc]:
        want = None if ids is None else {str(i) for i in ids}
        out = []
        for row in session.exec(select(self.model).order_by(self.model.id)):  # type: ignore[attr-defined]
            if want is not None and str(row.id) not in want:
                continue
            text = self.text(row)
            out.append((str(row.id), content_hash(text), text, self.metadata(row)))
        return out


@dataclass(frozen=True)
class RoleSource(TableSource):
    """Roles (open and filled): title, summary, skills, responsibilities."""

    name: str = "roles"
    model: ClassVar[type[SQLModel]] = Role

    def text(self, row: Role) -> str:
        return role_text(row)

    def metadata(self, row: Role) -> dict[str, Any]:
        return {"id": row.id, "title": row.title, "family": row.family, "seniority": row.seniority,
                "location": row.location, "is_open": row.is_open}


@dataclass(frozen=True)
class CourseSource(TableSource):
    """Courses: title, description and the skills they teach."""

    name: str = "courses"
    lexical: bool = True
    model: ClassVar[type[SQLModel]] = Course

    def text(self, row: Course) -> str:
        return course_text(row)

    def metadata(self, row: Course) -> dict[str, Any]:
        return {"id": row.id, "code": row.code, "title": row.title, "level": row.level, "format": row.format,
                "hours": row.hours, "skills": list(row.skills)}


@dataclass(frozen=True)
class SkillSource(Source):
    """Every surface form of every curated skill (name and synonyms), for normalising free text."""

    name: str = "skills"

    def docs(self, session: Session, ids: Collection[str] | None) -> list[Doc]:
        want = None if ids is None else set(ids)
        taxonomy = Taxonomy.from_session(session, esco=False)
        return [
            (doc_id, content_hash(f"{meta['skill']}|{text}"), text, meta)
            for doc_id, text, meta in taxonomy.skill_documents()
            if want is None or doc_id in want
        ]


@dataclass(frozen=True)
class PolicySource(Source):
    """Policy passages with their document's title, section path, source and audience; version = text hash."""

    name: str = "policies"
    lexical: bool = True

    def docs(self, session: Session, ids: Collection[str] | None) -> list[Doc]:
        want = None if ids is None else {str(i) for i in ids}
        rows = session.exec(
            select(PolicyPassage, PolicyDocument)
            .join(PolicyDocument, PolicyDocument.id == PolicyPassage.document_id)  # type: ignore[arg-type]
            .order_by(PolicyPassage.id)
        )
        out = []
        for passage, doc in rows:
            if want is not None and str(passage.id) not in want:
                continue
            text = policy_text(doc.title, passage.section, passage.text)
            meta = {"id": passage.id, "document_id": doc.id, "document": doc.title, "section": passage.section,
                    "source": doc.source, "audience": doc.audience, "position": passage.position}
            out.append((str(passage.id), content_hash(f"{text}|{doc.source}|{doc.audience}"), text, meta))
        return out


SOURCES: dict[str, Source] = {
    s.name: s for s in (CandidateSource(), RoleSource(), CourseSource(), SkillSource(), PolicySource())
}
