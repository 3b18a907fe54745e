"""The channels' one exception base: a server that is down, a channel set up wrong."""

from __future__ import annotations


class ConnectorError(Exception):
    """Anything a channel or the server start-up refuses (each subclass keeps its built-in base)."""
