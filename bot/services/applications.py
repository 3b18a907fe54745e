"""Where a person stands in hiring: their applications, stages and how long they've been there."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone

from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.names import NameMatches, find_candidates_by_name
from store.models import Application, Candidate, Role, Stage, StageEvent

STAGE_LABELS: dict[Stage, str] = {stage: stage.label for stage in Stage}  # data/catalog/vocabulary.yml


@dataclass(frozen=True)
class ApplicationView:
    """One application as a recruiter reads it."""

    role_title: str
    stage: Stage
    since: datetime
    steps: int

    @property
    def stage_label(self) -> str:
        """Human wording of the stage."""
        return STAGE_LABELS[Stage(self.stage)]


@dataclass(frozen=True)
class PersonStatus:
    """A candidate and all their applications, newest first."""

    candidate_id: int
    name: str
    headline: str
    location: str
    applications: list[ApplicationView]


@dataclass(frozen=True)
class StatusLookup:
    """The outcome of asking for someone's status: found people, or suggestions, or nothing."""

    query: str
    people: list[PersonStatus]
    suggestions: list[str]


def _aware(ts: datetime) -> datetime:
    """SQLite hands back naive datetimes; treat them as the UTC they were stored as."""
    return ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)


def applications_of(session: Session, candidate: Candidate) -> PersonStatus:
    """A candidate's applications with the time of their last stage change."""
    assert candidate.id is not None
    rows = session.exec(
        select(Application, Role.title)
        .join(Role, Role.id == Application.role_id)
        .where(Application.candidate_id == candidate.id)
        .order_by(Application.updated_at.desc())
    ).all()
    views = []
    for app, title in rows:
        last, steps = session.exec(
            select(func.max(StageEvent.at), func.count(StageEvent.id)).where(StageEvent.application_id == app.id)
        ).one()
        views.append(ApplicationView(title, Stage(app.stage), _aware(last or app.updated_at), int(steps or 0)))
    return PersonStatus(candidate.id, candidate.full_name, candidate.headline, candidate.location, views)


def application_status(session: Session, name: str, limit: int = 5) -> StatusLookup:
    """Everyone matching `name` with their applications, or close names to suggest."""
    found: NameMatches = find_candidates_by_name(session, name, limit=limit)
    people = [applications_of(session, c) for c in found.matches]
    return StatusLookup(found.query, people, [c.full_name for c in found.suggestions])
