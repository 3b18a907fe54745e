"""Workforce forecast per team and quarter: expected leavers (from the attrition model and the
involuntary rate), the hires that backfill them, grow the team and fill open roles, with intervals."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from datetime import date
from typing import Any

import numpy as np

from analytics.attrition import quarterly_leave_probabilities
from analytics.history import History
from analytics.model import AttritionModel

QUARTERS = 4
DRAWS = 4000
INTERVAL = (10, 90)
"""An 80 % interval: one quarter in five falls outside it."""
GROWTH_LIMITS = (-0.2, 0.5)
ALL_TEAMS = "all teams"


@dataclass(frozen=True)
class TeamQuarter:
    """One team's forecast for one quarter."""

    team: str
    quarter: str
    headcount: int
    leavers: float
    leavers_low: int
    leavers_high: int
    growth: float
    open_roles: int
    hires: float
    hires_low: int
    hires_high: int

    def as_dict(self) -> dict[str, Any]:
        """Plain numbers for JSON and payloads."""
        return {k: round(v, 2) if isinstance(v, float) else v for k, v in asdict(self).items()}


def quarter_labels(as_of: date, quarters: int) -> list[str]:
    """'2027-Q1', ... : the quarters after the one `as_of` falls in."""
    q, year = (as_of.month - 1) // 3 + 1, as_of.year
    labels = []
    for _ in range(quarters):
        q, year = (1, year + 1) if q == 4 else (q + 1, year)
        labels.append(f"{year}-Q{q}")
    return labels


def involuntary_quarterly_rate(history: History) -> float:
    """Involuntary leaves per person and quarter over the last two years of history."""
    since = date(history.as_of.year - 2, history.as_of.month, 1)
    leaves = sum(1 for p in history.people if p.leave_reason == "involuntary" and p.left_on and p.left_on > since)
    days = sum((min(p.left_on or history.as_of, history.as_of) - max(p.hired_on, since)).days
               for p in history.people if (p.left_on is None or p.left_on > since) and p.hired_on < history.as_of)
    return leaves / (days / 91.3) if days > 0 else 0.0


def observed_growth(history: History) -> dict[str, float]:
    """Each team's headcount change over the last year, as a yearly rate (the default growth plan)."""
    year_ago = date(history.as_of.year - 1, history.as_of.month, min(history.as_of.day, 28))
    out = {}
    for team in history.teams():
        now = sum(1 for p in history.people if p.team == team and p.employed_on(history.as_of))
        then = sum(1 for p in history.people if p.team == team and p.employed_on(year_ago))
        rate = (now - then) / then if then else 0.0
        out[team] = float(min(GROWTH_LIMITS[1], max(GROWTH_LIMITS[0], rate)))
    return out


def forecast(history: History, model: AttritionModel, open_roles: Mapping[str, int] | None = None,
             growth: Mapping[str, float] | None = None, quarters: int = QUARTERS, seed: int = 0,
             group: Sequence[str] | None = None, group_name: str = ALL_TEAMS) -> list[TeamQuarter]:
    """Per team and quarter, then for `group` together (default: every team) under `group_name`:
    leavers (mean and 80 % interval, by simulation) and hires needed."""
    chances = quarterly_leave_probabilities(history, model, quarters)
    involuntary = involuntary_quarterly_rate(history)
    plan = {**observed_growth(history), **(growth or {})}
    labels = quarter_labels(history.as_of, quarters)
    rng = np.random.default_rng(seed)
    rows: list[TeamQuarter] = []
    company = {label: np.zeros(DRAWS) for label in labels}
    company_fixed = {label: [0, 0.0, 0.0, 0] for label in labels}  # headcount, leavers, seats, open roles
    for team in sorted(set(chances["team"])):
        mine = chances[chances["team"] == team]
        headcount = len(mine)
        yearly = plan.get(team, 0.0)
        for q, label in enumerate(labels, start=1):
            p = np.clip(mine[f"q{q}"].to_numpy() + involuntary, 0, 1)
            leavers = (rng.random((DRAWS, len(p))) < p).sum(axis=1)
            seats = max(0.0, headcount * ((1 + yearly) ** (q / 4) - (1 + yearly) ** ((q - 1) / 4)))
            opened = int((open_roles or {}).get(team, 0)) if q == 1 else 0
            rows.append(_row(team, label, headcount, float(p.sum()), leavers, seats, opened))
            if group is not None and team not in group:
                continue
            company[label] += leavers
            for i, v in enumerate((headcount, float(p.sum()), seats, opened)):
                company_fixed[label][i] += v
    for label in labels:  # the group from the same draws: a joint interval, not a sum of intervals
        headcount, expected, seats, opened = company_fixed[label]
        rows.append(_row(group_name, label, int(headcount), expected, company[label], seats, int(opened)))
    return rows


def _row(team: str, label: str, headcount: int, expected: float, draws: np.ndarray, seats: float,
         opened: int) -> TeamQuarter:
    """A forecast row from simulated leaver counts plus the fixed hires (growth seats, open roles)."""
    low, high = np.percentile(draws, INTERVAL)
    fixed = seats + opened
    return TeamQuarter(team, label, headcount, expected, int(low), int(high), seats, opened, expected + fixed,
                       int(np.floor(low + fixed)), int(np.ceil(high + fixed)))
