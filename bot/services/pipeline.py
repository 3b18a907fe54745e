"""Hiring funnel numbers: who is at which stage, how many move on, and how long each stage takes."""

from __future__ import annotations

import statistics
from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timezone

from sqlmodel import Session, col, select

from bot.services.names import fold
from store.models import FUNNEL, Application, Role, Stage, StageEvent

STAGE_ORDER: tuple[Stage, ...] = (*FUNNEL, Stage.rejected)
_RANK = {stage: i for i, stage in enumerate(FUNNEL)}


@dataclass(frozen=True)
class Conversion:
    """Of the applications that reached `from_stage`, the share that went on to reach `to_stage`."""

    from_stage: Stage
    to_stage: Stage
    reached_from: int
    reached_to: int

    @property
    def rate(self) -> float | None:
        """Share in 0..1, None when nobody reached `from_stage`."""
        return self.reached_to / self.reached_from if self.reached_from else None


@dataclass(frozen=True)
class StageTime:
    """Days spent in one stage by applications that have left it."""

    stage: Stage
    median_days: float | None
    mean_days: float | None
    samples: int


@dataclass(frozen=True)
class PipelineSummary:
    """The funnel of one role, or of all open roles (optionally only those in one location)."""

    role_title: str | None
    location: str | None
    roles: int
    counts: dict[Stage, int]
    conversions: list[Conversion]
    times: list[StageTime]

    @property
    def total(self) -> int:
        """Applications counted."""
        return sum(self.counts.values())

    @property
    def active(self) -> int:
        """Applications still in progress (neither hired nor rejected)."""
        return sum(n for s, n in self.counts.items() if s not in (Stage.hired, Stage.rejected))


@dataclass(frozen=True)
class LocationLookup:
    """A typed location matched to the places roles are in, or the known places when unmatched."""

    query: str
    location: str | None
    known: list[str]


def _aware(ts: datetime) -> datetime:
    """SQLite hands back naive datetimes; they were stored as UTC."""
    return ts if ts.tzinfo else ts.replace(tzinfo=timezone.utc)


def role_locations(session: Session) -> list[str]:
    """Locations of open roles, sorted."""
    rows = session.exec(select(Role.location).where(Role.is_open == True).distinct())  # noqa: E712
    return sorted({loc for loc in rows if loc})


def match_location(session: Session, text: str | None) -> LocationLookup:
    """The open-role location `text` names (case and accent insensitive)."""
    query = " ".join((text or "").split())[:120]
    known = role_locations(session)
    wanted = fold(query)
    hit = next((loc for loc in known if fold(loc) == wanted), None)
    return LocationLookup(query, hit, known)


def pipeline_summary(session: Session, role: Role | None = None, location: str | None = None) -> PipelineSummary:
    """Counts by stage, stage-to-stage conversion and time in stage for one role or all open roles."""
    query = select(Role)
    if role is not None:
        query = query.where(Role.id == role.id)
    else:
        query = query.where(Role.is_open == True)  # noqa: E712
        if location:
            query = query.where(Role.location == location)
    roles = list(session.exec(query))
    role_ids = [r.id for r in roles]
    apps: list[Application] = []
    if role_ids:
        apps = list(session.exec(select(Application).where(col(Application.role_id).in_(role_ids))))
    events_by_app: dict[int, list[StageEvent]] = defaultdict(list)
    app_ids = [a.id for a in apps]
    for chunk_start in range(0, len(app_ids), 500):
        chunk = app_ids[chunk_start:chunk_start + 500]
        rows = session.exec(select(StageEvent).where(col(StageEvent.application_id).in_(chunk)))
        for ev in rows:
            events_by_app[ev.application_id].append(ev)
    counts = {stage: 0 for stage in STAGE_ORDER}
    for app in apps:
        counts[Stage(app.stage)] += 1
    furthest = [_furthest_stage(app, events_by_app.get(app.id or -1, [])) for app in apps]
    reached = [sum(1 for f in furthest if f >= i) for i in range(len(FUNNEL))]
    conversions = [
        Conversion(FUNNEL[i], FUNNEL[i + 1], reached[i], reached[i + 1]) for i in range(len(FUNNEL) - 1)
    ]
    return PipelineSummary(
        role_title=role.title if role is not None else None,
        location=None if role is not None else location,
        roles=len(roles),
        counts=counts,
        conversions=conversions,
        times=_stage_times(events_by_app),
    )


def _furthest_stage(app: Application, events: list[StageEvent]) -> int:
    """Funnel rank of the furthest stage an application ever reached (rejection is not a stage reached)."""
    stages = [Stage(e.to_stage) for e in events] + [Stage(app.stage)]
    ranks = [_RANK[s] for s in stages if s in _RANK]
    return max(ranks, default=0)


def _stage_times(events_by_app: dict[int, list[StageEvent]]) -> list[StageTime]:
    """Median and mean days between entering a stage and the next stage change."""
    durations: dict[Stage, list[float]] = defaultdict(list)
    for events in events_by_app.values():
        ordered = sorted(events, key=lambda e: (_aware(e.at), e.id or 0))
        for current, following in zip(ordered, ordered[1:]):
            stage = Stage(current.to_stage)
            if stage in (Stage.hired, Stage.rejected):
                continue
            days = (_aware(following.at) - _aware(current.at)).total_seconds() / 86400
            durations[stage].append(max(days, 0.0))
    times = []
    for stage in FUNNEL:
        if stage is Stage.hired:
            continue
        values = durations.get(stage, [])
        times.append(
            StageTime(
                stage,
                statistics.median(values) if values else None,
                statistics.fmean(values) if values else None,
                len(values),
            )
        )
    return times
