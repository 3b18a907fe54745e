"""An employee's own time off: balances, booking and cancelling, checked before the yes and again after it.

Only the asker's own rows are ever read (their employee id from the verified identity): nobody
sees another person's leave. Dates come from the message ("next Friday", "the 12th", "2 to 6
June") through dateparser, with ordinals and day ranges read here first because dateparser takes
"the 12th" for a month. A booking costs the working days in it: weekends and the public holidays
of the employee's location (the `holidays` package) are free. The yes goes through the same
`pending_write` slot as recruiter writes (bot/actions/confirm.py); `perform_leave` re-checks
the balance and overlaps, writes and audits in one transaction, and a second yes is a no-op.
"""

from __future__ import annotations

import calendar
import re
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from sqlmodel import Session, select

from bot.services.write_perform import Outcome
from store import audit
from store.models import AuditLog, Employee, LeaveBalance, LeaveRequest, utcnow

REQUEST_LEAVE = "request_leave"
CANCEL_LEAVE = "cancel_leave"
LEAVE_KINDS = (REQUEST_LEAVE, CANCEL_LEAVE)
ACTIVE = ("pending", "approved")
MAX_DAYS = 60  # one request longer than this is surely a misread date
MAX_AHEAD_DAYS = 550
LEAVE_TYPES: dict[str, tuple[str, ...]] = {
    "sick": ("sick", "ill", "unwell"),
    "learning": ("learning day", "study day", "training day", "learning leave"),
    "carer": ("carer", "caring", "care for"),
    "annual": ("vacation", "holiday", "annual", "pto", "day off", "days off", "time off", "leave"),
}
LABELS = {"annual": "annual leave", "sick": "sick leave", "learning": "learning days", "carer": "carer's leave"}
# Where the demo company's people work -> (country, subdivision) for public holidays.
LOCATIONS: dict[str, tuple[str, str | None]] = {
    "berlin": ("DE", "BE"), "munich": ("DE", "BY"), "amsterdam": ("NL", None), "london": ("GB", "ENG"),
    "paris": ("FR", None), "zurich": ("CH", "ZH"), "madrid": ("ES", "MD"), "warsaw": ("PL", None),
    "lisbon": ("PT", None), "stockholm": ("SE", None), "toronto": ("CA", "ON"), "new york": ("US", "NY"),
}
_MONTHS = {m.lower(): i for i, m in enumerate(calendar.month_name) if m} | {
    m.lower(): i for i, m in enumerate(calendar.month_abbr) if m}
_MONTH = "|".join(sorted(_MONTHS, key=len, reverse=True))
_ORD = r"(\d{1,2})(?:st|nd|rd|th)?"
_RANGE = re.compile(rf"\b{_ORD}\s*(?:-|–|to|until|till|through)\s*{_ORD}\s+(?:of\s+)?({_MONTH})\b", re.I)
_MONTH_RANGE = re.compile(rf"\b({_MONTH})\s+{_ORD}\s*(?:-|–|to|until|till|through)\s*{_ORD}\b", re.I)
_THE_ORDINAL = re.compile(r"\b(?:the\s+)(\d{1,2})(?:st|nd|rd|th)\b(?!\s+(?:of\s+)?(?:" + _MONTH + r"))", re.I)
_NEXT_WEEK = re.compile(r"\bnext week\b", re.I)
_DATE_WORDS = re.compile(rf"\d|today|tomorrow|yesterday|monday|tuesday|wednesday|thursday|friday|saturday|sunday|week|{_MONTH}", re.I)


def today() -> date:
    """The date leave is read against (UTC, like every timestamp in the store)."""
    return utcnow().date()


def leave_type_in(text: str) -> str:
    """The leave type a message names (sick, learning, carer), else annual leave."""
    low = text.lower()
    for kind, words in LEAVE_TYPES.items():
        if any(re.search(rf"\b{re.escape(w)}", low) for w in words):
            return kind
    return "annual"


def _next_day_of_month(day: int, today: date) -> date | None:
    """"the 12th": this month's when still ahead (or today), else next month's."""
    year, month = today.year, today.month
    for _ in range(2):
        if day <= calendar.monthrange(year, month)[1]:
            candidate = date(year, month, day)
            if candidate >= today:
                return candidate
        month = month % 12 + 1
        year += month == 1
    return None


