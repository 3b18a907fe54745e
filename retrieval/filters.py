"""Structured candidate filters (location, seniority, pipeline stage, applied role) answered by SQL.

The result is the set of allowed candidate ids, which the dense and keyword searches apply
inside their scoring, so a filtered query still returns a full top-k.
"""

from __future__ import annotations

import difflib
from dataclasses import asdict, dataclass
from typing import Any

from sqlalchemy import func
from sqlmodel import Session, select

from retrieval.errors import FilterError, UnknownRole
from retrieval.gazetteer import canonical_city
from retrieval.roles import resolve_role
from store.models import FUNNEL, Application, Candidate, Stage
from store.vocabulary import LEVELS


@dataclass(frozen=True)
class Filters:
    """Each field narrows the candidates; None means no restriction."""

    location: str | None = None
    seniority: str | None = None  # one level, a comma list ("senior,lead") or "senior+"
    stage: str | None = None
    role: str | None = None

    def active(self) -> bool:
        return any(v not in (None, "") for v in asdict(self).values())

    def as_dict(self) -> dict[str, Any]:
        return {k: v for k, v in asdict(self).items() if v not in (None, "")}


def seniority_levels(spec: str) -> list[str]:
    """'senior' -> [senior]; 'senior,lead' -> both; 'senior+' -> senior and above."""
    levels: list[str] = []
    for part in (p.strip().lower() for p in spec.split(",")):
        if not part:
            continue
        plus = part.endswith("+")
        name = part.rstrip("+").strip()
        if name not in LEVELS:
            raise FilterError(f"unknown seniority {name!r}", difflib.get_close_matches(name, LEVELS, n=3) or list(LEVELS))
        levels.extend(LEVELS[LEVELS.index(name):] if plus else [name])
    return sorted(set(levels), key=LEVELS.index)


def allowed_candidates(session: Session, filters: Filters | None) -> set[int] | None:
    """Candidate ids passing every filter, or None when there are no filters."""
    if filters is None or not filters.active():
        return None
    query = select(Candidate.id)
    if filters.location:
        typed = [p.strip() for p in filters.location.split(",") if p.strip()]
        known = known_locations(session)
        folded = {k.casefold() for k in known}
        locations = []
        for loc in typed:
            # one spelling per city, as imports store it: 'Bangalore' also finds people in Bengaluru
            spellings = {loc.casefold(), canonical_city(loc).casefold()}
            if not spellings & folded:
                raise FilterError(f"no candidates in {loc.casefold()!r}",
                                  difflib.get_close_matches(loc.title(), known, n=3, cutoff=0.5))
            locations += sorted(spellings)
        query = query.where(func.lower(Candidate.location).in_(locations))
    if filters.seniority:
        query = query.where(Candidate.seniority.in_(seniority_levels(filters.seniority)))  # type: ignore[attr-defined]
    if filters.stage or filters.role:
        query = query.join(Application, Application.candidate_id == Candidate.id)
        if filters.stage:
            stage = _stage(filters.stage)
            query = query.where(Application.stage == stage)
        if filters.role:
            role = resolve_role(session, filters.role)
            query = query.where(Application.role_id == role.id)
    return {int(i) for i in session.exec(query.distinct()).all()}


def _stage(name: str) -> Stage:
    key = name.strip().lower().replace(" ", "_").replace("-", "_")
    try:
        return Stage(key)
    except ValueError:
        names = [s.value for s in Stage]
        raise FilterError(f"unknown stage {name!r}", difflib.get_close_matches(key, names, n=3) or names) from None


def known_locations(session: Session) -> list[str]:
    return sorted({loc for loc in session.exec(select(Candidate.location).distinct()).all() if loc})


__all__ = ["FUNNEL", "FilterError", "Filters", "UnknownRole", "allowed_candidates", "known_locations", "resolve_role",
           "seniority_levels"]
