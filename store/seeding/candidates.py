"""Synthetic candidates in chunks: profile, resume, skills, protected attributes, applications, ground truth.

Rows are built with ids assigned up front and written with one executemany per table and chunk;
each person's hidden truth (archetype, family, seniority, skills) goes to a JSONL file for the
retrieval benchmarks.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlmodel import Session
from tqdm import tqdm

from store.models import Application, Candidate, CandidateSkill, ProtectedAttributes, Stage, StageEvent
from store.seeding.archetypes import job_title
from store.seeding.bulk import insert_rows
from store.seeding.careers import education, work_history
from store.seeding.facts import CITY_WEIGHTS, SeedCatalog, Streams
from store.seeding.funnel import apply
from store.seeding.identity import EmailBook, Identity, NameBook, age_band
from store.seeding.profiles import Profile, ProfileDrawer
from store.seeding.resume import ResumeFacts, render_resume
from store.seeding.workforce import RECRUITERS

CHUNK = 5_000
NAMESAKE_RATE = 0.004
MIN_NAMESAKES = 4
MAX_NAMESAKES = 40
PROFILE_CREATED_FROM = datetime(2025, 3, 1, tzinfo=timezone.utc)
PROFILE_CREATED_TO = datetime(2026, 10, 30, tzinfo=timezone.utc)
SHORTLIST_STAGES = (Stage.phone_screen, Stage.technical_interview, Stage.onsite, Stage.offer)


def _candidate_rows(
    cid: int,
    person: Identity,
    streams: Streams,
    catalog: SeedCatalog,
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


def write_candidates(
    session: Session,
    count: int,
    catalog: SeedCatalog,
    drawer: ProfileDrawer,
    streams: Streams,
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
