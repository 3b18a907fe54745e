"""Demo leave: a yearly allowance per employee and leave type, and some leave already taken or booked."""

from __future__ import annotations

import random
from datetime import date, timedelta

from sqlmodel import Session, select

from store.models import Employee, LeaveBalance, LeaveRequest

ALLOWANCES = {"annual": (28.0, "monthly"), "sick": (30.0, "upfront"), "learning": (5.0, "upfront"),
              "carer": (10.0, "upfront")}


def _weekdays(start: date, count: int) -> tuple[date, float]:
    """The end of a run of `count` weekdays from `start` (a weekend start moves to Monday)."""
    while start.weekday() >= 5:
        start += timedelta(days=1)
    day, left = start, count - 1
    while left:
        day += timedelta(days=1)
        left -= day.weekday() < 5
    return day, float(count)


def seed_leave(session: Session, year: int, *, seed: int = 7, today: date | None = None) -> int:
    """Balances for `year` for every employee who has none yet, with a few past and upcoming requests; returns how many employees."""
    today = today or date.today()
    have = set(session.exec(select(LeaveBalance.employee_id).where(LeaveBalance.year == year)))
    ids = [i for i in session.exec(select(Employee.id).order_by(Employee.id)) if i not in have]
    rng = random.Random(seed * 1_000_003 + year)
    for employee_id in ids:
        for leave_type, (days, accrual) in ALLOWANCES.items():
            carried = float(rng.randint(0, 5)) if leave_type == "annual" else 0.0
            session.add(LeaveBalance(employee_id=employee_id, leave_type=leave_type, year=year, entitlement_days=days,
                                     carried_over_days=carried, accrual=accrual))
        for _ in range(rng.randint(0, 3)):  # taken earlier this year
            start = date(year, 1, 1) + timedelta(days=rng.randint(0, max(0, (today - date(year, 1, 1)).days - 10)))
            end, n = _weekdays(start, rng.randint(1, 5))
            if end < today:
                session.add(LeaveRequest(employee_id=employee_id, leave_type="annual", start_date=start, end_date=end,
                                         days=n, status="approved"))
        if rng.random() < 0.3:  # one booked ahead, waiting for approval
            start = today + timedelta(days=rng.randint(20, 60))
            end, n = _weekdays(start, rng.randint(1, 3))
            if end.year == year:
                session.add(LeaveRequest(employee_id=employee_id, leave_type="annual", start_date=start, end_date=end,
                                         days=n, status="pending"))
    return len(ids)
