"""What retrieval raises: its one exception base, and a value the store does not know (with close valid ones)."""

from __future__ import annotations


class RetrievalError(Exception):
    """Anything the retrieval layer refuses (each subclass keeps its built-in base)."""


class FilterError(RetrievalError, ValueError):
    """A filter value the store does not know; `suggestions` lists close valid values."""

    def __init__(self, message: str, suggestions: list[str] | None = None) -> None:
        super().__init__(message)
        self.suggestions = suggestions or []


class UnknownRole(FilterError):
    """No role with that title."""
