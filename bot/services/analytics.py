"""People analytics for the people allowed to see it: HR partners see everyone's attrition risk;
a manager sees only their own team's numbers, never a person's; everyone else sees nothing.
Every view is written to the audit log, in the same transaction as the answer."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import func
from sqlmodel import Session, select

from analytics import History, load_history
from bot.services.analytics_teams import match_teams
from bot.services.errors import ServiceError
from bot.services.identity import Identity
from bot.services.names import fold
from store.audit import record
from store.models import Employment, EmploymentEvent, Role, UserRole

if TYPE_CHECKING:  # the model side (lifelines, pandas, matplotlib) loads on the first question
    from analytics import AttritionModel, Risk
    from analytics.forecast import TeamQuarter

TOP_PEOPLE = 5


class NotAllowed(ServiceError, PermissionError):
    """The asker may not see this (the reason says what they may see instead)."""


class UnknownTeam(ServiceError, LookupError):
    """No team matches what was asked; `teams` lists the ones there are."""

    def __init__(self, asked: str, teams: list[str]) -> None:
        super().__init__(f"no team matches {asked!r}")
        self.asked, self.teams = asked, teams


class UnknownPerson(ServiceError, LookupError):
    """Nobody employed today has that name."""


@dataclass(frozen=True)
class Access:
    """What an identity may see: every person ('all'), one team's aggregates ('team'), or nothing."""

    scope: str  # all | team | none
    team: str | None = None


@dataclass
class TeamRisk:
    """Risk for some teams: the people (HR partners only) and the aggregate everyone allowed sees."""

    teams: list[str]
    headcount: int
    expected_leavers_12m: float
    people: list[Risk] = field(default_factory=list)
    aggregate_only: bool = False


@dataclass
class TeamForecast:
    """Per quarter for the asked teams together: leavers and hires with intervals, and the chart."""

    teams: list[str]
    rows: list[TeamQuarter]
    chart_png: bytes = b""


_lock = threading.Lock()
_cache: dict[tuple[Any, ...], tuple[History, AttritionModel]] = {}


def _fingerprint(session: Session) -> tuple[Any, ...]:
    """Changes whenever the history does (rows added, imported or replaced)."""
    people = session.exec(select(func.count(Employment.id), func.max(Employment.id))).one()  # type: ignore[arg-type]
    events = session.exec(select(func.count(EmploymentEvent.id), func.max(EmploymentEvent.id))).one()  # type: ignore[arg-type]
    return (str(session.get_bind().url), *people, *events)


def fitted(session: Session) -> tuple[History, AttritionModel]:
    """The history and the model fitted on it, refitted only when the history changed (about a second)."""
    # the model side (lifelines, pandas) loads on the first analytics question only
    from analytics import fit

    key = _fingerprint(session)
    with _lock:
        if key not in _cache:
            history = load_history(session)
            _cache.clear()
            _cache[key] = (history, fit(history))
        return _cache[key]


def access_of(session: Session, identity: Identity) -> Access:
    """HR partners see all; a current manager of a team its aggregates; anyone else nothing."""
    if identity.role is UserRole.hr_partner:
        return Access("all")
    if identity.employee_id is None:
        return Access("none")
    mine = session.exec(select(Employment).where(Employment.employee_id == identity.employee_id,
                                                  Employment.left_on.is_(None))).first()  # type: ignore[union-attr]
    if mine is None:
        return Access("none")
    reports = session.exec(select(func.count(Employment.id)).where(  # type: ignore[arg-type]
        Employment.manager_id == mine.id, Employment.left_on.is_(None))).one()  # type: ignore[union-attr]
    return Access("team", mine.team) if reports else Access("none")


def _teams(history: History, access: Access, asked: str | None) -> list[str]:
    """The teams asked about that the asker may see; a manager asking nothing gets their own team."""
    known = history.teams()
    if access.scope == "team":
        if asked and access.team not in match_teams(asked, known):
            raise NotAllowed(f"managers see their own team only ({access.team})")
        return [access.team] if access.team else []
    if not asked:
        return known
    found = match_teams(asked, known)
    if not found:
        raise UnknownTeam(asked, known)
    return found


def _require(access: Access) -> None:
    if access.scope == "none":
        raise NotAllowed("attrition risk and workforce forecasts are for HR partners and managers")


def team_risk(session: Session, identity: Identity, team: str | None, *, channel: str = "",
              limit: int = TOP_PEOPLE) -> TeamRisk:
    """Who is most at risk of leaving within a year (HR partners), or the team's total (its manager)."""
    # the model side loads on the first analytics question only
    from analytics import score_current

    access = access_of(session, identity)
    _require(access)
    history, model = fitted(session)
    teams = _teams(history, access, team)
    risks = [r for r in score_current(history, model) if r.team in teams]
    answer = TeamRisk(teams, len(risks), sum(r.probability for r in risks), aggregate_only=access.scope != "all")
    if access.scope == "all":
        answer.people = risks[:limit]
    record(session, actor=identity.handle, channel=channel or "unknown", action="view_attrition_risk",
           entity_type="team", entity_id=",".join(teams)[:120],
           details={"scope": access.scope, "people_shown": [r.person_id for r in answer.people]})
    return answer


def person_risk(session: Session, identity: Identity, name: str, *, channel: str = "") -> Risk:
    """One person's risk and its top factors: HR partners only."""
    # the model side loads on the first analytics question only
    from analytics import score_current

    access = access_of(session, identity)
    _require(access)
    if access.scope != "all":
        raise NotAllowed("managers see their team's numbers, not a person's risk")
    history, model = fitted(session)
    wanted = fold(name)
    risks = score_current(history, model)
    found = [r for r in risks if fold(r.name) == wanted] or [r for r in risks if wanted and wanted in fold(r.name)]
    if not found:
        raise UnknownPerson(f"nobody employed today is called {name!r}")
    risk = found[0]
    record(session, actor=identity.handle, channel=channel or "unknown", action="view_risk_explanation",
           entity_type="employment", entity_id=risk.person_id, details={"team": risk.team})
    return risk


def open_roles_by_team(session: Session) -> dict[str, int]:
    """Openings still to fill, per team (hires already underway)."""
    rows = session.exec(select(Role.team, func.count(Role.id)).where(Role.is_open).group_by(Role.team))  # type: ignore[arg-type]
    return {team: int(n) for team, n in rows if team}


def team_forecast(session: Session, identity: Identity, team: str | None, *, channel: str = "",
                  chart: bool = True) -> TeamForecast:
    """Leavers and hires needed per quarter for the asked teams (all, for an HR partner asking nothing)."""
    # matplotlib and the forecast load on the first forecast only
    from analytics.chart import forecast_chart
    from analytics.forecast import ALL_TEAMS, QUARTERS, forecast  # with the chart: first forecast only

    access = access_of(session, identity)
    _require(access)
    history, model = fitted(session)
    teams = _teams(history, access, team)
    name = teams[0] if len(teams) == 1 else (ALL_TEAMS if set(teams) == set(history.teams()) else " + ".join(teams))
    rows = forecast(history, model, open_roles_by_team(session), group=teams, group_name=name)
    mine = rows[-QUARTERS:]  # the group's rows come last, one per quarter
    title = ", ".join(teams) if len(teams) <= 3 else f"{len(teams)} teams"
    answer = TeamForecast(teams, mine, forecast_chart(mine, f"Next quarters: {title}") if chart else b"")
    record(session, actor=identity.handle, channel=channel or "unknown", action="view_workforce_forecast",
           entity_type="team", entity_id=",".join(teams)[:120], details={"scope": access.scope})
    return answer
