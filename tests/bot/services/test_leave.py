"""An employee's own leave: dates read from text, public holidays free, balance and overlaps checked twice."""

from __future__ import annotations

from datetime import date

import pytest
from sqlmodel import Session, select

from bot.services.leave import (
    balances,
    leave_type_in,
    parse_leave_pending,
    perform_leave,
    prepare_cancel,
    prepare_request,
    public_holidays,
    read_dates,
    working_days,
)
from store.models import AuditLog, Employee, LeaveRequest
from tests.handbook import TODAY, handbook, handbook_dir  # noqa: F401  (fixtures)

MONDAY = date(2026, 12, 7)


@pytest.mark.parametrize(("text", "start", "end"), [
    ("book next friday off", date(2026, 12, 11), date(2026, 12, 11)),
    ("cancel my leave on the 12th", date(2026, 12, 12), date(2026, 12, 12)),
    ("take the 5th off", date(2027, 1, 5), date(2027, 1, 5)),
    ("request leave from 3 march to 7 march", date(2027, 3, 3), date(2027, 3, 7)),
    ("put in a holiday request for 2 to 6 june", date(2027, 6, 2), date(2027, 6, 6)),
    ("june 2-6 please", date(2027, 6, 2), date(2027, 6, 6)),
    ("book annual leave for next week", date(2026, 12, 14), date(2026, 12, 18)),
    ("i need a day off on december 27", date(2026, 12, 27), date(2026, 12, 27)),
    ("take tomorrow off", date(2026, 12, 8), date(2026, 12, 8)),
])
def test_dates_in_natural_language(text: str, start: date, end: date) -> None:
    assert read_dates(text, MONDAY) == (start, end)


def test_no_date_and_leave_types() -> None:
    assert read_dates("cancel my holiday request", MONDAY) is None
    assert [leave_type_in(t) for t in ("book pto", "i'm sick today", "book a learning day", "day off")] == [
        "annual", "sick", "learning", "annual"]


def test_public_holidays_of_the_location_cost_nothing() -> None:
    days, free = working_days(date(2026, 12, 21), date(2027, 1, 1), public_holidays("Berlin", {2026, 2027}))
    assert days == 8 and free == ["2026-12-25 Christmas Day", "2027-01-01 New Year's Day"]
    assert public_holidays("Remote", {2026}) == {}


def _employee(session: Session) -> Employee:
    return session.exec(select(Employee).where(Employee.location == "Berlin").order_by(Employee.id)).first()


def test_book_then_cancel_own_leave_with_audit_and_no_double_write(handbook) -> None:
    with Session(handbook) as session:
        emp = _employee(session)
        before = next(b for b in balances(session, emp.id, TODAY) if b.leave_type == "annual")
        check = prepare_request(session, emp.id, "book 30 march to 3 april off", TODAY)  # Good Friday inside
        assert check.pending is not None, check
        assert check.pending["days"] == 4 and check.pending["public_holidays"] == ["2026-04-03 Good Friday"]
        done = perform_leave(session, check.pending, employee_id=emp.id, actor="emp", channel="test", today=TODAY)
        again = perform_leave(session, check.pending, employee_id=emp.id, actor="emp", channel="test", today=TODAY)
        session.commit()
        after = next(b for b in balances(session, emp.id, TODAY) if b.leave_type == "annual")
        assert done.done and again.problem == "already_done"
        assert after.pending == before.pending + 4 and after.remaining == before.remaining - 4

        cancel = prepare_cancel(session, emp.id, "cancel my leave on the 1st of april", TODAY)
        assert cancel.pending is not None and cancel.pending["start"] == "2026-03-30"
        assert perform_leave(session, cancel.pending, employee_id=emp.id, actor="emp", channel="test", today=TODAY).done
        session.commit()
        actions = session.exec(select(AuditLog.action).where(AuditLog.entity_type == "leave_request")).all()
        assert actions == ["request_leave", "cancel_leave"]
        assert next(b for b in balances(session, emp.id, TODAY) if b.leave_type == "annual").remaining == before.remaining


def test_checks_refuse_what_cannot_be_booked(handbook) -> None:
    with Session(handbook) as session:
        emp = _employee(session)
        assert prepare_request(session, emp.id, "book off", TODAY).problem == "no_dates"
        assert prepare_request(session, emp.id, "book yesterday off", TODAY).problem == "past"
        assert prepare_request(session, emp.id, "book the 1st of march off", TODAY).problem == "no_balance"  # 2027
        assert prepare_request(session, emp.id, "book saturday off", TODAY).problem == "no_working_days"
        assert prepare_request(session, emp.id, "book 1 june to 20 july", TODAY).problem == "not_enough"
        first = prepare_request(session, emp.id, "book 15 june to 16 june", TODAY)
        perform_leave(session, first.pending, employee_id=emp.id, actor="emp", channel="test", today=TODAY)
        assert prepare_request(session, emp.id, "book the 16th of june", TODAY).problem == "overlap"
        assert prepare_cancel(session, emp.id, "cancel my leave on 3 september", TODAY).problem == "nothing_to_cancel"


def test_nobody_confirms_another_persons_leave(handbook) -> None:
    with Session(handbook) as session:
        emp, other = session.exec(select(Employee).order_by(Employee.id).limit(2)).all()
        check = prepare_request(session, emp.id, "book 10 june off", TODAY)
        outcome = perform_leave(session, check.pending, employee_id=other.id, actor="other", channel="test", today=TODAY)
        assert outcome.problem == "not_yours" and not outcome.done
        assert session.exec(select(LeaveRequest).where(LeaveRequest.start_date == date(2026, 6, 10),
                                                       LeaveRequest.employee_id == emp.id)).first() is None
    assert parse_leave_pending({"kind": "request_leave", "employee_id": "x"}) is None
    assert parse_leave_pending({"kind": "shortlist"}) is None
