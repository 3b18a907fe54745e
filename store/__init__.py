"""The SQL store: settings, SQLModel tables, migrations, the stage and seniority vocabularies, engine/session handling and the audit trail."""

from store.audit import record
from store.errors import StoreError
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
from store.vocabulary import LADDER, LEVELS, Seniority, fold, level_words, stage_words

__all__ = [
    "StoreError",
    "FUNNEL",
    "LADDER",
    "LEVELS",
    "Seniority",
    "Settings",
    "Stage",
    "StoreUnavailable",
    "UserRole",
    "data_dir",
    "database_url",
    "fold",
    "get_engine",
    "get_settings",
    "init_db",
    "level_words",
    "migrate",
    "record",
    "redact",
    "session_scope",
    "stage_words",
]
