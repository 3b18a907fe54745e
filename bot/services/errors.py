"""The services' one exception base: what an action turns into a clear reply instead of a trace."""

from __future__ import annotations


class ServiceError(Exception):
    """Anything a service refuses (each subclass keeps its built-in base)."""
