"""Applications moving through the hiring funnel, with the stage history analytics reads."""

from __future__ import annotations

import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from store.models import FUNNEL, Stage
from store.seeding.archetypes import SENIORITY_RANK

APPLY_RATE = 0.3
ROLES_PER_APPLICANT = (1, 2, 3)
ROLES_PER_APPLICANT_WEIGHTS = (0.55, 0.3, 0.15)
MATCHING_ROLE_RATE = 0.8
FIRST_APPLICATION = datetime(2026, 1, 5, tzinfo=timezone.utc)
LAST_APPLICATION = datetime(2026, 9, 25, tzinfo=timezone.utc)
CUTOFF = datetime(2026, 10, 31, 18, 0, tzinfo=timezone.utc)
# (chance the application is still waiting at this stage, chance it is rejected here); the rest advance.
EXIT_RATES: dict[Stage, tuple[float, float]] = {
    Stage.applied: (0.45, 0.18),
    Stage.screening: (0.30, 0.25),
    Stage.phone_screen: (0.28, 0.25),
    Stage.technical_interview: (0.25, 0.30),
    Stage.onsite: (0.20, 0.30),
    Stage.offer: (0.20, 0.10),
}
NEXT_STAGE = dict(zip(FUNNEL, FUNNEL[1:]))
SYSTEM_ACTOR = "system"


@dataclass(frozen=True)
class Opening:
    """An open role as the funnel needs it."""

    id: int
    family: str
    seniority: str


def stage_path(rng: random.Random, applied_at: datetime, may_hire: bool) -> list[tuple[Stage | None, Stage, datetime]]:
    """(from, to, at) steps from `applied` onwards; each step a few days after the last, all before the cut-off."""
    steps: list[tuple[Stage | None, Stage, datetime]] = [(None, Stage.applied, applied_at)]
    stage, at = Stage.applied, applied_at
    while stage is not Stage.hired:
        waiting, rejected = EXIT_RATES[stage]
        roll = rng.random()
        if roll < waiting:
            break
        at = at + timedelta(days=rng.uniform(2, 12), minutes=rng.randint(0, 600))
        if at > CUTOFF:
            break
        nxt = NEXT_STAGE[stage]
        if roll < waiting + rejected or (nxt is Stage.hired and not may_hire):
            steps.append((stage, Stage.rejected, at))
            break
        steps.append((stage, nxt, at))
        stage = nxt
    return steps


def pick_openings(
    rng: random.Random, families: Sequence[str], seniority: str, openings: Sequence[Opening]
) -> list[Opening]:
    """1-3 distinct openings, mostly in the applicant's own families and near their level."""
    if not openings:
        return []
    want = rng.choices(ROLES_PER_APPLICANT, weights=ROLES_PER_APPLICANT_WEIGHTS)[0]
    matching = [o for o in openings if o.family in families]
    rank = SENIORITY_RANK[seniority]
    weights = [3.0 if SENIORITY_RANK[o.seniority] == rank else 1.5 if abs(SENIORITY_RANK[o.seniority] - rank) == 1
               else 0.3 for o in matching]
    picked: list[Opening] = []
    for _ in range(want * 3):
        if len(picked) >= want:
            break
        if matching and rng.random() < MATCHING_ROLE_RATE:
            choice = rng.choices(matching, weights=weights)[0]
        else:
            choice = rng.choice(openings)
        if choice not in picked:
            picked.append(choice)
    return picked


@dataclass
class Applications:
    """Rows for one candidate's applications and their stage events."""

    applications: list[dict[str, Any]]
    events: list[dict[str, Any]]
    first_at: datetime | None
    last_at: datetime | None


def apply(
    rng: random.Random,
    candidate_id: int,
    families: Sequence[str],
    seniority: str,
    openings: Sequence[Opening],
    application_ids: Iterator[int],
    event_ids: Iterator[int],
    recruiters: Sequence[str],
) -> Applications:
    """Maybe apply (30%) and walk each application through the funnel; one hire per person at most."""
    result = Applications([], [], None, None)
    if rng.random() >= APPLY_RATE:
        return result
    span = (LAST_APPLICATION - FIRST_APPLICATION).total_seconds()
    hired = False
    for opening in pick_openings(rng, families, seniority, openings):
        applied_at = FIRST_APPLICATION + timedelta(seconds=rng.uniform(0, span))
        steps = stage_path(rng, applied_at, may_hire=not hired)
        hired = hired or steps[-1][1] is Stage.hired
        recruiter = rng.choice(recruiters)
        app_id = next(application_ids)
        result.applications.append(
            {"id": app_id, "candidate_id": candidate_id, "role_id": opening.id, "stage": steps[-1][1],
             "applied_at": applied_at, "updated_at": steps[-1][2]}
        )
        for from_stage, to_stage, at in steps:
            result.events.append(
                {"id": next(event_ids), "application_id": app_id, "from_stage": from_stage, "to_stage": to_stage,
                 "at": at, "actor": SYSTEM_ACTOR if from_stage is None else recruiter}
            )
        result.first_at = min(applied_at, result.first_at or applied_at)
        result.last_at = max(steps[-1][2], result.last_at or steps[-1][2])
    return result
