"""Running the store's Alembic migrations in code: upgrade to head, report the revision, draft a new one."""

from __future__ import annotations

import logging
import tempfile
import threading
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.engine import Connection, Engine

HERE = Path(__file__).resolve().parent
# Alembic narrates every start at INFO (plugins, context impl); servers log at INFO, so keep its warnings only.
logging.getLogger("alembic").setLevel(logging.WARNING)
BASELINE = "0001"
# Any key works as long as every hrbot process uses the same one: it serialises concurrent starts.
_PG_LOCK_KEY = 0x6872626F74  # "hrbot"
# Alembic's `op` and `context` are process-wide proxies: one migration at a time per process.
_MIGRATING = threading.Lock()


@dataclass(frozen=True)
class Upgrade:
    """What an upgrade did: the revision before (None: no migrations yet) and after, and whether
    the store predates migrations (created by create-all with a schema_version row)."""

    before: str | None
    after: str
    adopted: bool = False

    @property
    def changed(self) -> bool:
        """Whether any migration ran."""
        return self.before != self.after


def alembic_config(url: str = "", connection: Connection | None = None) -> Config:
    """Alembic's configuration built in code: this folder as script location, no alembic.ini."""
    config = Config()
    config.set_main_option("script_location", str(HERE))
    config.set_main_option("path_separator", "os")
    config.set_main_option("file_template", "%%(rev)s_%%(slug)s")
    if url:
        config.set_main_option("sqlalchemy.url", url.replace("%", "%%"))
    if connection is not None:
        config.attributes["connection"] = connection
    return config


@lru_cache(maxsize=1)
def head() -> str:
    """The newest revision shipped with this code (read once: the scripts do not change at run time)."""
    revision = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert revision is not None, "store/migrations/versions holds no revision"
    return revision


def current(engine: Engine) -> str | None:
    """The store's revision, or None when it has none (empty, or created before migrations)."""
    with engine.connect() as conn:
        return _revision(conn)


def _revision(conn: Connection) -> str | None:
    """The revision recorded in alembic_version over an open connection."""
    return MigrationContext.configure(conn).get_current_revision()


def _predates_migrations(conn: Connection) -> bool:
    """A store made by the create-all code: its tables (meta among them) but no alembic_version."""
    tables = set(inspect(conn).get_table_names())
    return "meta" in tables and "alembic_version" not in tables


def upgrade(engine: Engine) -> Upgrade:
    """Bring the store to head, in one transaction where the database allows DDL in one (PostgreSQL);
    never drops or rewrites rows, so it is safe on every start.

    A store created before migrations is adopted: the baseline creates only what it lacks (tables,
    indexes, audit guards, the schema_version row), so its rows stay as they are.
    """
    target = head()
    with engine.connect() as conn:  # the usual start: already at head, nothing to lock or load
        before = _revision(conn)
    if before == target:
        return Upgrade(before, target)
    with _MIGRATING, engine.begin() as conn:
        if conn.dialect.name == "postgresql":  # two processes starting at once migrate one at a time
            conn.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _PG_LOCK_KEY})
        before = _revision(conn)
        adopted = before is None and _predates_migrations(conn)
        if before != target:
            command.upgrade(alembic_config(connection=conn), "head")
    return Upgrade(before, target, adopted)


def revision(message: str) -> Path:
    """Draft the next numbered revision: what the models add to head, found on a scratch SQLite store."""
    number = f"{int(head()[:4]) + 1:04d}"  # ids may carry a concern suffix: "0002_policies"
    with tempfile.TemporaryDirectory() as folder:
        engine = create_engine(f"sqlite:///{Path(folder) / 'draft.db'}")
        upgrade(engine)
        with engine.begin() as conn:
            script = command.revision(
                alembic_config(connection=conn), message=message, autogenerate=True, rev_id=number
            )
        engine.dispose()
    head.cache_clear()
    assert script is not None and not isinstance(script, list)
    return Path(script.path)