def _in_future(year_less: date, today: date) -> date:
    """A day-and-month date in the coming year when it has passed this year."""
    return year_less if year_less >= today else year_less.replace(year=year_less.year + 1)


def read_dates(text: str, today: date) -> tuple[date, date] | None:
    """The first and last day a message names, or None when it names no date."""
    for pattern, order in ((_RANGE, (0, 1, 2)), (_MONTH_RANGE, (1, 2, 0))):
        m = pattern.search(text)
        if m:
            groups = m.groups()
            first, last, month = int(groups[order[0]]), int(groups[order[1]]), _MONTHS[groups[order[2]].lower()]
            try:
                start = _in_future(date(today.year, month, first), today)
                end = start.replace(day=last)
            except ValueError:
                return None
            return (start, end) if end >= start else None
    if _NEXT_WEEK.search(text) and not re.search(r"\b(?:monday|tuesday|wednesday|thursday|friday)\b", text, re.I):
        monday = today + timedelta(days=7 - today.weekday())
        return monday, monday + timedelta(days=4)
    ordinals = [d for d in (_next_day_of_month(int(x), today) for x in _THE_ORDINAL.findall(text)) if d]
    found = _search_dates(_THE_ORDINAL.sub(" ", text), today) + ordinals
    if not found:
        return None
    return min(found), max(found)


def _search_dates(text: str, today: date) -> list[date]:
    from dateparser.search import search_dates  # loaded with the first leave request (about 0.3 s)

    base = datetime(today.year, today.month, today.day, 12)
    hits = search_dates(text, languages=["en"],
                        settings={"RELATIVE_BASE": base, "PREFER_DATES_FROM": "future", "REQUIRE_PARTS": []}) or []
    return [d.date() for phrase, d in hits if _DATE_WORDS.search(phrase)]


def public_holidays(location: str, years: set[int]) -> dict[date, str]:
    """Public holidays of the employee's location (empty for an unknown or remote location)."""
    place = LOCATIONS.get((location or "").strip().lower())
    if place is None:
        return {}
    import holidays  # loaded with the first booking

    country, subdiv = place
    return dict(holidays.country_holidays(country, subdiv=subdiv, years=sorted(years)))


def working_days(start: date, end: date, off: dict[date, str]) -> tuple[float, list[str]]:
    """Working days from start to end inclusive, and the public holidays inside that cost nothing."""
    days, skipped = 0.0, []
    day = start
    while day <= end:
        if day in off and day.weekday() < 5:
            skipped.append(f"{day.isoformat()} {off[day]}")
        elif day.weekday() < 5:
            days += 1
        day += timedelta(days=1)
    return days, skipped


@dataclass
class Balance:
    """One leave type of one year, for the asker: allowance, accrued so far, taken, booked, pending, left."""

    leave_type: str
    year: int
    entitlement: float
    carried_over: float
    accrued: float
    taken: float
    booked: float
    pending: float

    @property
    def remaining(self) -> float:
        return round(self.entitlement + self.carried_over - self.taken - self.booked - self.pending, 2)


def balances(session: Session, employee_id: int, today: date) -> list[Balance]:
    """The employee's balances for this year (their own requests only)."""
    rows = session.exec(select(LeaveBalance).where(LeaveBalance.employee_id == employee_id,
                                                   LeaveBalance.year == today.year)).all()
    requests = _requests(session, employee_id, statuses=ACTIVE)
    out = []
    for b in sorted(rows, key=lambda r: (r.leave_type != "annual", r.leave_type)):
        mine = [r for r in requests if r.leave_type == b.leave_type and r.start_date.year == today.year]
        months = today.month if b.accrual == "monthly" else 12
        out.append(Balance(
            b.leave_type, b.year, b.entitlement_days, b.carried_over_days,
            accrued=round(b.entitlement_days * months / 12 + b.carried_over_days, 2),
            taken=sum(r.days for r in mine if r.status == "approved" and r.start_date <= today),
            booked=sum(r.days for r in mine if r.status == "approved" and r.start_date > today),
            pending=sum(r.days for r in mine if r.status == "pending"),
        ))
    return out


