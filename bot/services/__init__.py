"""Plain service functions behind the Rasa actions: no Rasa types, easy to test and reuse."""

from bot.services.applications import (
    ApplicationView,
    PersonStatus,
    StatusLookup,
    application_status,
    applications_of,
)
from bot.services.identity import Identity, identity_of, is_verified, resolve_identity
from bot.services.errors import ServiceError
from bot.services.names import NameMatches, find_candidates_by_name, fold

__all__ = [
    "ServiceError",
    "ApplicationView",
    "Identity",
    "NameMatches",
    "PersonStatus",
    "StatusLookup",
    "application_status",
    "applications_of",
    "find_candidates_by_name",
    "fold",
    "identity_of",
    "is_verified",
    "resolve_identity",
]
