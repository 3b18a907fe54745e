"""People analytics on the employment history: attrition risk (Cox, explained), its evaluation and
fairness audit, and workforce forecasts. Reads the store; knows nothing of the bot or its channels."""

from analytics.attrition import BASELINE_FEATURES, Risk, fit, out_of_time, score_current
from analytics.errors import AnalyticsError, ModelError
from analytics.features import FEATURE_NAMES, FEATURES, shown_value
from analytics.history import History, Person, load_history
from analytics.model import AttritionModel, Factor

__all__ = [
    "BASELINE_FEATURES",
    "FEATURES",
    "FEATURE_NAMES",
    "AnalyticsError",
    "AttritionModel",
    "Factor",
    "History",
    "ModelError",
    "Person",
    "Risk",
    "fit",
    "load_history",
    "out_of_time",
    "score_current",
    "shown_value",
]
