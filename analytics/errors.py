"""What people analytics raises when it cannot answer."""

from __future__ import annotations


class AnalyticsError(Exception):
    """Analytics could not answer (no history, too little of it)."""


class ModelError(AnalyticsError):
    """The attrition model cannot be fitted on this history."""
