"""Engine and sessions: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, OperationalError
from sqlmodel import Session, create_engine

from store.errors import StoreError
from store.migrations import Upgrade, upgrade
from store.settings import Settings, get_settings


class StoreUnavailable(StoreError, RuntimeError):
    """The database cannot be reached or opened; callers turn this into a clear user message."""


def data_dir(settings: Settings | None = None) -> Path:
    """Where embedded state lives (SQLite file, indexes): HRBOT_DATA_DIR or ./var."""
    path = _resolved((settings or get_settings()).data_dir, os.getcwd())
    path.mkdir(parents=True, exist_ok=True)
    return path


@lru_cache(maxsize=32)
def _resolved(folder: str, cwd: str) -> Path:
    """`folder` made absolute; remembered, as every store session asks (realpath walks each part)."""
    return (Path(cwd) / folder).resolve()


def database_url() -> str:
    """DATABASE_URL if set (postgresql://... for deployments), else the embedded SQLite file."""
    settings = get_settings()
    url = settings.database_url
    if not url:
        return f"sqlite:///{data_dir(settings) / 'hrbot.db'}"
    if url.startswith("postgres://"):  # Heroku-style scheme SQLAlchemy no longer accepts
        url = "postgresql://" + url[len("postgres://"):]
    if url.startswith("postgresql://"):
        url = "postgresql+psycopg://" + url[len("postgresql://"):]
    return url


def redact(url: str) -> str:
    """The URL without its password, safe for logs and error messages."""
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


def migrate(engine: Engine | None = None) -> Upgrade:
    """Migrate the store to the newest schema (store/migrations); never drops or rewrites data."""
    engine = engine or get_engine()
    try:
        return upgrade(engine)
    except (OperationalError, DBAPIError) as exc:
        raise StoreUnavailable(f"cannot open the database at {redact(str(engine.url))}: {exc.orig}") from exc


def init_db(engine: Engine | None = None) -> Engine:
    """The store migrated to the newest schema, ready for sessions (safe on every start)."""
    engine = engine or get_engine()
    migrate(engine)
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
