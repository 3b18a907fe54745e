"""The SQL store: settings, SQLModel tables, migrations, engine/session handling and the audit trail."""

from store.audit import record
from store.engine import (
    StoreUnavailable,
    data_dir,
    database_url,
    get_engine,
    init_db,
    migrate,
    redact,
    session_scope,
)
from store.models import FUNNEL, Stage, UserRole
from store.settings import Settings, get_settings

__all__ = [
    "FUNNEL",
    "Settings",
    "Stage",
    "StoreUnavailable",
    "UserRole",
    "data_dir",
    "database_url",
    "get_engine",
    "get_settings",
    "init_db",
    "migrate",
    "record",
    "redact",
    "session_scope",
]
