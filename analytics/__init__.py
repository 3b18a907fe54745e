"""People analytics on the employment history: attrition risk (Cox, explained), its evaluation and
fairness audit, and workforce forecasts. Reads the store; knows nothing of the bot or its channels.

The model side (lifelines, pandas, matplotlib: seconds to import) loads on first use, so the CLI
and the servers start fast; the history, features and errors are plain imports.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

from analytics.errors import AnalyticsError, ModelError
from analytics.features import FEATURE_NAMES, FEATURES, shown_value
from analytics.history import History, Person, load_history

if TYPE_CHECKING:
    from analytics.attrition import BASELINE_FEATURES, Risk, fit, out_of_time, score_current
    from analytics.model import AttritionModel, Factor

_LAZY = {
    "BASELINE_FEATURES": "analytics.attrition",
    "Risk": "analytics.attrition",
    "fit": "analytics.attrition",
    "out_of_time": "analytics.attrition",
    "score_current": "analytics.attrition",
    "AttritionModel": "analytics.model",
    "Factor": "analytics.model",
}


def __getattr__(name: str) -> Any:
    """The model side's names, imported when first asked for (PEP 562)."""
    if name in _LAZY:
        return getattr(import_module(_LAZY[name]), name)
    raise AttributeError(f"module 'analytics' has no attribute {name!r}")


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
