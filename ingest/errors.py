"""The import pipeline's one exception base: a bad file, row or resume is one of these."""

from __future__ import annotations


class IngestError(Exception):
    """Anything an import refuses (each subclass keeps its built-in base, e.g. ValueError)."""
