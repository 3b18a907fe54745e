"""The fairness audit of attrition risk: per protected group, calibration and how often people are
flagged, with the four-fifths rule. The only analytics module that reads protected attributes."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
from sqlmodel import Session, select

from analytics.attrition import split_frames
from analytics.episodes import HORIZON_MONTHS
from analytics.evaluation import observed_leave_rate
from analytics.features import FEATURE_NAMES
from analytics.history import History
from analytics.model import AttritionModel
from store.models import EmploymentProtected

FOUR_FIFTHS = 0.8
FLAG_SHARE = 0.2
"""People in the top fifth of risk are flagged for a conversation."""
MIN_GROUP = 20
"""Smaller groups are reported but not judged: their rates are noise."""
ATTRIBUTES = ("gender", "age_band")


def protected_groups(session: Session) -> dict[int, dict[str, str]]:
    """Employment id -> gender and age band, for the audit only (never for a score)."""
    return {
        row.employment_id: {"gender": row.gender or "unknown", "age_band": row.age_band or "unknown"}
        for row in session.exec(select(EmploymentProtected))
    }


@dataclass(frozen=True)
class GroupRow:
    """One group's numbers: size, mean predicted and observed leave rate, flag rate and impact ratio."""

    attribute: str
    group: str
    n: int
    predicted: float
    observed: float
    flag_rate: float
    impact_ratio: float
    judged: bool

    def as_dict(self) -> dict[str, Any]:
        """Plain numbers for JSON."""
        return {k: (round(v, 4) if isinstance(v, float) else v) for k, v in self.__dict__.items()}


def audit(frame: pd.DataFrame, probability: np.ndarray, groups: Mapping[int, Mapping[str, str]],
          flag_share: float = FLAG_SHARE) -> dict[str, Any]:
    """Audit scored survival rows (person_id, duration, event): calibration gap and flag rates per group."""
    threshold = float(np.quantile(probability, 1 - flag_share)) if len(probability) else 1.0
    flagged = probability >= threshold
    report: dict[str, Any] = {"flag_threshold": round(threshold, 4), "flag_share": flag_share, "attributes": {}}
    for attribute in ATTRIBUTES:
        labels = np.array([groups.get(int(pid), {}).get(attribute, "unknown") for pid in frame["person_id"]])
        rows = []
        for group in sorted(set(labels)):
            mask = labels == group
            sub = frame[mask]
            rows.append((group, int(mask.sum()), float(probability[mask].mean()),
                         observed_leave_rate(sub["duration"].to_numpy(), sub["event"].to_numpy(), HORIZON_MONTHS),
                         float(flagged[mask].mean())))
        judged_rates = [r[4] for r in rows if r[1] >= MIN_GROUP]
        top = max(judged_rates) if judged_rates else 0.0
        out = [GroupRow(attribute, g, n, pred, obs, rate, rate / top if top else 1.0, n >= MIN_GROUP)
               for g, n, pred, obs, rate in rows]
        judged = [r for r in out if r.judged]
        report["attributes"][attribute] = {
            "groups": [r.as_dict() for r in out],
            "min_impact_ratio": round(min((r.impact_ratio for r in judged), default=1.0), 4),
            "four_fifths_rule": all(r.impact_ratio >= FOUR_FIFTHS for r in judged),
            "max_calibration_gap": round(max((abs(r.predicted - r.observed) for r in judged), default=0.0), 4),
        }
    return report


def audit_out_of_time(session: Session, history: History) -> dict[str, Any]:
    """The audit on the out-of-time test years: the model trained before them, outcomes observed after."""
    cut, train, test = split_frames(history)
    probability = AttritionModel.fit(train, FEATURE_NAMES).leave_probability(test, HORIZON_MONTHS)
    return {"split": cut.isoformat(), "rows": len(test), **audit(test, probability, protected_groups(session))}
