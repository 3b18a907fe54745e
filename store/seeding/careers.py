"""Plausible career histories and education for synthetic people."""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from store.seeding.archetypes import SENIORITY_RANK, Archetype, job_title
from store.seeding.identity import NameBook
from store.vocabulary import LEVELS, Seniority

NOW = (2026, 10)  # histories end in October 2026, before the funnel's cut-off
_SUMMARIES = (
    "Worked on {ctx}.",
    "Owned {ctx} end to end.",
    "Part of the team behind {ctx}.",
    "Focused on {ctx}.",
    "Built and maintained {ctx}.",
)
_LEAD_SUMMARIES = ("Led the work on {ctx}.", "Headed a team working on {ctx}.", "Set direction for {ctx}.")
_ARTS = {"Psychology", "Business Administration", "Communication Studies", "Sociology", "Law",
         "Human Resource Management", "Linguistics", "Economics", "Interaction Design"}


def _month(year: int, month: int, back: int) -> tuple[int, int]:
    """The (year, month) `back` months before the given one."""
    index = year * 12 + (month - 1) - back
    return index // 12, index % 12 + 1


def fill(template: str, rng: random.Random) -> str:
    """Fill the numeric holes of context and outcome phrases ({p}% / {n} / {k} per second)."""
    if "{" not in template:
        return template
    values: dict[str, object] = {}
    if "{p}" in template:
        values["p"] = rng.randint(12, 60)
    if "{n}" in template:
        values["n"] = rng.randint(2, 9)
    if "{k}" in template:
        values["k"] = rng.choice(("2,000", "10k", "50k", "200k"))
    return template.format(**values)


def work_history(
    rng: random.Random,
    names: NameBook,
    archetype: Archetype,
    family: str,
    seniority: str,
    years: float,
    predecessors: Sequence[str],
    current_company: str,
) -> list[dict[str, Any]]:
    """2-4 jobs, newest first, spanning the years of experience with titles that grow into today's."""
    rank = SENIORITY_RANK[seniority]
    if rank == 0:
        count = 2
    elif rank == 1:
        count = rng.randint(2, 3)
    else:
        count = rng.randint(3 if rank >= 3 else 2, 4)
    months_total = max(count * 4, round(years * 12))
    weights = [rng.uniform(0.6, 1.4) for _ in range(count)]
    spans = [max(3, round(months_total * w / sum(weights))) for w in weights]
    history: list[dict[str, Any]] = []
    end: tuple[int, int] | None = None
    cursor = NOW
    switch_at = rng.randrange(1, count) if predecessors and rng.random() < 0.35 else None
    for i, span in enumerate(spans):
        start = _month(*cursor, span)
        level = LEVELS[max(0, rank - i)] if i else seniority
        role_family = rng.choice(list(predecessors)) if switch_at is not None and i >= switch_at else family
        if i == count - 1 and rank == 0 and years < 1.5:
            title = f"{role_family} Intern"
        else:
            title = job_title(role_family, level)
        pool = _LEAD_SUMMARIES if SENIORITY_RANK[level] >= 3 and i == 0 else _SUMMARIES
        history.append(
            {
                "company": current_company if i == 0 else names.company(rng),
                "title": title,
                "start": f"{start[0]:04d}-{start[1]:02d}",
                "end": None if end is None else f"{end[0]:04d}-{end[1]:02d}",
                "summary": fill(rng.choice(pool).format(ctx=rng.choice(archetype.contexts)), rng),
            }
        )
        gap = rng.choice((0, 0, 0, 1, 2))
        end = _month(*start, gap) if gap else _month(*start, 1)
        cursor = (end[0], end[1])
    return history


def education(
    rng: random.Random, names: NameBook, archetype: Archetype, seniority: str, years: float
) -> list[dict[str, Any]]:
    """Highest degree first, sometimes with the bachelor's before it."""
    field = rng.choice(archetype.fields)
    arts = field in _ARTS
    roll = rng.random()
    if seniority != Seniority.junior and roll < archetype.phd_rate:
        top = "PhD"
    elif roll < archetype.phd_rate + 0.5:
        top = "MA" if arts and rng.random() < 0.5 else "MSc"
    else:
        top = "BA" if arts and rng.random() < 0.5 else "BSc"
    graduated = int(NOW[0] - years - rng.choice((0, 0, 1, 2)))
    degrees = [{"degree": top, "field": field, "school": names.school(rng), "year": graduated}]
    if top in ("PhD", "MSc", "MA") and rng.random() < 0.5:
        first = "BA" if arts else "BSc"
        gap = 4 if top == "PhD" else 2
        degrees.append({"degree": first, "field": rng.choice(archetype.fields), "school": names.school(rng),
                        "year": graduated - gap})
    return degrees
