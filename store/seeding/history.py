"""Several years of employment history drawn from known hazards, so an attrition model can be checked
against the truth (TRUE_EFFECTS, written next to the store as history_truth.json).

Each team is simulated month by month from HISTORY_START to HISTORY_END: pay reviews every April,
engagement surveys in March and September, trainings, promotions, a manager who may leave (and a
manager change for the whole team), voluntary leaves from a proportional hazard on those facts and
involuntary ones at a flat rate; leavers are replaced and teams grow to today's headcount. Those still
employed at the end are today's employees (the Employee rows of their team). Protected attributes come
from their own random stream and play no part in any hazard.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from store.seeding.identity import GENDERS, GENDER_WEIGHTS, EmailBook, NameBook
from store.seeding.workforce import WORK_DOMAIN

HISTORY_START = date(2020, 1, 1)
HISTORY_END = date(2026, 11, 30)
BASE_MONTHLY_HAZARD = 0.011
INVOLUNTARY_MONTHLY = 0.0015
NEW_HIRE_HAZARD_RATIO = 1.6  # the first year, in the baseline hazard (tenure is the model's time scale)
TRUE_EFFECTS = {  # log hazard ratio per unit of each fact, as the model's features define them
    "engagement": -0.8,  # survey score 1..5, centred at 3.5
    "pay_position": -1.6,  # position in the pay band 0..1, centred at 0.5
    "years_since_promotion": 0.2,
    "trainings_12m": -0.3,  # capped at 3
    "manager_changes_12m": 0.45,  # capped at 2
}
TEAM_GROWTH_FROM = 0.75  # teams start at 75 % of today's headcount
AGE_BANDS_BY_START = ((25, "18-24"), (35, "25-34"), (45, "35-44"), (55, "45-54"))
TRAINING_MONTHLY = 0.07
REORG_MONTHLY = 0.006


@dataclass
class _Person:
    """A simulated employee's state; `events` are (date, kind, value, detail)."""

    key: int
    team: str
    hired_on: date
    engagement_mean: float
    engagement: float
    pay_position: float
    last_promotion: date
    age_at_hire: float
    manager: int | None = None
    trainings: list[date] = field(default_factory=list)
    manager_changes: list[date] = field(default_factory=list)
    events: list[tuple[date, str, float | None, str]] = field(default_factory=list)
    left_on: date | None = None
    leave_reason: str | None = None


@dataclass
class HistoryRows:
    """What the history step inserts, as plain rows, and the truth it was drawn from."""

    employments: list[dict[str, Any]] = field(default_factory=list)
    events: list[dict[str, Any]] = field(default_factory=list)
    protected: list[dict[str, Any]] = field(default_factory=list)
    truth: dict[str, Any] = field(default_factory=dict)


def _months(start: date, end: date) -> Iterator[date]:
    """The first day of each month from start to end."""
    year, month = start.year, start.month
    while date(year, month, 1) <= end:
        yield date(year, month, 1)
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)


def _years(a: date, b: date) -> float:
    return (b - a).days / 365.25


def _day(rng: random.Random, month: date) -> date:
    return month.replace(day=rng.randint(1, 28))


def log_hazard_ratio(facts: dict[str, float]) -> float:
    """The true log hazard ratio of a person's facts (the same features the model reads)."""
    return sum(effect * facts[name] for name, effect in TRUE_EFFECTS.items())


def _facts(person: _Person, today: date) -> dict[str, float]:
    """The person's facts as the model defines them (centred where the model centres them)."""
    year_ago = date(today.year - 1, today.month, today.day if today.day <= 28 else 28)
    return {
        "engagement": person.engagement - 3.5,
        "pay_position": person.pay_position - 0.5,
        "years_since_promotion": _years(person.last_promotion, today),
        "trainings_12m": min(3, sum(1 for d in person.trainings if d > year_ago)),
        "manager_changes_12m": min(2, sum(1 for d in person.manager_changes if d > year_ago)),
    }


