"""Roles for the bot: which one a message means (retrieval.roles resolves it) and the facts a role card shows."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import func
from sqlmodel import Session, select

from retrieval.roles import RoleLookup, clean_role_text, find_role, role_in_text
from store.models import Application, Role
from store.vocabulary import Seniority

__all__ = ["RoleCard", "RoleLookup", "clean_role_text", "find_role", "known_families", "open_roles", "pick_role",
           "role_card", "role_in_text"]


@dataclass(frozen=True)
class RoleCard:
    """A role as anyone asking about it reads it (applicant count only for recruiters)."""

    role_id: int
    title: str
    family: str
    team: str
    location: str
    remote_policy: str
    seniority: Seniority
    min_years: float
    summary: str
    required_skills: list[str]
    nice_to_have_skills: list[str]
    responsibilities: list[str]
    is_open: bool
    applicants: int | None
    evidence: list[dict[str, str]] = field(default_factory=list)  # {kind, value, evidence}: the posting's own sentence


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
        evidence=[dict(e) for e in role.requirement_evidence or []],
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
