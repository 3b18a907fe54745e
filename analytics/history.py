"""The employment history as the model reads it: people and their dated events, never protected attributes."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlmodel import Session, select

from store.models import Employment, EmploymentEvent


@dataclass(frozen=True)
class Event:
    """One dated fact (store.vocabulary.EVENT_KINDS) with its value, if it has one."""

    at: date
    kind: str
    value: float | None = None


@dataclass
class Person:
    """Someone who worked here: the record the model and the forecast read."""

    id: int
    name: str
    team: str
    hired_on: date
    left_on: date | None
    leave_reason: str | None
    employee_id: int | None = None
    manager_id: int | None = None
    events: list[Event] = field(default_factory=list)

    def employed_on(self, day: date) -> bool:
        """Hired by `day` and not yet gone."""
        return self.hired_on <= day and (self.left_on is None or self.left_on > day)


@dataclass
class History:
    """Everyone with their events, and the last day the history knows about."""

    people: list[Person]
    as_of: date

    def current(self) -> list[Person]:
        """Those employed at the end of the history."""
        return [p for p in self.people if p.employed_on(self.as_of)]

    def teams(self) -> list[str]:
        """Teams with someone in them today, sorted."""
        return sorted({p.team for p in self.current()})


def load_history(session: Session) -> History:
    """Read employment and events (two queries); the protected-attribute table is never touched here."""
    events: dict[int, list[Event]] = defaultdict(list)
    last = date.min
    rows = session.exec(select(EmploymentEvent.employment_id, EmploymentEvent.at, EmploymentEvent.kind,
                               EmploymentEvent.value).order_by(EmploymentEvent.employment_id, EmploymentEvent.at))
    for employment_id, at, kind, value in rows:
        events[employment_id].append(Event(at, kind, value))
        last = max(last, at)
    people = []
    for row in session.exec(select(Employment).order_by(Employment.id)):
        assert row.id is not None
        people.append(Person(row.id, row.full_name, row.team, row.hired_on, row.left_on, row.leave_reason,
                             row.employee_id, row.manager_id, events.get(row.id, [])))
        last = max(last, row.hired_on, row.left_on or date.min)
    return History(people, last)
