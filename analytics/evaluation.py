"""How good a survival model's risks are: ranking (C-index, AUC at a horizon) and calibration (Brier)."""

from __future__ import annotations

import numpy as np
from lifelines import KaplanMeierFitter
from lifelines.utils import concordance_index
from sklearn.metrics import roc_auc_score


def c_index(durations: np.ndarray, events: np.ndarray, risk: np.ndarray) -> float:
    """Harrell's concordance: how often the one who left first had the higher risk (0.5 = chance)."""
    return float(concordance_index(durations, -np.asarray(risk), events))


def auc_at(durations: np.ndarray, events: np.ndarray, risk: np.ndarray, horizon: float) -> float | None:
    """Cumulative/dynamic AUC: leavers by `horizon` against those still here after it (censored before it skipped)."""
    durations, events, risk = map(np.asarray, (durations, events, risk))
    cases = (durations <= horizon) & (events == 1)
    controls = (durations >= horizon) & ~cases
    if not cases.any() or not controls.any():
        return None
    keep = cases | controls
    return float(roc_auc_score(cases[keep].astype(int), risk[keep]))


def _censoring_survival(durations: np.ndarray, events: np.ndarray) -> KaplanMeierFitter:
    """Kaplan-Meier of staying uncensored, for inverse-probability-of-censoring weights."""
    return KaplanMeierFitter().fit(durations, event_observed=1 - np.asarray(events))


def brier_at(durations: np.ndarray, events: np.ndarray, leave_probability: np.ndarray, horizon: float) -> float:
    """Brier score at `horizon` with censoring weights (Graf et al.): 0 is perfect, lower is better calibrated."""
    durations, events, p = map(np.asarray, (durations, events, leave_probability))
    censoring = _censoring_survival(durations, events)
    eps = 1e-9  # weights use G just before the time (a follow-up ending at the horizon is not a loss)
    g_at = np.asarray(censoring.survival_function_at_times(np.minimum(durations, horizon) - eps)).reshape(-1)
    g_h = float(np.asarray(censoring.survival_function_at_times([horizon - eps])).reshape(-1)[0])
    left = (durations <= horizon) & (events == 1)
    stayed = (durations >= horizon) & ~left
    weight = np.where(left, 1 / np.clip(g_at, 1e-6, None), np.where(stayed, 1 / max(g_h, 1e-6), 0.0))
    error = np.where(left, (1 - p) ** 2, p**2)
    return float(np.sum(weight * error) / len(p))


def observed_leave_rate(durations: np.ndarray, events: np.ndarray, horizon: float) -> float:
    """Kaplan-Meier share who left by `horizon`: what a calibrated mean probability should match."""
    km = KaplanMeierFitter().fit(np.asarray(durations), event_observed=np.asarray(events))
    return float(1 - np.asarray(km.survival_function_at_times([horizon])).reshape(-1)[0])
