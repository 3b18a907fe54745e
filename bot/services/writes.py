"""Recruiter writes (shortlist, stage moves): checked before asking, re-checked and audited when confirmed."""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlmodel import Session, select

from bot.services.names import fold
from store import audit
from store.models import FUNNEL, Application, Candidate, Role, Shortlist, Stage, StageEvent
from store.vocabulary import stage_words

log = logging.getLogger(__name__)

SHORTLIST = "shortlist"
MOVE_STAGE = "move_stage"
TERMINAL: frozenset[Stage] = frozenset({Stage.hired, Stage.rejected})
_RANK = {stage: i for i, stage in enumerate(FUNNEL)}
# The stage parser's words (data/catalog/vocabulary.yml), longest first so "phone screen" beats "phone".
_STAGE_WORDS: list[tuple[str, Stage]] = sorted(stage_words("bot").items(), key=lambda pair: -len(pair[0]))
_NEXT_WORDS = re.compile(
    r"\b(next (round|stage|step)|advance|advancing|move (them |him |her )?(forward|on|ahead|up)|"
    r"moving forward|progress|push (them |him |her )?(forward|through)|one step further)\b"
)


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


@dataclass
class Outcome:
    """What a confirmed write did (or why it did nothing)."""

    done: bool
    pending: dict[str, Any]
    problem: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def _now() -> datetime:
    return datetime.now(timezone.utc)


def parse_stage(text: str | None) -> Stage | None:
    """A canonical stage for a stage word or phrase ("phone screen", "tech interview", "reject")."""
    key = " ".join(fold(text or "").replace("-", " ").split())[:60]
    if not key:
        return None
    try:
        return Stage(key.replace(" ", "_"))
    except ValueError:
        pass
    return next((stage for word, stage in _STAGE_WORDS if word.replace("-", " ") == key), None)


def stage_in_text(text: str) -> Stage | None:
    """The stage a message names ("move her from screening to the onsite" -> onsite)."""
    words = re.findall(r"[a-z_]+", fold(text[:2000]).replace("-", " "))
    cut = max((i for i, w in enumerate(words) if w in ("to", "into")), default=-1)
    for part in (words[cut + 1:], words) if cut >= 0 else (words,):
        found = _first_stage(part)
        if found is not None:
            return found
    return None


def _first_stage(words: list[str]) -> Stage | None:
    """The earliest stage phrase among `words` (the longest phrase where several start there)."""
    for start in range(len(words)):
        for phrase, stage in _STAGE_WORDS:
            parts = phrase.replace("-", " ").split()
            if words[start:start + len(parts)] == parts:
                return stage
    return None


def wants_next_stage(text: str) -> bool:
    """True for "next round", "advance", "move forward" and the like."""
    return bool(_NEXT_WORDS.search(fold(text[:2000])))


def next_stage(stage: Stage) -> Stage | None:
    """The following funnel stage; None after hired and for rejected."""
    if stage not in _RANK or stage is Stage.hired:
        return None
    return FUNNEL[_RANK[stage] + 1]


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


def _shortlisted(session: Session, candidate_id: int, role_id: int) -> Shortlist | None:
    return session.exec(
        select(Shortlist).where(Shortlist.candidate_id == candidate_id, Shortlist.role_id == role_id)
    ).first()


def check_shortlist(session: Session, candidate: Candidate, role: Role) -> Check:
    """May `candidate` be shortlisted for `role`? If so, the pending write to confirm."""
    assert candidate.id is not None and role.id is not None
    if not role.is_open:
        return Check(problem="role_closed")
    if _shortlisted(session, candidate.id, role.id) is not None:
        return Check(problem="already_shortlisted")
    return Check(
        pending={
            "kind": SHORTLIST,
            "candidate_id": candidate.id,
            "candidate_name": candidate.full_name,
            "role_id": role.id,
            "role_title": role.title,
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
    backwards = to in _RANK and _RANK[to] < _RANK[current]
    skipped = [s.value for s in FUNNEL[_RANK[current] + 1:_RANK[to]]] if to in _RANK and not backwards else []
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
    return clean


def perform(session: Session, pending: dict[str, Any], *, actor: str, channel: str) -> Outcome:
    """Re-check a confirmed write against the database now, then write it with its audit entry."""
    clean = parse_pending(pending)
    if clean is None:
        return Outcome(False, dict(pending) if isinstance(pending, dict) else {}, problem="invalid")
    channel = (channel or "unknown")[:40]
    actor = (actor or "unknown")[:120]
    if clean["kind"] == SHORTLIST:
        return _perform_shortlist(session, clean, actor=actor, channel=channel)
    return _perform_move(session, clean, actor=actor, channel=channel)


def _perform_shortlist(session: Session, pending: dict[str, Any], *, actor: str, channel: str) -> Outcome:
    candidate = session.get(Candidate, pending["candidate_id"])
    role = session.get(Role, pending["role_id"])
    if candidate is None or role is None:
        return Outcome(False, pending, problem="gone")
    check = check_shortlist(session, candidate, role)
    if not check.ok:
        return Outcome(False, pending, problem=check.problem)
    entry = Shortlist(candidate_id=candidate.id, role_id=role.id, added_by=actor)  # type: ignore[arg-type]
    session.add(entry)
    session.flush()
    audit.record(
        session,
        actor=actor,
        action="shortlist_candidate",
        entity_type="shortlist",
        entity_id=entry.id or "",
        channel=channel,
        details={"candidate_id": candidate.id, "role_id": role.id},
    )
    log.info("shortlist %s: candidate %s role %s by %s", entry.id, candidate.id, role.id, actor)
    return Outcome(True, pending, details={"shortlist_id": entry.id})


def _perform_move(session: Session, pending: dict[str, Any], *, actor: str, channel: str) -> Outcome:
    app = session.get(Application, pending["application_id"])
    if app is None or app.candidate_id != pending["candidate_id"]:
        return Outcome(False, pending, problem="gone")
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
    audit.record(
        session,
        actor=actor,
        action="move_stage",
        entity_type="application",
        entity_id=app.id or "",
        channel=channel,
        details={
            "candidate_id": app.candidate_id,
            "role_id": app.role_id,
            "from_stage": current.value,
            "to_stage": to.value,
            "stage_event_id": event.id,
        },
    )
    log.info("application %s moved %s -> %s by %s", app.id, current.value, to.value, actor)
    return Outcome(True, pending, details={"stage_event_id": event.id})


_ACTION_WORDS = frozenset(
    "shortlist short-list shortlisted shortlisting add save put move moving moved advance advancing progress push "
    "forward ahead back stage round step next to into from for please pls can could you would candidate now "
    "up on through further".split()
)


def person_text(text: str, drop: list[str]) -> str:
    """The message without role titles, stage words and write verbs: what is left may name a person."""
    cleaned = (text or "")[:500]
    for phrase in sorted((d for d in drop if d), key=len, reverse=True):
        cleaned = re.sub(rf"(?i)\b{re.escape(phrase)}\b", " ", cleaned)
    stage_words = {w for phrase, _ in _STAGE_WORDS for w in phrase.replace("-", " ").split()}
    kept = [w for w in re.split(r"\s+", cleaned) if fold(w).strip("?!.,;:") not in _ACTION_WORDS | stage_words]
    return " ".join(kept).strip()
