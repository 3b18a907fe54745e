"""The attrition model: a Cox proportional-hazards fit (lifelines) whose every score explains itself."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from lifelines import CoxPHFitter
from lifelines.exceptions import ConvergenceError

from analytics.errors import ModelError

PENALIZER = 0.01


@dataclass(frozen=True)
class Factor:
    """One input's push on a person's risk: its log-hazard contribution against the average person."""

    name: str
    value: float
    contribution: float

    @property
    def raises(self) -> bool:
        """Whether it raises the risk (else it lowers it)."""
        return self.contribution > 0


@dataclass
class AttritionModel:
    """A fitted Cox model over named features, with the training means its explanations compare against."""

    fitter: CoxPHFitter
    features: tuple[str, ...]
    means: dict[str, float]
    rows: int
    events: int

    @classmethod
    def fit(cls, frame: pd.DataFrame, features: Sequence[str], duration: str = "duration", event: str = "event",
            penalizer: float = PENALIZER) -> "AttritionModel":
        """Fit on `frame` (one row per person or episode); too little data or no leavers is a ModelError."""
        events = int(frame[event].sum()) if len(frame) else 0
        if len(frame) < 20 or events < 5:
            raise ModelError(f"too little history to fit a model ({len(frame)} rows, {events} leavers)")
        data = frame[[*features, duration, event]].astype(float)
        kept = [f for f in features if data[f].std() > 0]  # a constant column carries nothing and breaks the fit
        fitter = CoxPHFitter(penalizer=penalizer)
        try:
            fitter.fit(data[[*kept, duration, event]], duration_col=duration, event_col=event)
        except (ConvergenceError, np.linalg.LinAlgError) as exc:
            raise ModelError(f"the attrition model did not converge: {exc}") from exc
        means = {f: float(data[f].mean()) for f in kept}
        return cls(fitter, tuple(kept), means, len(frame), events)

    def coefficients(self) -> dict[str, float]:
        """Log hazard ratio per unit of each feature."""
        return {name: float(value) for name, value in self.fitter.params_.items()}

    def risk_score(self, frame: pd.DataFrame) -> np.ndarray:
        """Relative risk (log partial hazard): higher leaves sooner."""
        return np.asarray(self.fitter.predict_log_partial_hazard(frame[list(self.features)].astype(float)))

    def leave_probability(self, frame: pd.DataFrame, months: float = 12.0) -> np.ndarray:
        """Probability of leaving within `months` for each row."""
        survival = self.fitter.predict_survival_function(frame[list(self.features)].astype(float), times=[months])
        return 1.0 - np.asarray(survival).reshape(-1)

    def survival_at(self, frame: pd.DataFrame, months: Sequence[float]) -> np.ndarray:
        """Survival probabilities, one row per time in `months`, one column per person."""
        return np.asarray(self.fitter.predict_survival_function(frame[list(self.features)].astype(float),
                                                                times=list(months)))

    def explain(self, row: pd.Series | dict[str, float], top: int = 3) -> list[Factor]:
        """The inputs that move this person's risk most from the average person's, largest first."""
        beta = self.coefficients()
        factors = [Factor(f, float(row[f]), beta[f] * (float(row[f]) - self.means[f])) for f in self.features]
        factors.sort(key=lambda f: abs(f.contribution), reverse=True)
        return [f for f in factors[:top] if abs(f.contribution) > 0.01]
