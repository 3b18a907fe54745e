"""Recruiter writes after the yes: re-checked against the database now, then written with their audit entry."""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session, select

from bot.services.write_checks import shortlisted_entry, check_move, check_shortlist, parse_pending
from bot.services.writes import SHORTLIST
from store import audit
from store.models import Application, AuditLog, Candidate, Role, Shortlist, Stage, StageEvent

RECENT_AUDIT = 50
"""How many of an entity's newest audit entries are searched for a request id already carried out."""

log = logging.getLogger(__name__)


@dataclass
class Outcome:
    """What a confirmed write did (or why it did nothing)."""

    done: bool
    pending: dict[str, Any]
    problem: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class _Written:
    """A write just flushed, as its audit entry and the outcome report it."""

    action: str
    entity_type: str
    entity_id: int | None
    details: dict[str, Any]
    result: dict[str, Any]


def _now() -> datetime:
    return datetime.now(timezone.utc)


def perform(session: Session, pending: dict[str, Any], *, actor: str, channel: str) -> Outcome:
    """Re-check a confirmed write against the database now, then write it with its audit entry."""
    clean = parse_pending(pending)
    if clean is None:
        return Outcome(False, dict(pending) if isinstance(pending, dict) else {}, problem="invalid")
    channel = (channel or "unknown")[:40]
    actor = (actor or "unknown")[:120]
    written = (_shortlist if clean["kind"] == SHORTLIST else _move)(session, clean, actor)
    if isinstance(written, Outcome):
        return written
    audit.record(session, actor=actor, action=written.action, entity_type=written.entity_type,
                 entity_id=written.entity_id or "", channel=channel, details=written.details)
    return Outcome(True, clean, details=written.result)


def _already_done(session: Session, pending: dict[str, Any], action: str, entity_type: str, entity_id: int) -> bool:
    """Whether this pending write's request id is in the entity's audit trail (a second yes, a replay)."""
    request_id = pending.get("request_id")
    if not request_id:
        return False
    entries = session.exec(
        select(AuditLog.details)
        .where(AuditLog.action == action, AuditLog.entity_type == entity_type, AuditLog.entity_id == str(entity_id))
        .order_by(AuditLog.id.desc())  # type: ignore[union-attr]
        .limit(RECENT_AUDIT)
    ).all()
    return any(isinstance(d, dict) and d.get("request_id") == request_id for d in entries)


def _shortlist(session: Session, pending: dict[str, Any], actor: str) -> _Written | Outcome:
    """Add the shortlist entry, or the outcome that says why not."""
    # The candidate row locked (PostgreSQL; SQLite has one writer): two yeses to one request queue here.
    candidate = session.get(Candidate, pending["candidate_id"], with_for_update=True)
    role = session.get(Role, pending["role_id"])
    if candidate is None or role is None:
        return Outcome(False, pending, problem="gone")
    existing = shortlisted_entry(session, candidate.id, role.id)  # type: ignore[arg-type]
    if existing is not None and _already_done(session, pending, "shortlist_candidate", "shortlist", existing.id):  # type: ignore[arg-type]
        return Outcome(False, pending, problem="already_done")
    check = check_shortlist(session, candidate, role)
    if not check.ok:
        return Outcome(False, pending, problem=check.problem)
    entry = Shortlist(candidate_id=candidate.id, role_id=role.id, added_by=actor)  # type: ignore[arg-type]
    session.add(entry)
    session.flush()
    log.info("shortlist %s: candidate %s role %s by %s", entry.id, candidate.id, role.id, actor)
    return _Written("shortlist_candidate", "shortlist", entry.id,
                    _with_request({"candidate_id": candidate.id, "role_id": role.id}, pending), {"shortlist_id": entry.id})


def _move(session: Session, pending: dict[str, Any], actor: str) -> _Written | Outcome:
    """Move the application and add its stage event, or the outcome that says why not."""
    # The application row locked (PostgreSQL; SQLite has one writer): two yeses to one request queue here.
    app = session.get(Application, pending["application_id"], with_for_update=True)
    if app is None or app.candidate_id != pending["candidate_id"]:
        return Outcome(False, pending, problem="gone")
    if _already_done(session, pending, "move_stage", "application", app.id):  # type: ignore[arg-type]
        return Outcome(False, pending, problem="already_done", details={"current_stage": Stage(app.stage).value})
    current = Stage(app.stage)
    if current.value != pending["from_stage"]:
        return Outcome(False, pending, problem="changed", details={"current_stage": current.value})
    candidate = session.get(Candidate, app.candidate_id)
    role = session.get(Role, app.role_id)
    if candidate is None or role is None:
        return Outcome(False, pending, problem="gone")
    to = Stage(pending["to_stage"])
    check = check_move(session, candidate, app, role, to)
    if not check.ok:
        return Outcome(False, pending, problem=check.problem, details=check.details)
    now = _now()
    app.stage = to
    app.updated_at = now
    session.add(app)
    assert app.id is not None
    event = StageEvent(application_id=app.id, from_stage=current, to_stage=to, at=now, actor=actor)
    session.add(event)
    session.flush()
    log.info("application %s moved %s -> %s by %s", app.id, current.value, to.value, actor)
    details = {"candidate_id": app.candidate_id, "role_id": app.role_id, "from_stage": current.value,
               "to_stage": to.value, "stage_event_id": event.id}
    return _Written("move_stage", "application", app.id, _with_request(details, pending), {"stage_event_id": event.id})


def _with_request(details: dict[str, Any], pending: dict[str, Any]) -> dict[str, Any]:
    """The audit details, with the request id that makes a second yes a no-op."""
    return {**details, "request_id": pending["request_id"]} if pending.get("request_id") else details