def _requests(session: Session, employee_id: int, *, statuses: tuple[str, ...]) -> list[LeaveRequest]:
    return list(session.exec(select(LeaveRequest).where(LeaveRequest.employee_id == employee_id,
                                                        LeaveRequest.status.in_(statuses))))  # type: ignore[attr-defined]


def upcoming(session: Session, employee_id: int, today: date) -> list[LeaveRequest]:
    """The employee's pending or approved requests that have not ended yet, soonest first."""
    rows = [r for r in _requests(session, employee_id, statuses=ACTIVE) if r.end_date >= today]
    return sorted(rows, key=lambda r: r.start_date)


@dataclass
class LeaveCheck:
    """A leave write to confirm (`pending`), or why there is none (`problem`, with details)."""

    pending: dict[str, Any] | None = None
    problem: str | None = None
    details: dict[str, Any] = field(default_factory=dict)


def prepare_request(session: Session, employee_id: int, text: str, today: date) -> LeaveCheck:
    """Read dates and type from the message and check them against the calendar and the balance."""
    employee = session.get(Employee, employee_id)
    if employee is None:
        return LeaveCheck(problem="no_profile")
    dates = read_dates(text, today)
    if dates is None:
        return LeaveCheck(problem="no_dates")
    start, end = dates
    leave_type = leave_type_in(text)
    return _check_request(session, employee, leave_type, start, end, today, request_id=uuid.uuid4().hex)


def _check_request(session: Session, employee: Employee, leave_type: str, start: date, end: date, today: date,
                   request_id: str) -> LeaveCheck:
    """The checks a booking must pass, before the yes and again after it."""
    assert employee.id is not None
    details: dict[str, Any] = {"start": start.isoformat(), "end": end.isoformat(), "leave_type": leave_type}
    if start < today and leave_type != "sick":
        return LeaveCheck(problem="past", details=details)
    if (end - start).days + 1 > MAX_DAYS or (start - today).days > MAX_AHEAD_DAYS:
        return LeaveCheck(problem="too_long", details=details)
    off = public_holidays(employee.location, {start.year, end.year})
    days, skipped = working_days(start, end, off)
    details.update(days=days, public_holidays=skipped, location=employee.location)
    if days == 0:
        return LeaveCheck(problem="no_working_days", details=details)
    clash = [r for r in _requests(session, employee.id, statuses=ACTIVE) if r.start_date <= end and r.end_date >= start]
    if clash:
        details["overlaps"] = [(r.start_date.isoformat(), r.end_date.isoformat()) for r in clash]
        return LeaveCheck(problem="overlap", details=details)
    balance = next((b for b in balances(session, employee.id, start) if b.leave_type == leave_type), None)
    if leave_type != "sick":
        if balance is None:
            return LeaveCheck(problem="no_balance", details=details)
        details["remaining_before"] = balance.remaining
        if days > balance.remaining:
            return LeaveCheck(problem="not_enough", details=details)
    pending = {"kind": REQUEST_LEAVE, "request_id": request_id, "employee_id": employee.id,
               **details, "remaining_after": round((balance.remaining if balance else 0) - days, 2)}
    return LeaveCheck(pending=pending)


def _mentioned(request: LeaveRequest, dates: tuple[date, date] | None) -> bool:
    return dates is None or (request.start_date <= dates[1] and request.end_date >= dates[0])


def prepare_cancel(session: Session, employee_id: int, text: str, today: date) -> LeaveCheck:
    """The one upcoming request the message names (by a date inside it), or why it can't be told."""
    dates = read_dates(text, today)
    options = [r for r in upcoming(session, employee_id, today) if _mentioned(r, dates)]
    if not options:
        return LeaveCheck(problem="nothing_to_cancel", details={"date": dates[0].isoformat() if dates else ""})
    if len(options) > 1:
        return LeaveCheck(problem="several", details={"options": [
            (r.start_date.isoformat(), r.end_date.isoformat(), r.leave_type) for r in options]})
    r = options[0]
    return LeaveCheck(pending={"kind": CANCEL_LEAVE, "request_id": uuid.uuid4().hex, "employee_id": employee_id,
                               "leave_request_id": r.id, "start": r.start_date.isoformat(),
                               "end": r.end_date.isoformat(), "leave_type": r.leave_type, "days": r.days})


