"""Openings and training courses from CSV, JSON or YAML into the store, upserted by title / code.

Fields are those of data/catalog/roles.yml and courses.yml (data/samples/README.md lists them).
In CSV, list fields hold several values separated by ';' (or ',' for skill lists); skills are
normalised to the taxonomy ('k8s' -> Kubernetes) and a skill the taxonomy does not know fails
the row with a clear reason, because matching and screening compare canonical names only.
One transaction and one audit entry per row; the roles or courses index is synced afterwards.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml
from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, SQLModel, select

from ingest.readers import MAX_BYTES, ReadError, check_size, decode_bytes
from ingest.report import ImportReport, Outcome
from ingest.tabular import header_key, read_rows, split_list
from ingest.transaction import database_failure, write_once
from retrieval.index import IndexSet, get_indexes
from retrieval.taxonomy import Taxonomy
from store import audit
from store.engine import StoreUnavailable, get_engine, session_scope
from store.models import Course, Role

log = logging.getLogger("ingest")

SENIORITIES = ("junior", "mid", "senior", "lead", "principal")
REMOTE_POLICIES = ("onsite", "hybrid", "remote")
COURSE_FORMATS = ("online", "workshop", "bootcamp", "certification", "book", "mentoring")
COURSE_LEVELS = ("beginner", "intermediate", "advanced")
TITLE_SENIORITY = {"junior": "junior", "senior": "senior", "lead": "lead", "staff": "lead", "principal": "principal"}
SENTENCE_LIST = re.compile(r"\s*[;|\n]\s*")  # responsibilities contain commas


@dataclass(frozen=True)
class Kind:
    """What differs between importing roles and importing courses."""

    name: str  # roles | courses
    model: type[SQLModel]
    key: str  # the natural key: title | code
    action: str
    entity: str
    skill_fields: tuple[str, ...]


ROLES = Kind("roles", Role, "title", "import_role", "role", ("required_skills", "nice_to_have_skills"))
COURSES = Kind("courses", Course, "code", "import_course", "course", ("skills",))


class CatalogRowError(ValueError):
    """A role or course row that cannot be imported; the message names the field."""


def read_catalog_rows(path: Path, kind: Kind, *, max_bytes: int = MAX_BYTES) -> list[tuple[str, dict[str, Any]]]:
    """(where, raw row) from a CSV, JSON (array or {roles: [...]}) or YAML file (a list or {roles: [...]})."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".yml", ".yaml"):
        check_size(path, max_bytes)
        try:
            doc = yaml.safe_load(decode_bytes(path.read_bytes()))
        except yaml.YAMLError as exc:
            raise ReadError(f"not valid YAML ({type(exc).__name__})") from None
        if isinstance(doc, dict) and isinstance(doc.get(kind.name), list):
            doc = doc[kind.name]
        if not isinstance(doc, list):
            raise ReadError(f"expected a list of {kind.name} (or a mapping with a '{kind.name}' list)")
        return _normalised_keys([(f"item {n}", r if isinstance(r, dict) else {}) for n, r in enumerate(doc, start=1)])
    if suffix not in (".csv", ".json", ".jsonl"):
        raise ReadError(f"unsupported file type '{suffix or path.name}' (expected csv, json, yml)")
    return _normalised_keys(read_rows(path, max_bytes=max_bytes))


def _normalised_keys(rows: list[tuple[str, dict[str, Any]]]) -> list[tuple[str, dict[str, Any]]]:
    return [(where, {header_key(str(k)): v for k, v in row.items()}) for where, row in rows]


def _text(row: dict[str, Any], name: str, default: str = "") -> str:
    value = row.get(name)
    return default if value is None else " ".join(str(value).split())


def _choice(row: dict[str, Any], name: str, allowed: tuple[str, ...], default: str) -> str:
    value = _text(row, name).casefold() or default
    if value not in allowed:
        raise CatalogRowError(f"{name} '{value[:40]}' is not one of {', '.join(allowed)}")
    return value


def _number(row: dict[str, Any], name: str) -> float:
    value = row.get(name)
    if value in (None, ""):
        return 0.0
    try:
        number = float(str(value).replace(",", "."))
    except ValueError:
        raise CatalogRowError(f"{name} '{str(value)[:20]}' is not a number") from None
    if number < 0:
        raise CatalogRowError(f"{name} must not be negative")
    return number


def _skills(row: dict[str, Any], name: str, taxonomy: Taxonomy) -> list[str]:
    out: list[str] = []
    for term in split_list(row.get(name)):
        hit = taxonomy.normalise(term)
        if hit is None:
            raise CatalogRowError(f"{name}: unknown skill '{term[:60]}' (not in the skill taxonomy)")
        if hit.skill not in out:
            out.append(hit.skill)
    return out


def _sentences(value: Any) -> list[str]:
    if value is None:
        return []
    items = value if isinstance(value, list) else SENTENCE_LIST.split(str(value))
    return [" ".join(str(v).split()) for v in items if str(v).strip()]


def _bool(value: Any, default: bool = True) -> bool:
    if value in (None, ""):
        return default
    if isinstance(value, bool):
        return value
    word = str(value).strip().casefold()
    if word in ("1", "true", "yes", "y", "open"):
        return True
    if word in ("0", "false", "no", "n", "closed", "filled"):
        return False
    raise CatalogRowError(f"is_open '{str(value)[:20]}' is not yes/no")


def role_fields(row: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    """A raw row as Role fields; family and seniority default from the title ('Senior X' -> X, senior)."""
    title = _text(row, "title")
    if not title:
        raise CatalogRowError("no title")
    words = title.split()
    guess = TITLE_SENIORITY.get(words[0].casefold(), "mid") if words else "mid"
    family = _text(row, "family") or (" ".join(words[1:]) if words[0].casefold() in TITLE_SENIORITY and len(words) > 1 else title)
    required = _skills(row, "required_skills", taxonomy)
    if not required:
        raise CatalogRowError("no required_skills (the must-haves matching and screening use)")
    nice = [s for s in _skills(row, "nice_to_have_skills", taxonomy) if s not in required]
    return {
        "title": title[:200],
        "family": family[:200],
        "team": _text(row, "team")[:120],
        "location": _text(row, "location")[:120],
        "remote_policy": _choice(row, "remote_policy", REMOTE_POLICIES, "hybrid"),
        "seniority": _choice(row, "seniority", SENIORITIES, guess),
        "min_years": _number(row, "min_years"),
        "summary": _text(row, "summary"),
        "required_skills": required,
        "nice_to_have_skills": nice,
        "responsibilities": _sentences(row.get("responsibilities")),
        "is_open": _bool(row.get("is_open")),
    }


def course_fields(row: dict[str, Any], taxonomy: Taxonomy) -> dict[str, Any]:
    """A raw row as Course fields; prerequisites are course codes."""
    code, title = _text(row, "code"), _text(row, "title")
    if not code:
        raise CatalogRowError("no code")
    if not title:
        raise CatalogRowError("no title")
    skills = _skills(row, "skills", taxonomy)
    if not skills:
        raise CatalogRowError("no skills (what the course teaches)")
    return {
        "code": code[:40],
        "title": title[:300],
        "provider": _text(row, "provider")[:120],
        "format": _choice(row, "format", COURSE_FORMATS, "online"),
        "level": _choice(row, "level", COURSE_LEVELS, "intermediate"),
        "hours": _number(row, "hours"),
        "skills": skills,
        "prerequisites": [c for c in split_list(row.get("prerequisites"))],
        "description": _text(row, "description"),
    }


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
