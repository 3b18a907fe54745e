"""Pay bands: the band for a role family at a level in a city, or the bands around it."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlmodel import Session, select

from bot.services.parsing import normalise_level, place_in_text, place_key
from retrieval.roles import clean_role_text, find_role
from store.models import SalaryBand
from store.vocabulary import LADDER, LEVELS, Seniority, fold


@dataclass(frozen=True)
class Band:
    """One yearly pay band."""

    family: str
    seniority: Seniority
    location: str
    currency: str
    low: int
    mid: int
    high: int


@dataclass
class BandQuery:
    """What was asked, normalised: each dimension either matched, unknown (with options) or not given."""

    family: str | None = None
    seniority: Seniority | None = None
    location: str | None = None
    unknown_family: str | None = None
    family_suggestions: list[str] = field(default_factory=list)
    unknown_seniority: str | None = None
    unknown_location: str | None = None


@dataclass
class BandAnswer:
    """The bands matching a query, and what to say when some are missing."""

    query: BandQuery
    bands: list[Band]
    known_locations: list[str] = field(default_factory=list)
    known_levels: list[str] = field(default_factory=list)
    known_families: list[str] = field(default_factory=list)


def band_families(session: Session) -> list[str]:
    """Families that have pay bands."""
    return sorted({f for f in session.exec(select(SalaryBand.family).distinct())})


def band_locations(session: Session, family: str | None = None) -> list[str]:
    """Locations with bands (for one family when given)."""
    query = select(SalaryBand.location).distinct()
    if family:
        query = query.where(SalaryBand.family == family)
    return sorted(set(session.exec(query)))


def match_band_location(session: Session, text: str | None) -> str | None:
    """The band location `text` names (accent-insensitive, common aliases), else None."""
    wanted = place_key(text)
    return next((loc for loc in band_locations(session) if fold(loc) == wanted), None)


def location_in_text(session: Session, text: str) -> str | None:
    """A band location written out in a message."""
    return place_in_text(text, band_locations(session))


def resolve_band_query(
    session: Session,
    *,
    role_text: str | None,
    seniority_text: str | None,
    location_text: str | None,
) -> BandQuery:
    """Turn the typed role (title or family), level and location into stored band keys."""
    query = BandQuery()
    families = band_families(session)
    if role_text and clean_role_text(role_text):
        folded = fold(clean_role_text(role_text))
        direct = next((f for f in families if fold(f) == folded), None)
        if direct:
            query.family = direct
        else:
            lookup = find_role(session, role_text)
            if lookup.role is not None:
                query.family = lookup.role.family
                if query.family not in families:
                    query.unknown_family = lookup.role.family
                    query.family = None
                titled = next((lvl for lvl in LADDER if lvl in fold(lookup.role.title).split()), None)
                if titled and not seniority_text:
                    query.seniority = titled
            else:
                query.unknown_family = lookup.query or role_text[:120]
                query.family_suggestions = lookup.suggestions
    if seniority_text:
        level = normalise_level(seniority_text)
        if level:
            query.seniority = level
        else:
            query.unknown_seniority = seniority_text[:60]
    if location_text and location_text.strip():
        place = match_band_location(session, location_text)
        if place:
            query.location = place
        else:
            query.unknown_location = " ".join(location_text.split())[:60]
    return query


def salary_bands(session: Session, query: BandQuery) -> BandAnswer:
    """Bands for the known dimensions of `query`, ordered by level then location."""
    answer = BandAnswer(query=query, bands=[], known_levels=list(LEVELS))
    answer.known_families = band_families(session)
    answer.known_locations = band_locations(session, query.family)
    if query.family is None:
        return answer
    rows = select(SalaryBand).where(SalaryBand.family == query.family)
    if query.seniority:
        rows = rows.where(SalaryBand.seniority == query.seniority)
    if query.location:
        rows = rows.where(SalaryBand.location == query.location)
    bands = [
        Band(b.family, b.seniority, b.location, b.currency, b.low, b.mid, b.high) for b in session.exec(rows)
    ]
    answer.bands = sorted(bands, key=lambda b: (_rank(b.seniority), b.location))
    return answer


def _rank(level: str) -> int:
    """Ladder position of a band's level; unknown levels last."""
    known = Seniority.of(level)
    return known.rank if known is not None else 99
