"""Roles from the catalog: finding the one a user means, and the facts a role card shows."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.names import fold
from store.models import Application, Role
from retrieval import UnknownRole, resolve_role

_MAX_QUERY_CHARS = 200
_FILLER = frozenset("the a an role roles position job opening for of our this that".split())
_ABBREVIATIONS = {
    "ml": "machine learning",
    "dl": "deep learning",
    "cv": "computer vision",
    "ds": "data scientist",
    "de": "data engineer",
    "pm": "product manager",
    "hrbp": "hr business partner",
    "l&d": "learning and development",
    "sr": "senior",
    "jr": "junior",
}


@dataclass
class RoleLookup:
    """What a typed role resolved to: a catalog role, or close titles to suggest."""

    query: str
    role: Role | None = None
    suggestions: list[str] = field(default_factory=list)


@dataclass(frozen=True)
class RoleCard:
    """A role as anyone asking about it reads it (applicant count only for recruiters)."""

    role_id: int
    title: str
    family: str
    team: str
    location: str
    remote_policy: str
    seniority: str
    min_years: float
    summary: str
    required_skills: list[str]
    nice_to_have_skills: list[str]
    responsibilities: list[str]
    is_open: bool
    applicants: int | None


def clean_role_text(text: str) -> str:
    """The words of a typed role without filler ("the", "role", "position") and extra spaces."""
    words = re.findall(r"[\w&+#]+(?:[.-][\w&+#]+)*", (text or "")[:_MAX_QUERY_CHARS])
    kept = [w for w in words if w.casefold() not in _FILLER]
    return " ".join(kept)


def _expand(text: str) -> str:
    """Spell out common abbreviations, so "ml engineer" finds "Machine Learning Engineer"."""
    return " ".join(_ABBREVIATIONS.get(w.casefold(), w) for w in text.split())


def find_role(session: Session, text: str | None) -> RoleLookup:
    """The catalog role `text` names (exact, partial, family or abbreviation), or suggestions."""
    query = clean_role_text(text or "")
    lookup = RoleLookup(query=query)
    if not query:
        return lookup
    suggestions: list[str] = []
    for attempt in dict.fromkeys([query, _expand(query)]):
        try:
            lookup.role = resolve_role(session, attempt)
            return lookup
        except UnknownRole as exc:
            suggestions += [s for s in exc.suggestions if s not in suggestions]
    by_family = _role_of_family(session, _expand(query))
    if by_family is not None:
        lookup.role = by_family
        return lookup
    lookup.suggestions = suggestions[:5]
    return lookup


def _role_of_family(session: Session, family: str) -> Role | None:
    """The role whose family is `family`: its title-equal role, else its only or first open role."""
    wanted = fold(family)
    roles = [r for r in session.exec(select(Role).order_by(Role.id)) if fold(r.family) == wanted]
    if not roles:
        return None
    same = [r for r in roles if fold(r.title) == wanted]
    open_roles = [r for r in roles if r.is_open]
    return (same or open_roles or roles)[0]


def role_in_text(session: Session, text: str) -> Role | None:
    """The longest catalog title written out in a message (when NLU missed the role entity)."""
    words = re.findall(r"[\w&+#]+(?:[.-][\w&+#]+)*", fold((text or "")[:2000]))
    folded = f" {' '.join(words)} "
    best: Role | None = None
    for role in session.exec(select(Role)):
        title = " ".join(fold(role.title).split())
        if f" {title} " in folded and (best is None or len(role.title) > len(best.title)):
            best = role
    return best


def known_families(session: Session) -> list[str]:
    """Every role family of the catalog, sorted."""
    return sorted({f for f in session.exec(select(Role.family).distinct()) if f})


def open_roles(session: Session) -> list[Role]:
    """Open roles by title, for "which role?" buttons."""
    return list(session.exec(select(Role).where(Role.is_open == True).order_by(Role.title)))  # noqa: E712


def role_card(session: Session, role: Role, *, with_applicants: bool) -> RoleCard:
    """The facts of one role; the applicant count only when the asker may see pipeline numbers."""
    assert role.id is not None
    applicants = None
    if with_applicants:
        applicants = int(session.exec(select(func.count(Application.id)).where(Application.role_id == role.id)).one())
    return RoleCard(
        role_id=role.id,
        title=role.title,
        family=role.family,
        team=role.team,
        location=role.location,
        remote_policy=role.remote_policy,
        seniority=role.seniority,
        min_years=role.min_years,
        summary=role.summary,
        required_skills=list(role.required_skills or []),
        nice_to_have_skills=list(role.nice_to_have_skills or []),
        responsibilities=list(role.responsibilities or []),
        is_open=bool(role.is_open),
        applicants=applicants,
    )


def pick_role(session: Session, entity: str | None, text: str, slot: str | None = None) -> RoleLookup:
    """The role a message is about: its role entity, else a title written in it, else the `role` slot."""
    named = find_role(session, entity) if entity and clean_role_text(entity) else None
    if named is not None and named.role is not None:
        return named
    written = role_in_text(session, text)
    if written is not None:
        return RoleLookup(query=written.title, role=written)
    if named is not None:
        return named
    if slot:
        return find_role(session, slot)
    return RoleLookup(query="")


def mentions_current_role(text: str) -> bool:
    """True when the message points back at the role talked about ("this role", "for it")."""
    pattern = r"\b(this|that|same|the)\s+(role|position|job|opening)\b|\bfor it\b|\bits\b"
    return bool(re.search(pattern, fold(text[:500])))
