"""The deterministic people generator: candidates, applications, employees and users in bulk.

Everything comes from `random.Random` streams derived from the seed (no global random state),
so the same seed on an empty store gives the same people. Rows are built in chunks with ids
assigned up front and written with one executemany per table, which keeps 100,000 candidates
within a couple of minutes on SQLite.
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
from tqdm import tqdm

from store.audit import record
from store.engine import data_dir
from store.models import (
    Application,
    Candidate,
    CandidateSkill,
    CareerEdge,
    Course,
    CourseCompletion,
    Employee,
    EmployeeSkill,
    Feedback,
    Meta,
    ProtectedAttributes,
    Role,
    Shortlist,
    Skill,
    Stage,
    StageEvent,
    User,
)
from store.seeding.archetypes import job_title
from store.seeding.bulk import first_free_id, insert_rows, sync_id_sequences
from store.seeding.careers import education, work_history
from store.seeding.catalog_load import load_catalog
from store.seeding.funnel import Opening, apply
from store.seeding.identity import EmailBook, Identity, NameBook, age_band
from store.seeding.profiles import Profile, ProfileDrawer
from store.seeding.resume import ResumeFacts, SkillForms, render_resume, skill_forms
from store.seeding.workforce import RECRUITERS, CoachingCatalog, build_workforce

CHUNK = 5_000
NAMESAKE_RATE = 0.004
MIN_NAMESAKES = 4
MAX_NAMESAKES = 40
CITY_WEIGHTS = {
    "Berlin": 14, "Munich": 8, "Amsterdam": 9, "London": 12, "Paris": 8, "Zurich": 4, "Madrid": 6, "Warsaw": 7,
    "Lisbon": 5, "Stockholm": 5, "Toronto": 6, "New York": 8, "Remote": 8,
}
PROFILE_CREATED_FROM = datetime(2025, 3, 1, tzinfo=timezone.utc)
PROFILE_CREATED_TO = datetime(2026, 10, 30, tzinfo=timezone.utc)
SHORTLISTS_FROM = datetime(2026, 10, 1, tzinfo=timezone.utc)
SHORTLIST_STAGES = (Stage.phone_screen, Stage.technical_interview, Stage.onsite, Stage.offer)
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
    Feedback, User, CourseCompletion, EmployeeSkill, Employee, Shortlist, StageEvent, Application,
    CandidateSkill, ProtectedAttributes, Candidate,
)


class StoreNotEmpty(RuntimeError):
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


class _Catalog:
    """Catalog facts the generator reads once from the store (names.yml from the catalog folder)."""

    def __init__(self, session: Session, folder: Path | None) -> None:
        self.folder = folder
        roles = sorted(session.exec(select(Role)).all(), key=lambda r: r.title)
        self.roles: list[dict[str, Any]] = [r.model_dump() for r in roles]
        curated = sorted(session.exec(select(Skill).where(Skill.source == "curated")).all(), key=lambda s: s.name)
        self.categories = {s.name: s.category for s in curated}
        self.forms: dict[str, SkillForms] = {s.name: skill_forms(s.name, s.synonyms or []) for s in curated}
        self.openings = [Opening(r["id"], r["family"], r["seniority"]) for r in self.roles if r["is_open"]]
        edges = sorted((e.from_role, e.to_role) for e in session.exec(select(CareerEdge)))
        self.predecessors: dict[str, list[str]] = {}
        self.successors: dict[str, list[str]] = {}
        for src, dst in edges:
            self.predecessors.setdefault(dst, []).append(src)
            self.successors.setdefault(src, []).append(dst)
        self.cities = sorted({r["location"] for r in self.roles} | set(CITY_WEIGHTS))
        self.courses_by_skill: dict[str, list[int]] = {}
        for course in sorted(session.exec(select(Course)).all(), key=lambda c: c.code):
            for skill in course.skills:
                self.courses_by_skill.setdefault(skill, []).append(course.id)  # type: ignore[arg-type]


class _Streams:
    """Independent random streams, so identity draws can never shift skills or the funnel."""

    def __init__(self, seed: int) -> None:
        self.identity = random.Random(f"{seed}:identity")
        self.profile = random.Random(f"{seed}:profile")
        self.funnel = random.Random(f"{seed}:funnel")
        self.workforce = random.Random(f"{seed}:workforce")


def _ids(session: Session, models: dict[str, type[SQLModel]]) -> dict[str, Iterator[int]]:
    """Id counters starting after each table's largest id."""
    return {name: itertools.count(first_free_id(session, model)) for name, model in models.items()}


