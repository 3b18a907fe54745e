"""The workforce forecast: quarters after the history's end, intervals around the mean, hires that
cover leavers, growth and open roles."""

from __future__ import annotations

from datetime import date

from sqlalchemy.engine import Engine
from sqlmodel import Session

from analytics import fit, load_history
from analytics.chart import forecast_chart
from analytics.forecast import ALL_TEAMS, forecast, quarter_labels


def test_quarter_labels_follow_the_quarter_of_the_last_day() -> None:
    assert quarter_labels(date(2026, 11, 28), 3) == ["2027-Q1", "2027-Q2", "2027-Q3"]
    assert quarter_labels(date(2026, 1, 2), 2) == ["2026-Q2", "2026-Q3"]


def test_forecast_rows_per_team_and_for_everyone(history_store: Engine) -> None:
    with Session(history_store) as session:
        history = load_history(session)
    rows = forecast(history, fit(history), open_roles={"Vision": 3}, growth={"Vision": 0.2})
    teams = history.teams()
    assert len(rows) == 4 * (len(teams) + 1)
    everyone = [r for r in rows if r.team == ALL_TEAMS]
    assert [r.headcount for r in everyone] == [300] * 4
    for r in rows:  # a small team's 80 % interval can be 0-0 around a mean of 0.1: counts are whole
        assert r.leavers_low <= r.leavers and r.leavers_low <= r.leavers_high and r.hires >= r.leavers
        assert r.hires_low <= r.hires and r.hires_high - r.hires_low <= r.leavers_high - r.leavers_low + 1
    for r in everyone:
        assert r.leavers_low < r.leavers < r.leavers_high
    vision = [r for r in rows if r.team == "Vision"]
    assert vision[0].open_roles == 3 and vision[1].open_roles == 0 and vision[0].growth > 0
    assert abs(sum(r.leavers for r in rows if r.team not in (ALL_TEAMS,) and r.quarter == "2027-Q1")
               - everyone[0].leavers) < 1e-6
    assert forecast_chart(vision, "Vision").startswith(b"\x89PNG")
