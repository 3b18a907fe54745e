"""Snapshots of the history turned into survival rows: who was employed on a day, their facts that day,
and whether they left of their own accord within the following year (involuntary leaves are censored)."""

from __future__ import annotations

from datetime import date

import pandas as pd

from analytics.features import FEATURE_NAMES, facts_at
from analytics.history import History

HORIZON_MONTHS = 12.0
DAYS_PER_MONTH = 365 / 12  # a year of follow-up is exactly 12 months


def yearly_snapshots(history: History, until: date) -> list[date]:
    """1 January of each year, from the first year with a year of history before it, up to `until`."""
    events = [e.at for p in history.people for e in p.events]
    start = min(events) if events else history.as_of
    return [date(y, 1, 1) for y in range(start.year + 1, until.year + 1) if date(y, 1, 1) < until]


def episodes(history: History, snapshots: list[date], until: date) -> pd.DataFrame:
    """One row per person employed on a snapshot day: features, duration (months, at most 12 and never
    past `until`), event (1: left voluntarily within it)."""
    rows = []
    for day in snapshots:
        end = min(until, date.fromordinal(day.toordinal() + 365))
        if end <= day:
            continue
        for person in history.people:
            if not person.employed_on(day):
                continue
            left = person.left_on is not None and person.left_on <= end
            stop = person.left_on if left and person.left_on else end
            rows.append({
                "person_id": person.id,
                "team": person.team,
                "snapshot": day,
                **facts_at(person, day),
                "duration": max(0.5, (stop - day).days) / DAYS_PER_MONTH,
                "event": int(left and person.leave_reason == "voluntary"),
            })
    columns = ["person_id", "team", "snapshot", *FEATURE_NAMES, "duration", "event"]
    return pd.DataFrame(rows, columns=columns)


def current_rows(history: History) -> pd.DataFrame:
    """Today's employees with their facts on the last day of the history."""
    rows = [{"person_id": p.id, "team": p.team, **facts_at(p, history.as_of)} for p in history.current()]
    return pd.DataFrame(rows, columns=["person_id", "team", *FEATURE_NAMES])
