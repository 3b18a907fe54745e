"""Engine and sessions: SQLite file by default, PostgreSQL when DATABASE_URL says so."""

from __future__ import annotations

import logging
import os
import random
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import lru_cache
from pathlib import Path
from typing import TypeVar

from sqlalchemy import event
from sqlalchemy.engine import Engine, make_url
from sqlalchemy.exc import DBAPIError, IntegrityError, OperationalError
from sqlmodel import Session, create_engine

from store.errors import StoreError
from store.migrations import Upgrade, upgrade
from store.settings import Settings, get_settings

log = logging.getLogger(__name__)
T = TypeVar("T")

ATTEMPTS = 6
"""Tries of one unit of work (`transact`) before a transient failure reaches the caller."""
BACKOFF_S = 0.25
"""The first pause between tries; it doubles (0.25 ... 4 s: room for a PostgreSQL restart), each
drawn from half to one and a half of that, so writers that collided don't collide again in step."""


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
    """WAL lets the action server read while the CLI writes; FKs make cascades real.

    The driver's own transaction handling is switched off (`_sqlite_begin` starts each one): it
    begins a transaction only at the first write, so a unit's reads would not be in it and two
    writers could both act on what they read before the other committed (a double stage move).
    """
    dbapi_conn.isolation_level = None
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA foreign_keys=ON")
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.close()


def _sqlite_begin(conn) -> None:  # type: ignore[no-untyped-def]
    """Each transaction begins at its first statement, reads included (SQLite's deferred BEGIN)."""
    conn.exec_driver_sql("BEGIN")


def get_engine(url: str | None = None) -> Engine:
    """The engine for `url`, or for the configured database when None."""
    return _engine_for(url or database_url())


@lru_cache(maxsize=8)
def _engine_for(url: str) -> Engine:
    """One pooled engine per URL per process."""
    if url.startswith("sqlite"):
        engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 30})
        event.listen(engine, "connect", _sqlite_pragmas)
        event.listen(engine, "begin", _sqlite_begin)
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


def transient(exc: BaseException) -> bool:
    """A failure a fresh try of the whole unit of work may not meet.

    SQLite busy or locked (a writer that began before another's commit is refused at once, whatever
    the busy timeout), a PostgreSQL connection lost or refused (a restart), and a unique-key clash
    with a concurrent writer (the retried unit's own checks then see the winner's row).
    """
    cause = exc.__cause__ if isinstance(exc, StoreUnavailable) else exc
    if isinstance(cause, IntegrityError):
        return True
    if isinstance(cause, DBAPIError) and cause.connection_invalidated:
        return True
    if not isinstance(cause, OperationalError):
        return False
    if "sqlite" not in type(cause.orig).__module__:
        return True  # PostgreSQL: a connection-level failure (refused, reset, server shutting down)
    text = str(cause.orig).lower()
    return "locked" in text or "busy" in text


def transact(
    work: Callable[[Session], T], engine: Engine | None = None, *, attempts: int = ATTEMPTS,
    before_retry: Callable[[], None] | None = None,
) -> T:
    """`work` in one transaction (`session_scope`), tried again from scratch on a transient failure.

    Each try is rolled back whole before the next, so nothing is half-written; `before_retry` undoes
    whatever the failed try did outside the database (e.g. replies it queued). The last failure is
    raised as it came (StoreUnavailable for an outage).
    """
    for attempt in range(1, attempts + 1):
        try:
            with session_scope(engine) as session:
                return work(session)
        except (StoreUnavailable, IntegrityError, OperationalError) as exc:
            if attempt == attempts or not transient(exc):
                raise
            log.info("store busy or unreachable (try %s of %s): %s", attempt, attempts, type(exc.__cause__ or exc).__name__)
            if before_retry is not None:
                before_retry()
            time.sleep(BACKOFF_S * 2 ** (attempt - 1) * random.uniform(0.5, 1.5))
    raise AssertionError("unreachable")
