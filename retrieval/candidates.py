"""The candidate summary: the six professional facts every candidate answer shows, read in one place.

Search hits, recommendations, list rows, comparison columns, profiles and matches are this
summary plus their own fields (subclasses), so the fields, their order in payloads and JSON
(`dataclasses.asdict`) and their derivation from a `Candidate` row exist once.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any, Self

from store.models import Candidate


@dataclass(frozen=True)
class CandidateSummary:
    """Who a candidate is at a glance (professional fields only: never contact or protected data)."""

    candidate_id: int
    name: str
    headline: str
    location: str
    seniority: str
    years_experience: float

    @classmethod
    def of(cls, source: Candidate | CandidateSummary, **extra: Any) -> Self:
        """This type for a candidate row, or for another summary of the same person, plus its own fields."""
        return cls(**summary_fields(source), **extra)


def summary_fields(source: Candidate | CandidateSummary) -> dict[str, Any]:
    """The summary's fields by name: derived from a `Candidate` row, or copied from another summary."""
    if isinstance(source, CandidateSummary):
        return {f.name: getattr(source, f.name) for f in fields(CandidateSummary)}
    return {
        "candidate_id": int(source.id or 0), "name": source.full_name, "headline": source.headline,
        "location": source.location, "seniority": source.seniority, "years_experience": source.years_experience,
    }
