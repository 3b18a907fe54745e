"""What the attrition model reads about a person on a given day: facts of their history, nothing protected."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from analytics.history import Person

NEUTRAL_ENGAGEMENT = 3.5  # before a first survey: the scale's middle
NEUTRAL_PAY = 0.5  # before a first pay review: the band's middle


@dataclass(frozen=True)
class Feature:
    """A model input: how to say it to a person, and the unit of its value."""

    name: str
    label: str
    unit: str = ""


FEATURES = (
    Feature("tenure_years", "time with the company", "years"),
    Feature("first_year", "being in the first year"),
    Feature("engagement", "engagement survey score", "of 5"),
    Feature("pay_position", "position in the pay band", "of the band"),
    Feature("years_since_promotion", "time since the last promotion", "years"),
    Feature("trainings_12m", "trainings in the last 12 months"),
    Feature("manager_changes_12m", "manager changes in the last 12 months"),
)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
BY_NAME = {f.name: f for f in FEATURES}


def years(a: date, b: date) -> float:
    """Years from a to b."""
    return (b - a).days / 365.25


def facts_at(person: Person, day: date) -> dict[str, float]:
    """The person's features on `day`, from events dated before it (engagement and pay centred)."""
    year_ago = date.fromordinal(day.toordinal() - 365)
    engagement, pay, promoted = NEUTRAL_ENGAGEMENT, NEUTRAL_PAY, person.hired_on
    trainings = manager_changes = 0
    for event in person.events:
        if event.at >= day:
            break
        if event.kind == "survey" and event.value is not None:
            engagement = event.value
        elif event.kind == "pay_review" and event.value is not None:
            pay = event.value
        elif event.kind == "promotion":
            promoted = max(promoted, event.at)
        elif event.kind == "training" and event.at > year_ago:
            trainings += 1
        elif event.kind == "manager_change" and event.at > year_ago:
            manager_changes += 1
    tenure = years(person.hired_on, day)
    return {
        "tenure_years": round(tenure, 3),
        "first_year": 1.0 if tenure < 1 else 0.0,
        "engagement": engagement - NEUTRAL_ENGAGEMENT,
        "pay_position": pay - NEUTRAL_PAY,
        "years_since_promotion": round(years(promoted, day), 3),
        "trainings_12m": float(min(3, trainings)),
        "manager_changes_12m": float(min(2, manager_changes)),
    }


def shown_value(name: str, value: float) -> str:
    """A feature's value as a person reads it ('2.9 of 5', '1.5 years')."""
    if name == "engagement":
        return f"{value + NEUTRAL_ENGAGEMENT:.1f} of 5"
    if name == "pay_position":
        return f"{(value + NEUTRAL_PAY) * 100:.0f}% of the band"
    if name == "first_year":
        return "yes" if value else "no"
    unit = BY_NAME[name].unit
    return f"{value:.1f} {unit}" if unit == "years" else f"{value:.0f}"
