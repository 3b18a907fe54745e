"""Colleagues for the coaching side: employees, their skills, goals, finished courses and logins."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

from store.models import UserRole
from store.seeding.archetypes import SENIORITY_RANK, job_title
from store.seeding.identity import EmailBook, NameBook
from store.seeding.profiles import ProfileDrawer
from store.seeding.resume import with_article
from store.vocabulary import LEVELS, Seniority

WORK_DOMAIN = "company.example"
RECRUITERS = (
    ("recruiter", "Riley Recruiter"),
    ("U0RECRUIT1", "Sam Okafor"),
    ("U0RECRUIT2", "Lena Hoffmann"),
    ("U0RECRUIT3", "Mateo García"),
)
HR_PARTNERS = (
    ("hrpartner", "Harper Quinn"),
    ("U0HRPARTNER", "Noor Haddad"),
)
BASE_PROFICIENCY = {Seniority.junior: 2, Seniority.mid: 3, Seniority.senior: 4, Seniority.lead: 4, Seniority.principal: 5}
COMPLETION_RATE = 0.45
COMPLETIONS_FROM = datetime(2024, 1, 8, tzinfo=timezone.utc)
COMPLETIONS_TO = datetime(2026, 10, 20, tzinfo=timezone.utc)


@dataclass
class WorkforceRows:
    """Everything the workforce step inserts, as plain rows."""

    employees: list[dict[str, Any]] = field(default_factory=list)
    skills: list[dict[str, Any]] = field(default_factory=list)
    completions: list[dict[str, Any]] = field(default_factory=list)
    users: list[dict[str, Any]] = field(default_factory=list)


@dataclass(frozen=True)
class CoachingCatalog:
    """The catalog facts goals and completions are drawn from."""

    roles: Sequence[dict[str, Any]]
    next_families: dict[str, list[str]]
    courses_by_skill: dict[str, list[int]]
    cities: Sequence[str]


def _goals(
    rng: random.Random, family: str, seniority: str, skills: Sequence[str], catalog: CoachingCatalog
) -> list[str]:
    """1-2 goals: the next level, a move along the career graph, or a skill the next step needs."""
    options: list[tuple[str, str]] = []  # (goal, family whose roles define what is missing)
    rank = SENIORITY_RANK[seniority]
    if "Lead" not in family.split() and rank < len(LEVELS) - 1:
        options.append((f"become {with_article(job_title(family, LEVELS[rank + 1]))}", family))
    for nxt in catalog.next_families.get(family, []):
        options.append((f"become {with_article(nxt)}", nxt))
    goals: list[str] = []
    if options:
        goal, target = rng.choice(options)
        goals.append(goal)
        needed = [s for r in catalog.roles if r["family"] == target for s in r["required_skills"]]
        missing = sorted({s for s in needed if s not in skills})
        if missing and rng.random() < 0.7:
            goals.append(f"learn {rng.choice(missing)}")
    if not goals:
        goals.append(f"learn {rng.choice(sorted({s for r in catalog.roles for s in r['required_skills']}))}")
    return goals


def build_workforce(
    rng: random.Random,
    count: int,
    drawer: ProfileDrawer,
    names: NameBook,
    emails: EmailBook,
    catalog: CoachingCatalog,
    ids: dict[str, Iterator[int]],
    taken_handles: set[str],
) -> WorkforceRows:
    """`count` employees with skills, goals and courses, plus the recruiter and HR partner logins and one login each."""
    out = WorkforceRows()
    for role, logins in ((UserRole.recruiter, RECRUITERS), (UserRole.hr_partner, HR_PARTNERS)):
        for handle, display in logins:
            if handle not in taken_handles:
                taken_handles.add(handle)
                out.users.append({"id": next(ids["user"]), "handle": handle, "display_name": display,
                                  "role": role, "employee_id": None})
    for _ in range(count):
        person = names.draw(rng)
        profile = drawer.draw(rng)
        family_roles = [r for r in catalog.roles if r["family"] == profile.family]
        teams = sorted({r["team"] for r in family_roles if r["team"]}) or ["General"]
        homes = sorted({r["location"] for r in family_roles})
        location = rng.choice(homes) if homes and rng.random() < 0.6 else rng.choice(list(catalog.cities))
        email = emails.work(person, WORK_DOMAIN)
        employee_id = next(ids["employee"])
        out.employees.append(
            {
                "id": employee_id,
                "full_name": person.full_name,
                "email": email,
                "current_role": profile.family,
                "seniority": profile.seniority,
                "team": rng.choice(teams),
                "location": location,
                "years_in_role": round(rng.uniform(0.3, max(0.5, min(6.0, profile.years))), 1),
                "goals": _goals(rng, profile.family, profile.seniority, profile.skills, catalog),
            }
        )
        core = set(drawer.pools(profile.archetype, profile.family, profile.seniority).core)
        base = BASE_PROFICIENCY[profile.seniority]
        for skill in profile.skills:
            level = base + rng.randint(-1, 1) - (0 if skill in core else 1)
            out.skills.append({"id": next(ids["employee_skill"]), "employee_id": employee_id, "skill": skill,
                               "proficiency": max(1, min(5, level))})
        if rng.random() < COMPLETION_RATE:
            offered = sorted({c for s in profile.skills for c in catalog.courses_by_skill.get(s, [])})
            span = (COMPLETIONS_TO - COMPLETIONS_FROM).total_seconds()
            for course_id in rng.sample(offered, min(len(offered), rng.randint(1, 3))):
                out.completions.append(
                    {"id": next(ids["course_completion"]), "employee_id": employee_id, "course_id": course_id,
                     "completed_at": COMPLETIONS_FROM + timedelta(seconds=rng.uniform(0, span))}
                )
        handle = email.split("@", 1)[0]
        if handle not in taken_handles:
            taken_handles.add(handle)
            out.users.append({"id": next(ids["user"]), "handle": handle, "display_name": person.full_name,
                              "role": UserRole.employee, "employee_id": employee_id})
    return out
