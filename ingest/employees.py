"""Employment history from an HR system's export (CSV or JSON): people, hires, leaves and dated events.

One row per employee, or several (one per event): rows are grouped by the employee id. Columns
(headers compared case- and punctuation-insensitively; first match wins):

| field              | headers accepted                                                   | notes |
|--------------------|--------------------------------------------------------------------|-------|
| employee_id        | employee_id, emp_id, employee_number, worker_id, person_id, id     | required |
| full_name          | full_name, name, employee_name                                     | required once per employee |
| email              | email, work_email, e_mail                                          | links the person to a coaching profile |
| team               | team, department, org_unit, unit                                   | required once per employee |
| role_family        | role_family, job_family, job_title, position, role                 | |
| seniority          | seniority, level, grade                                            | junior .. principal |
| location           | location, work_location, office, site                              | |
| manager_id         | manager_id, manager, supervisor_id, reports_to                     | another row's employee id |
| hire_date          | hire_date, start_date, hired_on, date_of_hire                      | required once per employee |
| termination_date   | termination_date, end_date, leave_date, left_on, exit_date         | empty while employed |
| termination_reason | termination_reason, leave_reason, exit_reason, exit_type           | voluntary / involuntary (resignation, dismissal, layoff... are understood) |
| event_date         | event_date, date, effective_date                                   | with event_type: one dated event |
| event_type         | event_type, event, action                                          | pay_review, survey, promotion, training, role_change, team_change, manager_change |
| event_value        | event_value, value, score, compa_ratio, hours                      | pay position in band 0..1, engagement 1..5, training hours |
| gender, age_band   | gender / sex, age_band / age_group                                 | kept apart for the fairness audit only |

Dates are ISO (2024-03-31), 31.03.2024 or 2024/03/31. A row that cannot be read fails its employee
(every row of that person is skipped and reported with the reason); everyone else is written in ONE
transaction (a database failure writes nothing), upserted by employee id, events added once, each
person audited. A dry run reads and checks everything and writes nothing.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session, select

from ingest.errors import IngestError
from ingest.readers import ReadError
from ingest.report import ImportReport, Outcome
from ingest.tabular import header_key, read_rows
from ingest.transaction import database_failure
from store import audit
from store.engine import get_engine, session_scope
from store.models import Employee, Employment, EmploymentEvent, EmploymentProtected
from store.vocabulary import EVENT_KINDS, Seniority

EMPLOYEE_COLUMNS: dict[str, tuple[str, ...]] = {
    "employee_id": ("employee_id", "emp_id", "employee_number", "employee_no", "worker_id", "person_id", "id"),
    "full_name": ("full_name", "name", "employee_name"),
    "email": ("email", "work_email", "e_mail", "email_address"),
    "team": ("team", "department", "org_unit", "unit"),
    "role_family": ("role_family", "job_family", "job_title", "position", "role"),
    "seniority": ("seniority", "level", "grade"),
    "location": ("location", "work_location", "office", "site"),
    "manager_id": ("manager_id", "manager", "supervisor_id", "reports_to"),
    "hire_date": ("hire_date", "start_date", "hired_on", "date_of_hire"),
    "termination_date": ("termination_date", "end_date", "leave_date", "left_on", "exit_date"),
    "termination_reason": ("termination_reason", "leave_reason", "exit_reason", "exit_type"),
    "event_date": ("event_date", "date", "effective_date"),
    "event_type": ("event_type", "event", "action"),
    "event_value": ("event_value", "value", "score", "compa_ratio", "hours"),
    "gender": ("gender", "sex"),
    "age_band": ("age_band", "age_group"),
}
VOLUNTARY = {"voluntary", "resignation", "resigned", "quit", "retirement", "retired"}
INVOLUNTARY = {"involuntary", "dismissal", "dismissed", "layoff", "laid_off", "redundancy", "terminated",
               "termination", "fired", "end_of_contract"}
DATE_FORMATS = ("%Y-%m-%d", "%d.%m.%Y", "%Y/%m/%d")
ROSTER = ("full_name", "email", "team", "role_family", "seniority", "location")


class EmployeeRowError(IngestError, ValueError):
    """A row that cannot be read; the message names the field."""


@dataclass
class Person:
    """Everything the file says about one employee, checked."""

    external_id: str
    where: list[str] = field(default_factory=list)
    fields: dict[str, Any] = field(default_factory=dict)
    manager: str | None = None
    protected: dict[str, str] = field(default_factory=dict)
    events: list[tuple[date, str, float | None]] = field(default_factory=list)
    error: str = ""


def _map(headers: list[str]) -> dict[str, str]:
    """Field -> header, first match wins."""
    alias = {a: f for f, names in EMPLOYEE_COLUMNS.items() for a in names}
    mapping: dict[str, str] = {}
    for header in headers:
        name = alias.get(header_key(header))
        if name is not None and name not in mapping:
            mapping[name] = header
    if "employee_id" not in mapping:
        raise ReadError(f"no employee id column (expected one of: {', '.join(EMPLOYEE_COLUMNS['employee_id'][:5])})")
    return mapping


def _date(value: Any, name: str) -> date | None:
    text = str(value or "").strip()
    if not text:
        return None
    for fmt in DATE_FORMATS:
        try:
            return datetime.strptime(text[:10], fmt).date()
        except ValueError:
            continue
    raise EmployeeRowError(f"{name} {text!r} is not a date (use 2024-03-31)")


def _reason(value: Any) -> str | None:
    text = re.sub(r"[^a-z]+", "_", str(value or "").casefold()).strip("_")
    if not text:
        return None
    if text in VOLUNTARY or text.startswith("vol"):
        return "voluntary"
    if text in INVOLUNTARY or text.startswith("invol"):
        return "involuntary"
    raise EmployeeRowError(f"termination_reason {value!r} is neither voluntary nor involuntary")


def _event(row: dict[str, Any]) -> tuple[date, str, float | None] | None:
    kind = re.sub(r"[^a-z]+", "_", str(row.get("event_type") or "").casefold()).strip("_")
    if not kind:
        return None
    if kind not in EVENT_KINDS or kind in ("hire", "leave"):
        raise EmployeeRowError(f"event_type {kind!r} unknown (expected one of: "
                               f"{', '.join(k for k in EVENT_KINDS if k not in ('hire', 'leave'))})")
    at = _date(row.get("event_date"), "event_date")
    if at is None:
        raise EmployeeRowError("event_type given without event_date")
    raw = str(row.get("event_value") or "").strip().replace(",", ".")
    try:
        value = float(raw) if raw else None
    except ValueError:
        raise EmployeeRowError(f"event_value {raw!r} is not a number") from None
    if kind == "pay_review" and value is not None and not 0 <= value <= 1.5:
        raise EmployeeRowError(f"pay_review value {value} is not a position in the band (0..1)")
    if kind == "survey" and value is not None and not 1 <= value <= 5:
        raise EmployeeRowError(f"survey value {value} is outside 1..5")
    return at, kind, value


def _absorb(person: Person, row: dict[str, Any]) -> None:
    """Add one row's facts to the person (raises on a bad cell)."""
    for name in ROSTER:
        value = " ".join(str(row.get(name) or "").split())
        if value:
            person.fields[name] = value
    if person.fields.get("seniority"):
        level = Seniority.of(person.fields["seniority"])
        if level is None:
            raise EmployeeRowError(f"seniority {person.fields['seniority']!r} unknown (junior .. principal)")
        person.fields["seniority"] = level
    for name, target in (("hire_date", "hired_on"), ("termination_date", "left_on")):
        when = _date(row.get(name), name)
        if when is not None:
            person.fields[target] = when
    reason = _reason(row.get("termination_reason"))
    if reason:
        person.fields["leave_reason"] = reason
    manager = str(row.get("manager_id") or "").strip()
    if manager:
        person.manager = manager
    for name in ("gender", "age_band"):
        value = str(row.get(name) or "").strip()
        if value:
            person.protected[name] = value[:40]
    event = _event(row)
    if event is not None:
        person.events.append(event)


