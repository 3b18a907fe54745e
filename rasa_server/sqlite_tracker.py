"""Rasa's SQL tracker store on SQLite, made fit to keep every conversation: pooled connections and WAL.

Rasa 3.6 (SQLAlchemy 1.4) opens a new SQLite connection for every read and every save of a
conversation and sets no pragmas, so each turn's save ran in rollback-journal mode with an fsync,
and the closing connection checkpointed the file: about 24 ms per turn of blocked event loop
(benchmarks/README.md). Here the SQLite engine keeps a small pool of connections (Rasa reads and
saves on its event-loop thread, so check_same_thread is off only for the pool's sake), each with
WAL (readers never wait for the writer; a commit is one append), synchronous=NORMAL (a process
crash loses nothing; a power cut may lose the last turns, never the file) and a busy timeout.
Other databases get Rasa's own engine settings.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from rasa.core import tracker_store  # imported by rasa_server's main after the Rasa version check
from sqlalchemy import event
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import make_url
from sqlalchemy.pool import QueuePool

SQLITE_BUSY_MS = 30_000
POOL_SIZE = 4
_PATCHED = "_hrbot_sqlite_tracker"


def sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL, synchronous=NORMAL and a busy timeout on every SQLite connection of the Rasa server."""
    if not isinstance(dbapi_conn, sqlite3.Connection):
        return
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.close()


def engine_kwargs(url: Any) -> dict[str, Any]:
    """Rasa's `create_engine_kwargs`, plus a connection pool for SQLite files."""
    kwargs = dict(_ORIGINAL_KWARGS(url))
    parsed = make_url(url)
    if parsed.get_backend_name() == "sqlite" and parsed.database not in (None, "", ":memory:"):
        kwargs.update(poolclass=QueuePool, pool_size=POOL_SIZE, max_overflow=POOL_SIZE,
                      connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_MS / 1000})
    return kwargs


_ORIGINAL_KWARGS = tracker_store.create_engine_kwargs


def install() -> None:
    """Pool and tune SQLite tracker-store connections (idempotent)."""
    if getattr(tracker_store, _PATCHED, False):
        return
    tracker_store.create_engine_kwargs = engine_kwargs
    event.listen(Engine, "connect", sqlite_pragmas)
    setattr(tracker_store, _PATCHED, True)
