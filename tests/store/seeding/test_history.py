"""The history generator: today's employees are the survivors, leavers have dates and reasons, and
the rows insert in foreign-key order."""

from __future__ import annotations

import random
from datetime import date
from itertools import count

from store.seeding.history import HISTORY_END, HISTORY_START, TRUE_EFFECTS, build_history
from store.seeding.identity import EmailBook, NameBook
from store.vocabulary import EVENT_KINDS, LEAVE_REASONS


def _employees(n: int) -> list[dict]:
    teams = ("Data Platform", "Vision", "Product")
    return [{"id": i, "full_name": f"Person {i}", "email": f"p{i}@company.example", "current_role": "Data Engineer",
             "seniority": "mid", "team": teams[i % 3], "location": "Berlin"} for i in range(1, n + 1)]


def test_history_ends_with_todays_employees_and_is_deterministic() -> None:
    def build() -> object:
        return build_history(random.Random(5), _employees(60), NameBook(), EmailBook(),
                             {"employment": count(1), "employment_event": count(1)})

    rows, again = build(), build()
    assert rows.employments == again.employments and rows.events == again.events
    current = [e for e in rows.employments if e["left_on"] is None]
    assert sorted(e["employee_id"] for e in current) == list(range(1, 61))
    leavers = [e for e in rows.employments if e["left_on"] is not None]
    assert leavers and all(e["leave_reason"] in LEAVE_REASONS and e["employee_id"] is None for e in leavers)
    assert all(HISTORY_START <= e["left_on"] <= HISTORY_END and e["left_on"] > e["hired_on"] for e in leavers)
    assert {ev["kind"] for ev in rows.events} <= set(EVENT_KINDS)
    assert {"pay_review", "survey", "leave", "hire"} <= {ev["kind"] for ev in rows.events}
    surveys = [ev["value"] for ev in rows.events if ev["kind"] == "survey"]
    assert all(1 <= v <= 5 for v in surveys)
    seen: set[int] = set()  # managers come before the people who report to them
    for e in rows.employments:
        assert e["manager_id"] is None or e["manager_id"] in seen
        seen.add(e["id"])
    assert len(rows.protected) == len(rows.employments)
    assert rows.truth["effects"] == TRUE_EFFECTS and rows.truth["voluntary_leavers"] == sum(
        1 for e in leavers if e["leave_reason"] == "voluntary")
    assert max(ev["at"] for ev in rows.events) <= date(2026, 12, 31)
