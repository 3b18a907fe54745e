"""Engine and sessions: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event, text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, SQLModel, create_engine

import store.models  # noqa: F401  (registers the tables)

SCHEMA_VERSION = "1"


class StoreUnavailable(RuntimeError):
    """The database cannot be reached or opened; callers turn this into a clear user message."""


def data_dir() -> Path:
    """Where embedded state lives (SQLite file, indexes): HRBOT_DATA_DIR or ./var."""
    path = _resolved(os.environ.get("HRBOT_DATA_DIR", "var"), os.getcwd())
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=32)
def _resolved(folder: str, cwd: str) -> Path:
    """`folder` made absolute; remembered, as every store session asks (realpath walks each part)."""
    return (Path(cwd) / folder).resolve()


def database_url() -> str:
    """DATABASE_URL if set (postgresql://... for deployments), else the embedded SQLite file."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return f"sqlite:///{data_dir() / 'hrbot.db'}"
    if url.startswith("postgres://"):  # Heroku-style scheme SQLAlchemy no longer accepts
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def redact(url: str) -> str:
    """The URL without its password, safe for logs and error messages."""
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # noqa: BLE001 - a malformed URL is still not echoed with secrets
        return "<unparseable DATABASE_URL>"


def _sqlite_pragmas(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
    """WAL lets the action server read while the CLI writes; FKs make cascades real."""
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, or for the configured database when None."""
    return _engine_for(url or database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    """One pooled engine per URL per process."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
    else:
        engine = create_engine(url, pool_pre_ping=True, pool_size=5, max_overflow=10)
    return engine


_APPEND_ONLY_SQL = {
    "sqlite": [
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_update BEFORE UPDATE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
        "CREATE TRIGGER IF NOT EXISTS audit_log_no_delete BEFORE DELETE ON audit_log "
        "BEGIN SELECT RAISE(ABORT, 'audit_log is append-only'); END",
    ],
    "postgresql": [
        "CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger AS $$ "
        "BEGIN RAISE EXCEPTION 'audit_log is append-only'; END; $$ LANGUAGE plpgsql",
        "DROP TRIGGER IF EXISTS audit_log_append_only ON audit_log",
        "CREATE TRIGGER audit_log_append_only BEFORE UPDATE OR DELETE ON audit_log "
        "FOR EACH ROW EXECUTE FUNCTION audit_log_append_only()",
    ],
}


def init_db(engine: Engine | None = None) -> Engine:
    """Create missing tables and guards; never drops or rewrites data (safe on every start)."""
    engine = engine or get_engine()
    try:
        SQLModel.metadata.create_all(engine)
        with engine.begin() as conn:
            for stmt in _APPEND_ONLY_SQL.get(engine.dialect.name, []):
                conn.execute(text(stmt))
            conn.execute(
                text(
                    "INSERT INTO meta (key, value) SELECT 'schema_version', :v "
                    "WHERE NOT EXISTS (SELECT 1 FROM meta WHERE key = 'schema_version')"
                ),
                {"v": SCHEMA_VERSION},
            )
    except (OperationalError, DBAPIError) as exc:
        raise StoreUnavailable(f"cannot open the database at {redact(str(engine.url))}: {exc.orig}") from exc
    return engine


@contextmanager
def session_scope(engine: Engine | None = None) -> Iterator[Session]:
    """A session committed on success and rolled back on any error: no half-written records."""
    engine = engine or get_engine()
    try:
        with Session(engine, expire_on_commit=False) as session:
            try:
                yield session
                session.commit()
            except BaseException:
                session.rollback()
                raise
    except (OperationalError, DBAPIError) as exc:
        if isinstance(exc, OperationalError) or exc.connection_invalidated:
            raise StoreUnavailable(f"the database at {redact(str(engine.url))} is unavailable") from exc
        raise
