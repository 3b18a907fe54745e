"""What retrieval raises for a value the store does not know, with close valid values to offer."""

from __future__ import annotations


class FilterError(ValueError):
    """A filter value the store does not know; `suggestions` lists close valid values."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class UnknownRole(FilterError):
    """No role with that title."""
