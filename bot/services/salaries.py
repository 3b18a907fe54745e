"""Pay bands: the band for a role family at a level in a city, or the bands around it."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlmodel import Session, select

from bot.services.names import fold
from bot.services.roles import clean_role_text, find_role
from store.models import SalaryBand

LEVELS: tuple[str, ...] = ("junior", "mid", "senior", "lead", "principal")
_LEVEL_WORDS = {
    "junior": "junior", "jr": "junior", "entry": "junior", "entry-level": "junior", "graduate": "junior",
    "mid": "mid", "mid-level": "mid", "midlevel": "mid", "intermediate": "mid", "medior": "mid", "regular": "mid",
    "senior": "senior", "sr": "senior", "experienced": "senior",
    "lead": "lead", "team lead": "lead", "tech lead": "lead",
    "principal": "principal", "staff": "principal",
}
_LOCATION_ALIASES = {"nyc": "new york", "ny": "new york", "muenchen": "munich", "munchen": "munich",
                     "zuerich": "zurich", "wien": "vienna", "lisboa": "lisbon", "warszawa": "warsaw"}


@dataclass(frozen=True)
class Band:
    """One yearly pay band."""

    family: str
    seniority: str
    location: str
    currency: str
    low: int
    mid: int
    high: int


@dataclass
class BandQuery:
    """What was asked, normalised: each dimension either matched, unknown (with options) or not given."""

    family: str | None = None
    seniority: str | None = None
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


def normalise_level(text: str | None) -> str | None:
    """A stored seniority level for "Senior", "sr", "mid-level", "staff" ...; None if none matches."""
    key = " ".join(fold(text or "").replace("_", " ").split()).rstrip(".")
    if key in _LEVEL_WORDS:
        return _LEVEL_WORDS[key]
    key = key.removesuffix(" level").removesuffix("-level")
    return _LEVEL_WORDS.get(key)


def level_in_text(text: str) -> str | None:
    """The first seniority word written in a message."""
    for word in re.findall(r"[a-z]+(?:-[a-z]+)?", fold(text[:2000])):
        level = normalise_level(word)
        if level:
            return level
    return None


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
    wanted = fold(" ".join((text or "").split())[:120])
    wanted = _LOCATION_ALIASES.get(wanted, wanted)
    return next((loc for loc in band_locations(session) if fold(loc) == wanted), None)


def location_in_text(session: Session, text: str) -> str | None:
    """A band location written out in a message."""
    folded = f" {' '.join(re.findall(r'[a-z]+', fold(text[:2000])))} "
    for alias, name in _LOCATION_ALIASES.items():
        folded = folded.replace(f" {alias} ", f" {name} ")
    return next((loc for loc in band_locations(session) if f" {fold(loc)} " in folded), None)


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
                titled = next((lvl for lvl in LEVELS if lvl in fold(lookup.role.title).split()), None)
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
    rank = {lvl: i for i, lvl in enumerate(LEVELS)}
    answer.bands = sorted(bands, key=lambda b: (rank.get(b.seniority, 99), b.location))
    return answer
