"""The Rasa-server package's own errors, under one base."""

from __future__ import annotations


class RasaServerError(Exception):
    """Base of every error raised by the `rasa_server` package."""


class TuningVersionError(RasaServerError):
    """The installed Rasa is not the one the tuning patches were verified against."""
