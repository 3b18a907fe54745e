"""Seeded people to write about: candidates with a unique name and their applications, picked by a condition."""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from typing import Any

from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.models import Application, AuditLog, Candidate, Role, Shortlist, Stage, StageEvent

TERMINAL = (Stage.hired, Stage.rejected)
BAD_INPUT = ["", "🙂" * 50, "x" * 20_000, "<script>alert(1)</script>", "' OR 1=1; --"]
"""Messages no action may crash on, write on, or answer with more than one clear message."""
Apps = list[tuple[Application, Role]]


def counts(engine: Engine) -> tuple[int, ...]:
    """How many shortlist entries, stage events and audit entries the store holds."""
    with Session(engine) as session:
        return tuple(session.exec(select(func.count(m.id))).one() for m in (Shortlist, StageEvent, AuditLog))


def audit_entries(engine: Engine) -> int:
    """How many audit entries the store holds (reads never add one)."""
    with Session(engine) as session:
        return session.exec(select(func.count(AuditLog.id))).one()


def answers_once_without_writing(engine: Engine, run: Callable[[Any], tuple[list[dict[str, Any]], Any]],
                                 tracker: Any) -> None:
    """Bad input gets exactly one clear message and adds no audit entry."""
    before = audit_entries(engine)
    messages, _ = run(tracker)
    assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
    assert audit_entries(engine) == before


def people(session: Session) -> dict[int, tuple[Candidate, Apps]]:
    """Candidates with a unique name, with their applications."""
    names = Counter(session.exec(select(Candidate.full_name)).all())
    out: dict[int, tuple[Candidate, Apps]] = {}
    for app, role, cand in session.exec(
        select(Application, Role, Candidate).join(Role, Role.id == Application.role_id)
        .join(Candidate, Candidate.id == Application.candidate_id).order_by(Application.id)
    ):
        if names[cand.full_name] == 1:
            out.setdefault(cand.id, (cand, []))[1].append((app, role))
    return out


def pick(engine: Engine, want: Callable[[Session, Candidate, Apps], bool]) -> tuple[Candidate, Apps]:
    """The first such person in the seeded store."""
    with Session(engine) as session:
        for cand, apps in people(session).values():
            if want(session, cand, apps):
                return cand, apps
    raise AssertionError("no such person in the seeded store")


def single_active(session: Session, cand: Candidate, apps: Apps) -> bool:
    """Exactly one application, active, for an open role, in an early stage, not shortlisted."""
    if len(apps) != 1 or Stage(apps[0][0].stage) not in (Stage.applied, Stage.screening) or not apps[0][1].is_open:
        return False
    return session.exec(select(Shortlist).where(Shortlist.candidate_id == cand.id)).first() is None


def several_active(session: Session, cand: Candidate, apps: Apps) -> bool:
    """Two or more active applications for open roles."""
    return sum(1 for a, r in apps if Stage(a.stage) not in TERMINAL and r.is_open) >= 2


def ents(**values: str) -> list[dict[str, str]]:
    """NLU entities, one per keyword."""
    return [{"entity": k, "value": v} for k, v in values.items()]


def unique_candidates(engine: Engine, n: int) -> list[Candidate]:
    """The first `n` candidates whose names nobody else has."""
    with Session(engine) as session:
        unique = select(Candidate.full_name).group_by(Candidate.full_name).having(func.count(Candidate.id) == 1)
        named = Candidate.full_name.in_(unique)  # type: ignore[attr-defined]
        return list(session.exec(select(Candidate).where(named).order_by(Candidate.id).limit(n)))
