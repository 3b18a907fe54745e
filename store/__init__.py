"""The SQL store: SQLModel tables, engine/session handling and the audit trail."""

from store.audit import record
from store.engine import (
    StoreUnavailable,
    data_dir,
    database_url,
    get_engine,
    init_db,
    redact,
    session_scope,
)
from store.models import FUNNEL, Stage, UserRole

__all__ = [
    "FUNNEL",
    "Stage",
    "StoreUnavailable",
    "UserRole",
    "data_dir",
    "database_url",
    "get_engine",
    "init_db",
    "record",
    "redact",
    "session_scope",
]