def _candidate_rows(
    cid: int,
    person: Identity,
    streams: _Streams,
    catalog: _Catalog,
    drawer: ProfileDrawer,
    names: NameBook,
    emails: EmailBook,
    cities: tuple[list[str], list[int]],
) -> tuple[Profile, dict[str, Any], list[dict[str, Any]], dict[str, Any]]:
    """Profile, candidate row, skill rows and protected row for one person."""
    rng = streams.profile
    profile = drawer.draw(rng)
    title = job_title(profile.family, profile.seniority)
    company = names.company(rng)
    city = rng.choices(cities[0], weights=cities[1])[0]
    history = work_history(rng, names, profile.archetype, profile.family, profile.seniority, profile.years,
                           catalog.predecessors.get(profile.family, []), company)
    schooling = education(rng, names, profile.archetype, profile.seniority, profile.years)
    facts = ResumeFacts(
        first=person.first, full_name=person.full_name, title=title, city=city, years=profile.years,
        company=company, contexts=profile.archetype.contexts, outcomes=profile.archetype.outcomes,
        history=history, education=schooling, remote_policy=rng.choice(("hybrid", "remote", "onsite")),
    )
    text, evidence = render_resume(rng, facts, profile.skills, catalog.forms)
    candidate = {
        "id": cid, "full_name": person.full_name, "email": emails.personal(streams.identity, person),
        "headline": f"{title} at {company}", "location": city, "years_experience": profile.years,
        "seniority": profile.seniority, "resume_text": text, "work_history": history, "education": schooling,
        "extra": {"source": "seed"},
    }
    skills = [{"candidate_id": cid, "skill": s, "evidence": evidence[s]} for s in profile.skills]
    protected = {"candidate_id": cid, "gender": person.gender, "ethnicity": person.ethnicity,
                 "age_band": age_band(profile.years, streams.identity)}
    return profile, candidate, skills, protected


class _Reservoir:
    """A fixed-size uniform sample of a stream, so shortlists need not keep every application in memory."""

    def __init__(self, rng: random.Random, size: int) -> None:
        self.rng, self.size, self.seen = rng, size, 0
        self.items: list[tuple[int, int]] = []

    def offer(self, item: tuple[int, int]) -> None:
        """Keep `item` with probability size/seen (Algorithm R)."""
        self.seen += 1
        if len(self.items) < self.size:
            self.items.append(item)
        else:
            slot = self.rng.randrange(self.seen)
            if slot < self.size:
                self.items[slot] = item


def _profile_dates(
    rng: random.Random, first_at: datetime | None, last_at: datetime | None
) -> tuple[datetime, datetime]:
    """created/updated: applicants join shortly before applying; others any time in the last 20 months."""
    if first_at is not None:
        created = first_at - timedelta(days=rng.uniform(0, 40))
    else:
        span = (PROFILE_CREATED_TO - PROFILE_CREATED_FROM).total_seconds()
        created = PROFILE_CREATED_FROM + timedelta(seconds=rng.uniform(0, span))
    return created, max(created, last_at or created)


