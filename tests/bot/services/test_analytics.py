"""Who sees what of people analytics, and that every view is audited."""

from __future__ import annotations

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from bot.services.analytics import (
    NotAllowed,
    UnknownPerson,
    UnknownTeam,
    access_of,
    person_risk,
    team_forecast,
    team_risk,
)
from bot.services.identity import Identity, resolve_identity
from store.models import AuditLog, Employment, User, UserRole


def _audits(session: Session) -> int:
    return session.exec(select(func.count(AuditLog.id))).one()


def _manager(session: Session) -> tuple[Identity, str]:
    """A current employee who manages people today, as they log in, and their team."""
    reports = select(Employment.manager_id).where(Employment.left_on.is_(None))  # type: ignore[union-attr]
    boss = session.exec(select(Employment).where(Employment.id.in_(reports), Employment.left_on.is_(None),  # type: ignore[union-attr]
                                                 Employment.employee_id.is_not(None))).first()  # type: ignore[union-attr]
    assert boss is not None
    handle = session.exec(select(User.handle).where(User.employee_id == boss.employee_id)).one()
    return resolve_identity(session, handle), boss.team


@pytest.fixture
def session(history_store: Engine):  # noqa: ANN201
    with Session(history_store) as s:
        yield s
        s.rollback()


def test_hr_partner_sees_who_is_most_at_risk_and_it_is_audited(session: Session) -> None:
    partner = resolve_identity(session, "hrpartner")
    assert partner.role is UserRole.hr_partner and access_of(session, partner).scope == "all"
    before = _audits(session)
    answer = team_risk(session, partner, "data team", channel="test")
    assert answer.teams == ["Data Platform"] and 0 < len(answer.people) <= 5
    assert [p.probability for p in answer.people] == sorted((p.probability for p in answer.people), reverse=True)
    assert all(p.team == "Data Platform" for p in answer.people)
    entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()  # type: ignore[union-attr]
    assert _audits(session) == before + 1 and entry.action == "view_attrition_risk" and entry.actor == "hrpartner"
    assert entry.details["people_shown"] == [p.person_id for p in answer.people]


def test_hr_partner_gets_a_persons_factors(session: Session) -> None:
    partner = resolve_identity(session, "hrpartner")
    top = team_risk(session, partner, "Data Platform").people[0]
    risk = person_risk(session, partner, top.name, channel="test")
    assert risk.person_id == top.person_id and risk.factors
    with pytest.raises(UnknownPerson):
        person_risk(session, partner, "Nobody Whatsoever")


def test_manager_sees_only_their_teams_totals(session: Session) -> None:
    manager, team = _manager(session)
    assert access_of(session, manager).scope == "team"
    answer = team_risk(session, manager, None)
    assert answer.teams == [team] and answer.aggregate_only and answer.people == []
    assert answer.headcount > 0 and answer.expected_leavers_12m > 0
    other = next(t for t in ("Vision", "Product", "Insights") if t != team)
    with pytest.raises(NotAllowed):
        team_risk(session, manager, other)
    with pytest.raises(NotAllowed):
        person_risk(session, manager, "anyone")


@pytest.mark.parametrize("role", [UserRole.employee, UserRole.recruiter])
def test_employees_and_recruiters_never_see_risk(session: Session, role: UserRole) -> None:
    handle = session.exec(select(User.handle).where(User.role == role)).first()
    who = resolve_identity(session, handle)
    if role is UserRole.employee:  # an employee who manages nobody
        assert access_of(session, who).scope in ("none", "team")
        if access_of(session, who).scope == "team":
            who = Identity(handle="someone", role=UserRole.employee)
    before = _audits(session)
    for ask in (lambda: team_risk(session, who, "data"), lambda: team_forecast(session, who, "data"),
                lambda: person_risk(session, who, "anyone")):
        with pytest.raises(NotAllowed):
            ask()
    assert _audits(session) == before


def test_forecast_for_a_department_with_chart_and_audit(session: Session) -> None:
    partner = resolve_identity(session, "hrpartner")
    answer = team_forecast(session, partner, "engineering", channel="test")
    assert {"Data Platform", "Web Platform"} <= set(answer.teams)
    assert len(answer.rows) == 4 and answer.chart_png.startswith(b"\x89PNG")
    first = answer.rows[0]
    assert first.leavers_low <= first.leavers <= first.leavers_high and first.hires >= first.leavers
    assert session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first().action == "view_workforce_forecast"  # type: ignore[union-attr]
    with pytest.raises(UnknownTeam) as unknown:
        team_forecast(session, partner, "quantum basket weaving")
    assert "Data Platform" in unknown.value.teams