def _check(person: Person) -> None:
    """What one employee needs once all their rows are read."""
    missing = [n for n, key in (("full_name", "full_name"), ("team", "team"), ("hire_date", "hired_on"))
               if not person.fields.get(key)]
    if missing:
        raise EmployeeRowError(f"missing {', '.join(missing)}")
    left = person.fields.get("left_on")
    if left is not None and left < person.fields["hired_on"]:
        raise EmployeeRowError("termination_date is before hire_date")
    if left is not None and not person.fields.get("leave_reason"):
        raise EmployeeRowError("termination_date without termination_reason (voluntary or involuntary)")


def read_employees(path: Path) -> list[Person]:
    """People from the file, each checked; a failed one keeps its reason in `error`."""
    rows = read_rows(path)
    if not rows:
        raise ReadError("no rows")
    mapping = _map(list(rows[0][1].keys()))
    people: dict[str, Person] = {}
    for where, raw in rows:
        row = {name: raw.get(header) for name, header in mapping.items()}
        key = str(row.get("employee_id") or "").strip()
        if not key:
            people.setdefault(f"?{where}", Person(f"?{where}", [where], error="no employee id"))
            continue
        person = people.setdefault(key, Person(key[:64]))
        person.where.append(where)
        if person.error:
            continue
        try:
            _absorb(person, row)
        except EmployeeRowError as exc:
            person.error = f"{where}: {exc}"
    for person in people.values():
        if not person.error:
            try:
                _check(person)
            except EmployeeRowError as exc:
                person.error = str(exc)
    return list(people.values())


