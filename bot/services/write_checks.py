"""Recruiter writes before the yes: which application or role they are about, and may they be done."""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from typing import Any

from sqlmodel import Session, select

from bot.services.writes import MOVE_STAGE, SHORTLIST, TERMINAL, funnel_step, next_stage
from store.models import Application, Candidate, Role, Shortlist, Stage

_REQUEST_ID = re.compile(r"[0-9a-f]{32}")


def new_request_id() -> str:
    """A fresh id for one pending write: its yes is carried out once, however often it arrives."""
    return uuid.uuid4().hex


@dataclass
class AppChoice:
    """Which application a write is about: one, several to choose from, or none."""

    application: Application | None = None
    role: Role | None = None
    options: list[tuple[Application, Role]] = field(default_factory=list)
    problem: str | None = None  # no_applications | not_applied | several


@dataclass
class RoleChoice:
    """Which role a shortlist is for: resolved, several to choose from, or unknown."""

    role: Role | None = None
    options: list[Role] = field(default_factory=list)
    problem: str | None = None  # several | unknown


@dataclass
class Check:
    """The outcome of validating a write: a pending write to confirm, or the reason there is none."""

    pending: dict[str, Any] | None = None
    problem: str | None = None
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when there is something to confirm."""
        return self.pending is not None


def applications_of(session: Session, candidate_id: int) -> list[tuple[Application, Role]]:
    """A candidate's applications with their roles, newest change first."""
    rows = session.exec(
        select(Application, Role)
        .join(Role, Role.id == Application.role_id)
        .where(Application.candidate_id == candidate_id)
        .order_by(Application.updated_at.desc())  # type: ignore[attr-defined]
    ).all()
    return [(a, r) for a, r in rows]


def choose_application(session: Session, candidate: Candidate, role: Role | None) -> AppChoice:
    """The application a stage move is about: for `role`, else the only active one, else ask."""
    assert candidate.id is not None
    apps = applications_of(session, candidate.id)
    if not apps:
        return AppChoice(problem="no_applications")
    if role is not None:
        match = [(a, r) for a, r in apps if r.id == role.id]
        if match:
            return AppChoice(application=match[0][0], role=match[0][1])
        return AppChoice(role=role, options=apps, problem="not_applied")
    active = [(a, r) for a, r in apps if Stage(a.stage) not in TERMINAL]
    if len(active) == 1:
        return AppChoice(application=active[0][0], role=active[0][1])
    if not active and len(apps) == 1:
        return AppChoice(application=apps[0][0], role=apps[0][1])
    return AppChoice(options=active or apps, problem="several")


def application_for_title(session: Session, candidate_id: int, title: str) -> tuple[Application, Role] | None:
    """The candidate's application for the role titled `title` (a title a form already validated)."""
    return next(((a, r) for a, r in applications_of(session, candidate_id) if r.title == title), None)


def move_target(current: Stage, named: Stage | None, wants_next: bool) -> tuple[Stage | None, str | None]:
    """The stage an application moves to, None to ask, or why it can't move (terminal | no_next_stage)."""
    if named is not None:
        return named, None
    if current in TERMINAL:
        return None, "terminal"
    if not wants_next:
        return None, None
    target = next_stage(current)
    return (target, None) if target is not None else (None, "no_next_stage")


def choose_shortlist_role(session: Session, candidate: Candidate, role: Role | None) -> RoleChoice:
    """The role to shortlist for: the one named, else the person's single open application's role."""
    if role is not None:
        return RoleChoice(role=role)
    assert candidate.id is not None
    open_apps = [
        r for a, r in applications_of(session, candidate.id) if r.is_open and Stage(a.stage) not in TERMINAL
    ]
    if len(open_apps) == 1:
        return RoleChoice(role=open_apps[0])
    if open_apps:
        return RoleChoice(options=open_apps, problem="several")
    return RoleChoice(problem="unknown")


def shortlisted_entry(session: Session, candidate_id: int, role_id: int) -> Shortlist | None:
    """The shortlist row for this candidate and role, if any."""
    return session.exec(
        select(Shortlist).where(Shortlist.candidate_id == candidate_id, Shortlist.role_id == role_id)
    ).first()


def check_shortlist(session: Session, candidate: Candidate, role: Role) -> Check:
    """May `candidate` be shortlisted for `role`? If so, the pending write to confirm."""
    assert candidate.id is not None and role.id is not None
    if not role.is_open:
        return Check(problem="role_closed")
    if shortlisted_entry(session, candidate.id, role.id) is not None:
        return Check(problem="already_shortlisted")
    return Check(
        pending={
            "kind": SHORTLIST,
            "candidate_id": candidate.id,
            "candidate_name": candidate.full_name,
            "role_id": role.id,
            "role_title": role.title,
            "request_id": new_request_id(),
        }
    )


def check_move(session: Session, candidate: Candidate, application: Application, role: Role, to: Stage) -> Check:
    """May this application move to `to`? If so, the pending write (flagging backward moves and skips)."""
    assert candidate.id is not None and application.id is not None
    current = Stage(application.stage)
    details: dict[str, Any] = {"from_stage": current.value, "to_stage": to.value}
    if current is to:
        return Check(problem="same_stage", details=details)
    if current in TERMINAL:
        return Check(problem="terminal", details=details)
    backwards, skipped = funnel_step(current, to)
    pending = {
        "kind": MOVE_STAGE,
        "candidate_id": candidate.id,
        "candidate_name": candidate.full_name,
        "application_id": application.id,
        "role_id": role.id,
        "role_title": role.title,
        "from_stage": current.value,
        "to_stage": to.value,
        "backwards": backwards,
        "skipped": skipped,
        "request_id": new_request_id(),
    }
    return Check(pending=pending, details=details)


def parse_pending(value: Any) -> dict[str, Any] | None:
    """A well-formed pending write from the slot, or None (slots come from outside: never trust them)."""
    if not isinstance(value, dict) or value.get("kind") not in (SHORTLIST, MOVE_STAGE):
        return None
    try:
        clean: dict[str, Any] = {
            "kind": value["kind"],
            "candidate_id": int(value["candidate_id"]),
            "candidate_name": str(value.get("candidate_name") or "")[:200],
            "role_title": str(value.get("role_title") or "")[:200],
        }
        if value["kind"] == SHORTLIST:
            clean["role_id"] = int(value["role_id"])
        else:
            clean["application_id"] = int(value["application_id"])
            clean["from_stage"] = Stage(str(value["from_stage"])).value
            clean["to_stage"] = Stage(str(value["to_stage"])).value
            clean["backwards"] = bool(value.get("backwards"))
    except (KeyError, TypeError, ValueError):
        return None
    request_id = value.get("request_id")
    if isinstance(request_id, str) and _REQUEST_ID.fullmatch(request_id):
        clean["request_id"] = request_id  # a pending write from before request ids has none: still valid
    return clean