class _Team:
    """One team's simulation: its people, its manager and its headcount plan."""

    def __init__(self, name: str, final_size: int, rng: random.Random, keys: Iterator[int]) -> None:
        self.name, self.final_size, self.rng, self.keys = name, final_size, rng, keys
        self.people: list[_Person] = []
        self.manager: _Person | None = None

    def target(self, month: date, months: int, index: int) -> int:
        share = TEAM_GROWTH_FROM + (1 - TEAM_GROWTH_FROM) * index / max(1, months - 1)
        return max(1, round(self.final_size * share))

    def alive(self) -> list[_Person]:
        return [p for p in self.people if p.left_on is None]

    def hire(self, on: date, tenure_years: float = 0.0) -> _Person:
        rng = self.rng
        hired = date.fromordinal(on.toordinal() - int(tenure_years * 365.25))
        mean = min(4.8, max(1.8, rng.gauss(3.6, 0.55)))
        promoted = date.fromordinal(on.toordinal() - int(rng.uniform(0, min(tenure_years, 5)) * 365.25))
        person = _Person(key=next(self.keys), team=self.name, hired_on=hired, engagement_mean=mean,
                         engagement=mean, pay_position=min(0.95, max(0.05, rng.gauss(0.45, 0.18))),
                         last_promotion=max(hired, promoted), age_at_hire=rng.triangular(21, 50, 27),
                         manager=self.manager.key if self.manager else None)
        person.events.append((hired, "hire", None, self.name))
        self.people.append(person)
        return person

    def appoint(self, on: date) -> None:
        """The longest-serving colleague becomes manager; everyone else gets a manager change."""
        alive = self.alive()
        if not alive:
            self.manager = None
            return
        self.manager = min(alive, key=lambda p: (p.hired_on, p.key))
        self.manager.manager = None  # managers report outside the team
        for person in alive:
            if person is not self.manager and person.manager != self.manager.key:
                if person.manager is not None:
                    person.manager_changes.append(on)
                    person.events.append((on, "manager_change", None, ""))
                person.manager = self.manager.key

    def month(self, month: date) -> None:
        """One month of reviews, surveys, trainings, promotions and leaves."""
        rng = self.rng
        for person in self.alive():
            person.engagement = min(5.0, max(1.0, person.engagement + 0.2 * (person.engagement_mean - person.engagement)
                                             + rng.gauss(0, 0.22)))
            if month.month in (3, 9):
                person.events.append((_day(rng, month), "survey", round(person.engagement, 1), ""))
            if month.month == 4 and _years(person.hired_on, month) > 0.5:
                stale = _years(person.last_promotion, month)
                if rng.random() < min(0.45, 0.05 + 0.08 * stale):
                    person.last_promotion = month
                    person.pay_position = min(0.6, max(0.05, rng.gauss(0.22, 0.08)))
                    person.events.append((month, "promotion", None, ""))
                else:
                    person.pay_position = min(1.0, max(0.0, person.pay_position + rng.gauss(0.04, 0.06)))
                person.events.append((month, "pay_review", round(person.pay_position, 3), ""))
            if rng.random() < TRAINING_MONTHLY:
                on = _day(rng, month)
                person.trainings.append(on)
                person.events.append((on, "training", float(rng.choice((4, 8, 16, 24, 40))), ""))
            if person is not self.manager and rng.random() < REORG_MONTHLY:
                on = _day(rng, month)
                person.manager_changes.append(on)
                person.events.append((on, "manager_change", None, "reorganisation"))
            hazard = BASE_MONTHLY_HAZARD * math.exp(log_hazard_ratio(_facts(person, month)))
            if _years(person.hired_on, month) < 1:
                hazard *= NEW_HIRE_HAZARD_RATIO
            draw = rng.random()
            if draw < INVOLUNTARY_MONTHLY:
                person.left_on, person.leave_reason = _day(rng, month), "involuntary"
            elif draw < INVOLUNTARY_MONTHLY + 1 - math.exp(-hazard):
                person.left_on, person.leave_reason = _day(rng, month), "voluntary"
            if person.left_on is not None:
                person.events.append((person.left_on, "leave", None, person.leave_reason or ""))
        if self.manager is not None and self.manager.left_on is not None:
            self.appoint(month)


