"""`hrbot import leave FILE.csv`: balances or requests from an HR system's export, matched to employees by e-mail.

Two shapes, told apart by the header:
- balances: `email, leave_type, year, entitlement_days[, carried_over_days, accrual]`; a row for an
  employee, type and year that exists is updated in place;
- requests: `email, leave_type, start_date, end_date, status[, days]` (ISO dates; status pending,
  approved or cancelled); the same employee, type and dates is updated, not added twice.
One transaction per row, each write audited; a bad row is reported with its line and the rest goes on.
"""

from __future__ import annotations

import csv
import io
import time
from datetime import date
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlmodel import Session, func, select

from ingest.errors import IngestError
from ingest.readers import ReadError, check_size, decode_bytes
from ingest.report import ImportReport, Outcome
from store import audit
from store.engine import session_scope
from store.models import Employee, LeaveBalance, LeaveRequest, utcnow

BALANCE_COLUMNS = ("email", "leave_type", "year", "entitlement_days")
REQUEST_COLUMNS = ("email", "leave_type", "start_date", "end_date", "status")
STATUSES = ("pending", "approved", "cancelled")
ACCRUALS = ("monthly", "upfront")


class RowError(IngestError, ValueError):
    """A row that cannot be imported; the message says which field and why."""


def _number(row: dict[str, str], key: str, default: float | None = None) -> float:
    raw = (row.get(key) or "").strip()
    if not raw and default is not None:
        return default
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        raise RowError(f"{key} is not a number ({raw[:20]!r})") from None
    if not 0 <= value <= 400:
        raise RowError(f"{key} out of range ({value:g})")
    return value


def _date(row: dict[str, str], key: str) -> date:
    try:
        return date.fromisoformat((row.get(key) or "").strip())
    except ValueError:
        raise RowError(f"{key} is not a date like 2026-06-15") from None


def _employee(session: Session, email: str) -> Employee:
    email = email.strip().lower()
    if not email:
        raise RowError("email is empty")
    found = session.exec(select(Employee).where(func.lower(Employee.email) == email)).first()
    if found is None:
        raise RowError("no employee with that e-mail")
    return found


def _type(row: dict[str, str]) -> str:
    value = (row.get("leave_type") or "").strip().lower().replace(" ", "_")
    if not value or len(value) > 40:
        raise RowError("leave_type is empty or too long")
    return value


def _balance(session: Session, row: dict[str, str], actor: str, channel: str, source: str) -> Outcome:
    employee = _employee(session, row.get("email", ""))
    leave_type, year = _type(row), _year(row)
    fields = {"entitlement_days": _number(row, "entitlement_days"),
              "carried_over_days": _number(row, "carried_over_days", 0.0),
              "accrual": (row.get("accrual") or "monthly").strip().lower()}
    if fields["accrual"] not in ACCRUALS:
        raise RowError(f"accrual must be one of {', '.join(ACCRUALS)}")
    existing = session.exec(select(LeaveBalance).where(LeaveBalance.employee_id == employee.id,
                                                       LeaveBalance.leave_type == leave_type,
                                                       LeaveBalance.year == year)).first()
    if existing is not None and all(getattr(existing, k) == v for k, v in fields.items()):
        return Outcome("unchanged", source, entity_id=existing.id)
    row_obj = existing or LeaveBalance(employee_id=employee.id, leave_type=leave_type, year=year)  # type: ignore[arg-type]
    changed = [k for k, v in fields.items() if getattr(row_obj, k, None) != v]
    for key, value in fields.items():
        setattr(row_obj, key, value)
    session.add(row_obj)
    session.flush()
    status = "updated" if existing is not None else "added"
    audit.record(session, actor=actor, action=f"leave_balance_{status}", entity_type="leave_balance",
                 entity_id=row_obj.id or "", channel=channel, details={"employee_id": employee.id, "fields": changed})
    return Outcome(status, source, entity_id=row_obj.id, fields=changed)


def _year(row: dict[str, str]) -> int:
    raw = (row.get("year") or "").strip()
    if not raw.isdigit() or not 2000 <= int(raw) <= 2100:
        raise RowError("year must be like 2026")
    return int(raw)


def _weekdays(start: date, end: date) -> float:
    """Monday to Friday days from start to end: what a request costs when the export gives no day count."""
    return float(sum(1 for n in range(start.toordinal(), end.toordinal() + 1) if date.fromordinal(n).weekday() < 5))


def _request(session: Session, row: dict[str, str], actor: str, channel: str, source: str) -> Outcome:
    employee = _employee(session, row.get("email", ""))
    leave_type, start, end = _type(row), _date(row, "start_date"), _date(row, "end_date")
    if end < start:
        raise RowError("end_date is before start_date")
    status = (row.get("status") or "").strip().lower()
    if status not in STATUSES:
        raise RowError(f"status must be one of {', '.join(STATUSES)}")
    days = _number(row, "days", _weekdays(start, end))
    existing = session.exec(select(LeaveRequest).where(LeaveRequest.employee_id == employee.id,
                                                       LeaveRequest.leave_type == leave_type,
                                                       LeaveRequest.start_date == start,
                                                       LeaveRequest.end_date == end)).first()
    if existing is not None and (existing.status, existing.days) == (status, days):
        return Outcome("unchanged", source, entity_id=existing.id)
    row_obj = existing or LeaveRequest(employee_id=employee.id, leave_type=leave_type,  # type: ignore[arg-type]
                                       start_date=start, end_date=end)
    row_obj.status, row_obj.days, row_obj.updated_at = status, days, utcnow()
    session.add(row_obj)
    session.flush()
    outcome = "updated" if existing is not None else "added"
    audit.record(session, actor=actor, action=f"leave_request_{outcome}", entity_type="leave_request",
                 entity_id=row_obj.id or "", channel=channel, details={"employee_id": employee.id, "status": status})
    return Outcome(outcome, source, entity_id=row_obj.id, fields=["status", "days"])


def import_leave(path: Path | str, *, actor: str = "cli", channel: str = "cli", dry_run: bool = False,
                 engine: Engine | None = None) -> ImportReport:
    """Import one CSV of leave balances or leave requests; one transaction per row."""
    t0 = time.perf_counter()
    path = Path(path)
    report = ImportReport(kind="leave", dry_run=dry_run)
    try:
        check_size(path)
        text = decode_bytes(path.read_bytes())
    except (ReadError, OSError) as exc:
        report.fail_file(str(path), str(exc) if isinstance(exc, ReadError) else "cannot read the file")
        return report
    reader = csv.DictReader(io.StringIO(text))
    header = {h.strip().lower() for h in reader.fieldnames or []}
    if set(REQUEST_COLUMNS) <= header:
        write = _request
    elif set(BALANCE_COLUMNS) <= header:
        write = _balance
    else:
        report.fail_file(str(path), f"unknown columns; expected {', '.join(BALANCE_COLUMNS)} (balances) or "
                                    f"{', '.join(REQUEST_COLUMNS)} (requests)")
        return report
    report.files_read = 1
    for line, raw in enumerate(reader, start=2):
        row: dict[str, Any] = {str(k).strip().lower(): (v or "") for k, v in raw.items() if k is not None}
        source = f"{path.name}:{line}"
        try:
            with session_scope(engine) as session:
                outcome = write(session, row, actor, channel, source)
                if dry_run:
                    session.rollback()
            report.add(outcome)
        except RowError as exc:
            report.fail(source, str(exc))
    report.seconds = time.perf_counter() - t0
    return report
