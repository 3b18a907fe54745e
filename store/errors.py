"""The store's one exception base, so a caller can catch everything the store raises at once."""

from __future__ import annotations


class StoreError(Exception):
    """Anything the store, its vocabulary or its seeding refuses (each subclass keeps its built-in base)."""