def _write(session: Session, person: Person, *, actor: str, channel: str, source: str) -> Outcome:
    """Upsert one employment with its protected attributes and new events, audited."""
    row = session.exec(select(Employment).where(Employment.external_id == person.external_id)).first()
    fields = dict(person.fields)
    email = fields.get("email")
    if email:
        match = session.exec(select(Employee.id).where(Employee.email == email)).first()
        fields["employee_id"] = match
    if row is None:
        row = Employment(external_id=person.external_id, **fields)
        status, changed = "added", sorted(fields)
    else:
        changed = sorted(k for k, v in fields.items() if getattr(row, k) != v)
        for k in changed:
            setattr(row, k, fields[k])
        status = "updated" if changed else "unchanged"
    session.add(row)
    session.flush()
    assert row.id is not None
    if person.protected:
        kept = session.get(EmploymentProtected, row.id) or EmploymentProtected(employment_id=row.id)
        for name, value in person.protected.items():
            setattr(kept, name, value)
        session.add(kept)
    have = {(e.at, e.kind, e.value) for e in session.exec(select(EmploymentEvent)
                                                           .where(EmploymentEvent.employment_id == row.id))}
    new = [(at, kind, value) for at, kind, value in dict.fromkeys(person.events) if (at, kind, value) not in have]
    for at, kind, value in new:
        session.add(EmploymentEvent(employment_id=row.id, at=at, kind=kind, value=value))
    if new and status == "unchanged":
        status = "updated"
    if status != "unchanged":
        audit.record(session, actor=actor, action="import_employment", entity_type="employment", entity_id=row.id,
                     channel=channel, details={"outcome": status, "source": source, "fields": changed,
                                               "events_added": len(new)})
    return Outcome(status, source, row.id, rule="employee_id" if status != "added" else "", fields=changed)


def import_employees(path: Path | str, *, actor: str, channel: str = "cli", dry_run: bool = False,
                     engine: Engine | None = None,
                     on_progress: Callable[[int], None] | None = None) -> ImportReport:
    """Import one HR export: bad employees reported and skipped, the rest written in one transaction."""
    t0 = time.perf_counter()
    path = Path(path)
    report = ImportReport(kind="employees", dry_run=dry_run)
    try:
        if not path.is_file():
            raise ReadError("no such file" if not path.exists() else "not a file")
        people = read_employees(path)
    except ReadError as exc:
        report.fail_file(path.name, str(exc))
        report.seconds = time.perf_counter() - t0
        return report
    report.files_read = 1
    good = [p for p in people if not p.error]
    for person in people:
        if person.error:
            report.fail(f"{path.name} employee {person.external_id}", person.error)
    outcomes: list[Outcome] = []
    try:
        with session_scope(engine or get_engine()) as session:
            ids: dict[str, int] = {}
            for n, person in enumerate(good, start=1):
                outcome = _write(session, person, actor=actor, channel=channel,
                                 source=f"{path.name} employee {person.external_id}")
                outcomes.append(outcome)
                ids[person.external_id] = outcome.entity_id or 0
                if on_progress:
                    on_progress(n)
            for person, outcome in zip(good, outcomes, strict=True):
                if not person.manager:
                    continue
                manager = ids.get(person.manager) or session.exec(
                    select(Employment.id).where(Employment.external_id == person.manager)).first()
                if manager is None:
                    outcome.notes.append(f"manager {person.manager!r} not found; left unset")
                    continue
                row = session.get(Employment, outcome.entity_id)
                if row is not None and row.manager_id != manager:
                    row.manager_id = manager
                    session.add(row)
            if dry_run:
                session.rollback()
    except SQLAlchemyError as exc:
        report.fail_file(path.name, database_failure(exc, "file"))
        outcomes = []
    for outcome in outcomes:
        report.add(outcome)
    report.seconds = time.perf_counter() - t0
    return report
