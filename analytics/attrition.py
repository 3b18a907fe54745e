"""Attrition risk from the history: fit, evaluate out of time against a tenure-only baseline, score today."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
import pandas as pd

from analytics.episodes import HORIZON_MONTHS, current_rows, episodes, yearly_snapshots
from analytics.errors import AnalyticsError
from analytics.evaluation import auc_at, brier_at, c_index, observed_leave_rate
from analytics.features import FEATURE_NAMES
from analytics.history import History
from analytics.model import AttritionModel, Factor

BASELINE_FEATURES = ("tenure_years", "first_year")
"""The tenure-only baseline: what time with the company alone says."""


@dataclass(frozen=True)
class Risk:
    """One person's chance of leaving within a year, and why."""

    person_id: int
    name: str
    team: str
    employee_id: int | None
    probability: float
    factors: list[Factor] = field(default_factory=list)


def default_split(history: History) -> date:
    """Train on the years before the last two, test on those two (out of time)."""
    return date(history.as_of.year - 2, 1, 1)


def _snapshots(history: History) -> list[date]:
    """Yearly snapshot days from a year after the first survey or pay review (facts before that are blind)."""
    facts = [e.at for p in history.people for e in p.events if e.kind in ("survey", "pay_review")]
    snapshots = yearly_snapshots(history, history.as_of)
    return [d for d in snapshots if not facts or d >= date(min(facts).year + 1, 1, 1)]


def fit(history: History, until: date | None = None, features: tuple[str, ...] = FEATURE_NAMES) -> AttritionModel:
    """The model on every yearly snapshot whose follow-up lies before `until` (default: all of it)."""
    end = until or history.as_of
    frame = episodes(history, [d for d in _snapshots(history) if d < end], end)
    if frame.empty:
        raise AnalyticsError("no employment history to learn from; seed the store or import employees")
    return AttritionModel.fit(frame, features)


def scores(model: AttritionModel, frame: pd.DataFrame) -> dict[str, Any]:
    """Ranking and calibration of a model on survival rows: C-index, AUC and Brier at 12 months."""
    durations, events = frame["duration"].to_numpy(), frame["event"].to_numpy()
    risk = model.risk_score(frame)
    probability = model.leave_probability(frame, HORIZON_MONTHS)
    return {
        "c_index": round(c_index(durations, events, risk), 4),
        "auc_12m": None if (auc := auc_at(durations, events, risk, HORIZON_MONTHS)) is None else round(auc, 4),
        "brier_12m": round(brier_at(durations, events, probability, HORIZON_MONTHS), 4),
        "predicted_leave_rate": round(float(probability.mean()), 4),
        "observed_leave_rate": round(observed_leave_rate(durations, events, HORIZON_MONTHS), 4),
    }


def split_frames(history: History, split: date | None = None) -> tuple[date, pd.DataFrame, pd.DataFrame]:
    """Survival rows to train on (follow-up before `split`) and to test on (snapshots from `split` on)."""
    cut = split or default_split(history)
    days = _snapshots(history)
    train = episodes(history, [d for d in days if d < cut], cut)
    test = episodes(history, [d for d in days if d >= cut], history.as_of)
    if train.empty or test.empty:
        raise AnalyticsError(f"the history has no years both before and after {cut} to evaluate on")
    return cut, train, test


def out_of_time(history: History, split: date | None = None) -> dict[str, Any]:
    """Train on snapshots before `split`, test on those after: the model and the tenure-only baseline."""
    cut, train, test = split_frames(history, split)
    model = AttritionModel.fit(train, FEATURE_NAMES)
    baseline = AttritionModel.fit(train, BASELINE_FEATURES)
    return {
        "split": cut.isoformat(),
        "train": {"rows": len(train), "leavers": int(train["event"].sum())},
        "test": {"rows": len(test), "leavers": int(test["event"].sum())},
        "model": scores(model, test),
        "baseline": scores(baseline, test),
        "coefficients": {k: round(v, 4) for k, v in model.coefficients().items()},
    }


def score_current(history: History, model: AttritionModel, top: int = 3) -> list[Risk]:
    """Everyone employed today with their 12-month leave probability and top factors, highest first."""
    frame = current_rows(history)
    if frame.empty:
        return []
    probability = model.leave_probability(frame, HORIZON_MONTHS)
    people = {p.id: p for p in history.current()}
    risks = []
    for (_, row), p in zip(frame.iterrows(), probability, strict=True):
        person = people[int(row["person_id"])]
        risks.append(Risk(person.id, person.name, person.team, person.employee_id, float(p),
                          model.explain(row, top)))
    risks.sort(key=lambda r: (-r.probability, r.name))
    return risks


def quarterly_leave_probabilities(history: History, model: AttritionModel, quarters: int) -> pd.DataFrame:
    """Per person employed today: chance of leaving voluntarily in each of the next `quarters` quarters,
    given still there at its start (a leaver's successor takes over the seat's chance)."""
    frame = current_rows(history)
    horizon = int(HORIZON_MONTHS // 3)
    times = [3.0 * q for q in range(horizon + 1)]
    out = pd.DataFrame({"person_id": frame["person_id"], "team": frame["team"]})
    if frame.empty:
        return out.assign(**{f"q{q}": [] for q in range(1, quarters + 1)})
    survival = model.survival_at(frame, times)
    for q in range(1, quarters + 1):
        k = min(q, horizon)  # the model follows people one year: later quarters repeat the year's last
        out[f"q{q}"] = 1.0 - survival[k] / np.clip(survival[k - 1], 1e-9, None)
    return out