def parse_leave_pending(raw: Any) -> dict[str, Any] | None:
    """A well-formed leave write from the `pending_write` slot, or None (anything else is not one)."""
    if not isinstance(raw, dict) or raw.get("kind") not in LEAVE_KINDS:
        return None
    try:
        clean = {"kind": raw["kind"], "request_id": str(raw["request_id"])[:32], "employee_id": int(raw["employee_id"]),
                 "start": date.fromisoformat(str(raw["start"])).isoformat(),
                 "end": date.fromisoformat(str(raw["end"])).isoformat(),
                 "leave_type": str(raw["leave_type"]) if raw["leave_type"] in LABELS else "annual"}
        if raw["kind"] == CANCEL_LEAVE:
            clean["leave_request_id"] = int(raw["leave_request_id"])
        clean["days"] = float(raw.get("days") or 0)
    except (KeyError, TypeError, ValueError):
        return None
    return clean


LeaveOutcome = Outcome  # what a confirmed leave write did, or why not: the same shape as every confirmed write


def _already_done(session: Session, employee_id: int, request_id: str) -> bool:
    rows = session.exec(select(AuditLog.details).where(AuditLog.entity_type == "leave_request",
                                                       AuditLog.action.in_(LEAVE_KINDS))  # type: ignore[attr-defined]
                        .order_by(AuditLog.id.desc()).limit(200)).all()  # type: ignore[union-attr]
    return any(isinstance(d, dict) and d.get("request_id") == request_id and d.get("employee_id") == employee_id
               for d in rows)


def perform_leave(session: Session, pending: dict[str, Any], *, employee_id: int | None, actor: str, channel: str,
                  today: date) -> LeaveOutcome:
    """Re-check and write a confirmed booking or cancellation with its audit entry; only the asker's own."""
    clean = parse_leave_pending(pending)
    if clean is None:
        return LeaveOutcome(False, {}, problem="invalid")
    if employee_id is None or clean["employee_id"] != employee_id:
        return LeaveOutcome(False, clean, problem="not_yours")
    if _already_done(session, employee_id, clean["request_id"]):
        return LeaveOutcome(False, clean, problem="already_done")
    details: dict[str, Any] = {"employee_id": employee_id, "request_id": clean["request_id"]}
    if clean["kind"] == CANCEL_LEAVE:
        row = session.get(LeaveRequest, clean["leave_request_id"], with_for_update=True)
        if row is None or row.employee_id != employee_id or row.status not in ACTIVE:
            return LeaveOutcome(False, clean, problem="gone")
        row.status, row.updated_at = "cancelled", utcnow()
        session.add(row)
    else:
        employee = session.get(Employee, employee_id, with_for_update=True)
        if employee is None:
            return LeaveOutcome(False, clean, problem="gone")
        start, end = date.fromisoformat(clean["start"]), date.fromisoformat(clean["end"])
        check = _check_request(session, employee, clean["leave_type"], start, end, today, clean["request_id"])
        if check.pending is None:
            return LeaveOutcome(False, clean, problem=check.problem, details=check.details)
        clean.update(days=check.pending["days"], remaining_after=check.pending["remaining_after"])
        row = LeaveRequest(employee_id=employee_id, leave_type=clean["leave_type"], start_date=start, end_date=end,
                           days=check.pending["days"], status="approved" if clean["leave_type"] == "sick" else "pending")
        session.add(row)
    session.flush()
    details.update(leave_request_id=row.id, start=clean["start"], end=clean["end"], leave_type=clean["leave_type"],
                   days=row.days)
    audit.record(session, actor=actor[:120], action=clean["kind"], entity_type="leave_request", entity_id=row.id or "",
                 channel=(channel or "unknown")[:40], details=details)
    return LeaveOutcome(True, clean, details={"status": row.status, "leave_request_id": row.id})