def simulate(teams: dict[str, int], rng: random.Random) -> list[_Person]:
    """Every person who worked in `teams` (name -> today's headcount) between HISTORY_START and the end."""
    keys = iter(range(1, 10**9))
    months = list(_months(HISTORY_START, HISTORY_END))
    people: list[_Person] = []
    for name in sorted(teams):
        team = _Team(name, teams[name], rng, keys)
        for _ in range(team.target(months[0], len(months), 0)):
            team.hire(HISTORY_START, tenure_years=rng.expovariate(1 / 3.0))
        team.appoint(HISTORY_START)
        for index, month in enumerate(months):
            team.month(month)
            want = team.target(month, len(months), index)
            while len(team.alive()) < want:
                team.hire(_day(rng, month))
            if team.manager is None:
                team.appoint(month)
        people += team.people
    return people


def _age_band(person: _Person) -> str:
    age = person.age_at_hire + _years(person.hired_on, HISTORY_END if person.left_on is None else person.left_on)
    for upper, band in AGE_BANDS_BY_START:
        if age < upper:
            return band
    return "55+"


def _managers_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows ordered so each manager is inserted before the people who report to them (the foreign key)."""
    done: set[int] = set()
    ordered: list[dict[str, Any]] = []
    waiting = rows
    while waiting:
        ready = [r for r in waiting if r["manager_id"] is None or r["manager_id"] in done]
        if not ready:  # a loop cannot come out of the simulation; cut it rather than fail
            ready = [{**waiting[0], "manager_id": None}]
            waiting = waiting[1:]
        else:
            waiting = [r for r in waiting if not (r["manager_id"] is None or r["manager_id"] in done)]
        ordered += ready
        done.update(r["id"] for r in ready)
    return ordered


def build_history(
    rng: random.Random,
    employees: Sequence[dict[str, Any]],
    names: NameBook,
    emails: EmailBook,
    ids: dict[str, Iterator[int]],
    families: dict[str, list[str]] | None = None,
) -> HistoryRows:
    """History rows for today's `employees` (Employee rows as dicts) and the colleagues who left before."""
    teams: dict[str, list[dict[str, Any]]] = {}
    for employee in sorted(employees, key=lambda e: e["id"]):
        teams.setdefault(employee["team"] or "General", []).append(employee)
    people = simulate({team: len(rows) for team, rows in teams.items()}, rng)
    out = HistoryRows()
    key_to_id: dict[int, int] = {}
    for person in people:
        key_to_id[person.key] = next(ids["employment"])
    staff = {team: iter(rows) for team, rows in teams.items()}
    for person in people:
        row_id = key_to_id[person.key]
        current = next(staff[person.team], None) if person.left_on is None else None
        if current is not None:
            name, email, employee_id = current["full_name"], current["email"], current["id"]
            family, seniority, location = current["current_role"], current["seniority"], current["location"]
        else:
            identity = names.draw(rng)
            name, email, employee_id = identity.full_name, emails.work(identity, WORK_DOMAIN), None
            peers = (families or {}).get(person.team) or [teams[person.team][0]["current_role"]]
            family, seniority, location = rng.choice(peers), rng.choice(("junior", "mid", "senior")), ""
        out.employments.append({
            "id": row_id, "external_id": f"E{row_id:06d}", "employee_id": employee_id, "full_name": name,
            "email": email, "team": person.team, "role_family": family, "seniority": seniority,
            "location": location, "manager_id": key_to_id.get(person.manager) if person.manager else None,
            "hired_on": person.hired_on, "left_on": person.left_on, "leave_reason": person.leave_reason,
        })
        gender = rng.choices(GENDERS, weights=GENDER_WEIGHTS)[0]
        out.protected.append({"employment_id": row_id, "gender": gender, "age_band": _age_band(person)})
        for at, kind, value, detail in sorted(person.events, key=lambda e: (e[0], e[1])):
            if at >= date(HISTORY_START.year - 1, 1, 1):
                out.events.append({"id": next(ids["employment_event"]), "employment_id": row_id, "at": at,
                                   "kind": kind, "value": value, "detail": detail})
    out.employments = _managers_first(out.employments)
    leavers = [p for p in people if p.leave_reason == "voluntary"]
    out.truth = {"effects": TRUE_EFFECTS, "base_monthly_hazard": BASE_MONTHLY_HAZARD,
                 "new_hire_hazard_ratio": NEW_HIRE_HAZARD_RATIO, "involuntary_monthly": INVOLUNTARY_MONTHLY,
                 "start": HISTORY_START.isoformat(), "end": HISTORY_END.isoformat(),
                 "people": len(people), "voluntary_leavers": len(leavers)}
    return out
