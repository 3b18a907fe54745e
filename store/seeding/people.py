"""The deterministic people generator: candidates, applications, employees and users in bulk.

Everything comes from `random.Random` streams derived from the seed (no global random state),
so the same seed on an empty store gives the same people. Rows are built in chunks with ids
assigned up front and written with one executemany per table (candidates.py), which keeps
100,000 candidates within a couple of minutes on SQLite.
"""

from __future__ import annotations

import itertools
import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func
from sqlmodel import Session, SQLModel, select

from store.audit import record
from store.engine import data_dir
from store.errors import StoreError
from store.models import (
    Application,
    Candidate,
    CandidateSkill,
    CourseCompletion,
    Employee,
    EmployeeSkill,
    Employment,
    EmploymentEvent,
    EmploymentProtected,
    Feedback,
    LeaveBalance,
    LeaveRequest,
    Meta,
    ProtectedAttributes,
    Role,
    Shortlist,
    StageEvent,
    User,
)
from store.seeding.bulk import first_free_id, insert_rows, sync_id_sequences
from store.seeding.candidates import write_candidates
from store.seeding.catalog_load import load_catalog
from store.seeding.facts import SeedCatalog, Streams
from store.seeding.history import build_history
from store.seeding.identity import EmailBook, NameBook
from store.seeding.profiles import ProfileDrawer
from store.seeding.workforce import RECRUITERS, CoachingCatalog, build_workforce

SHORTLISTS_FROM = datetime(2026, 10, 1, tzinfo=timezone.utc)
SHORTLIST_NOTES = (
    "Strong match on core skills; check notice period.",
    "Great resume, ask about relocation.",
    "Good culture add, schedule a call with the hiring manager.",
    "Keep warm for the next opening.",
    "Referred by the team; fast-track if possible.",
    "",
)
# Deleted children first; audit_log is append-only (DB triggers) and never touched.
PEOPLE_TABLES: tuple[type[SQLModel], ...] = (
    EmploymentEvent, EmploymentProtected, Employment, Feedback, User, CourseCompletion, EmployeeSkill, LeaveRequest, LeaveBalance, Employee, Shortlist, StageEvent, Application,
    CandidateSkill, ProtectedAttributes, Candidate,
)


class StoreNotEmpty(StoreError, RuntimeError):
    """The store already holds people; seeding again would mix two synthetic populations."""


def _has_people(session: Session) -> bool:
    """Candidates or employees present means a previous seed (or real data) is there."""
    return any(session.exec(select(model.id).limit(1)).first() is not None for model in (Candidate, Employee))


def reset_people(session: Session) -> dict[str, int]:
    """Delete people, pipeline and user tables (never the catalog, never audit_log); rows per table."""
    removed: dict[str, int] = {}
    for model in PEOPLE_TABLES:
        result = session.execute(delete(model.__table__))  # type: ignore[attr-defined]
        removed[model.__tablename__] = int(result.rowcount or 0)  # type: ignore[attr-defined]
    return removed


def _ids(session: Session, models: dict[str, type[SQLModel]]) -> dict[str, Iterator[int]]:
    """Id counters starting after each table's largest id."""
    return {name: itertools.count(first_free_id(session, model)) for name, model in models.items()}


def _shortlist_rows(
    rng: random.Random, pool: list[tuple[int, int]], candidates: int, ids: Iterator[int]
) -> list[dict[str, Any]]:
    """A few recruiter shortlists among applications that got past screening."""
    want = min(60, max(8, candidates // 100)) if candidates else 0
    picked = sorted(rng.sample(pool, min(want, len(pool))))
    recruiters = [handle for handle, _ in RECRUITERS]
    return [
        {"id": next(ids), "candidate_id": cid, "role_id": role_id, "added_by": rng.choice(recruiters),
         "note": rng.choice(SHORTLIST_NOTES), "added_at": SHORTLISTS_FROM + timedelta(hours=rng.uniform(0, 700))}
        for cid, role_id in picked
    ]


def generate(
    session: Session,
    candidates: int = 2000,
    employees: int = 300,
    seed: int = 7,
    progress: bool = True,
    reset: bool = False,
    catalog_dir: Path | None = None,
    truth_path: Path | None = None,
) -> dict[str, int]:
    """Fill an empty store with synthetic people (reset=True empties the people tables first)."""
    if reset:
        reset_people(session)
    elif _has_people(session):
        raise StoreNotEmpty("the store already has candidates or employees; pass reset=True to replace them")
    if session.exec(select(func.count(Role.id))).one() == 0:  # type: ignore[arg-type]
        load_catalog(session, catalog_dir)
    catalog = SeedCatalog(session, catalog_dir)
    drawer = ProfileDrawer(catalog.roles, catalog.categories)
    if drawer.unknown_skills():
        raise ValueError(f"generator archetypes name skills missing from the catalog: {drawer.unknown_skills()}")
    streams = Streams(seed)
    ids = _ids(session, {
        "candidate": Candidate, "candidate_skill": CandidateSkill, "application": Application,
        "stage_event": StageEvent, "shortlist": Shortlist, "employee": Employee, "employee_skill": EmployeeSkill,
        "course_completion": CourseCompletion, "user": User, "employment": Employment,
        "employment_event": EmploymentEvent,
    })
    counts, advanced = write_candidates(session, candidates, catalog, drawer, streams, ids,
                                        truth_path or data_dir() / "seed_truth.jsonl", progress)
    shortlists = _shortlist_rows(streams.funnel, advanced, candidates, ids["shortlist"])
    insert_rows(session, Shortlist, shortlists)
    counts["shortlists"] = len(shortlists)

    coaching = CoachingCatalog(catalog.roles, catalog.successors, catalog.courses_by_skill, catalog.cities)
    names, emails = NameBook(catalog.folder), EmailBook()
    workforce = build_workforce(streams.workforce, employees, drawer, names, emails,
                                coaching, ids, set(session.exec(select(User.handle)).all()))
    families: dict[str, list[str]] = {}
    for role in catalog.roles:
        families.setdefault(role["team"], []).append(role["family"])
    history = build_history(streams.history, workforce.employees, names, emails, ids, families)
    for model, key, rows in ((Employee, "employees", workforce.employees),
                             (EmployeeSkill, "employee_skills", workforce.skills),
                             (CourseCompletion, "course_completions", workforce.completions),
                             (User, "users", workforce.users),
                             (Employment, "employments", history.employments),
                             (EmploymentEvent, "employment_events", history.events),
                             (EmploymentProtected, "employment_protected", history.protected)):
        insert_rows(session, model, rows)
        counts[key] = len(rows)
    history_truth = (truth_path.parent if truth_path else data_dir()) / "history_truth.json"
    history_truth.parent.mkdir(parents=True, exist_ok=True)
    history_truth.write_text(json.dumps(history.truth, indent=2), encoding="utf-8")

    sync_id_sequences(session, (Candidate, CandidateSkill, Application, StageEvent, Shortlist, Employee,
                                EmployeeSkill, CourseCompletion, User, Employment, EmploymentEvent))
    params = {"seed": seed, "candidates": candidates, "employees": employees}
    session.merge(Meta(key="seed", value=json.dumps(params)))
    record(session, actor="seed", action="seed", entity_type="store", details={**params, **counts})
    session.flush()
    return counts