def _write_candidates(
    session: Session,
    count: int,
    catalog: _Catalog,
    drawer: ProfileDrawer,
    streams: _Streams,
    ids: dict[str, Iterator[int]],
    truth_path: Path,
    progress: bool,
) -> tuple[dict[str, int], list[tuple[int, int]]]:
    """Candidates with skills, protected attributes and applications, chunk by chunk; ground truth to JSONL."""
    names, emails = NameBook(catalog.folder), EmailBook()
    recruiters = [handle for handle, _ in RECRUITERS]
    cities = (catalog.cities, [CITY_WEIGHTS.get(c, 2) for c in catalog.cities])
    wanted = min(MAX_NAMESAKES, max(MIN_NAMESAKES, round(count * NAMESAKE_RATE))) if count >= 50 else 0
    namesake_at = set(streams.identity.sample(range(count // 10, count), wanted)) if wanted else set()
    earlier: list[Identity] = []
    advanced = _Reservoir(streams.funnel, 500)
    tables = ((Candidate, "candidates"), (CandidateSkill, "candidate_skills"),
              (ProtectedAttributes, "protected_attributes"), (Application, "applications"),
              (StageEvent, "stage_events"))
    counts = {key: 0 for _, key in tables}
    truth_path.parent.mkdir(parents=True, exist_ok=True)
    with truth_path.open("w", encoding="utf-8") as truth_file, tqdm(
        total=count, disable=not progress, unit="candidate", desc="seeding"
    ) as bar:
        for start in range(0, count, CHUNK):
            rows: dict[str, list[dict[str, Any]]] = {key: [] for _, key in tables}
            for i in range(start, min(start + CHUNK, count)):
                if i in namesake_at and earlier:
                    person = names.namesake(streams.identity, streams.identity.choice(earlier))
                else:
                    person = names.draw(streams.identity)
                if len(earlier) < 5_000:
                    earlier.append(person)
                cid = next(ids["candidate"])
                profile, candidate, skills, protected = _candidate_rows(
                    cid, person, streams, catalog, drawer, names, emails, cities
                )
                for row in skills:
                    row["id"] = next(ids["candidate_skill"])
                funnel = apply(streams.funnel, cid, profile.archetype.families, profile.seniority,
                               catalog.openings, ids["application"], ids["stage_event"], recruiters)
                candidate["created_at"], candidate["updated_at"] = _profile_dates(
                    streams.funnel, funnel.first_at, funnel.last_at
                )
                for app in funnel.applications:
                    if app["stage"] in SHORTLIST_STAGES:
                        advanced.offer((cid, app["role_id"]))
                rows["candidates"].append(candidate)
                rows["candidate_skills"].extend(skills)
                rows["protected_attributes"].append(protected)
                rows["applications"].extend(funnel.applications)
                rows["stage_events"].extend(funnel.events)
                truth = {"candidate_id": cid, "archetype": profile.archetype.key, "family": profile.family,
                         "seniority": profile.seniority, "skills": profile.skills}
                truth_file.write(json.dumps(truth, ensure_ascii=False) + "\n")
            for model, key in tables:
                insert_rows(session, model, rows[key])
                counts[key] += len(rows[key])
            bar.update(len(rows["candidates"]))
    return counts, advanced.items


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
    catalog = _Catalog(session, catalog_dir)
    drawer = ProfileDrawer(catalog.roles, catalog.categories)
    if drawer.unknown_skills():
        raise ValueError(f"generator archetypes name skills missing from the catalog: {drawer.unknown_skills()}")
    streams = _Streams(seed)
    ids = _ids(session, {
        "candidate": Candidate, "candidate_skill": CandidateSkill, "application": Application,
        "stage_event": StageEvent, "shortlist": Shortlist, "employee": Employee, "employee_skill": EmployeeSkill,
        "course_completion": CourseCompletion, "user": User,
    })
    counts, advanced = _write_candidates(session, candidates, catalog, drawer, streams, ids,
                                         truth_path or data_dir() / "seed_truth.jsonl", progress)
    shortlists = _shortlist_rows(streams.funnel, advanced, candidates, ids["shortlist"])
    insert_rows(session, Shortlist, shortlists)
    counts["shortlists"] = len(shortlists)

    coaching = CoachingCatalog(catalog.roles, catalog.successors, catalog.courses_by_skill, catalog.cities)
    workforce = build_workforce(streams.workforce, employees, drawer, NameBook(catalog.folder), EmailBook(),
                                coaching, ids, set(session.exec(select(User.handle)).all()))
    for model, key, rows in ((Employee, "employees", workforce.employees),
                             (EmployeeSkill, "employee_skills", workforce.skills),
                             (CourseCompletion, "course_completions", workforce.completions),
                             (User, "users", workforce.users)):
        insert_rows(session, model, rows)
        counts[key] = len(rows)

    sync_id_sequences(session, (Candidate, CandidateSkill, Application, StageEvent, Shortlist, Employee,
                                EmployeeSkill, CourseCompletion, User))
    params = {"seed": seed, "candidates": candidates, "employees": employees}
    session.merge(Meta(key="seed", value=json.dumps(params)))
    record(session, actor="seed", action="seed", entity_type="store", details={**params, **counts})
    session.flush()
    return counts
