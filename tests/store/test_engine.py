"""The store creates its schema safely, keeps data across restarts, and guards the audit log."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from store import audit
from store.engine import (
    StoreUnavailable,
    _engine_for,
    database_url,
    get_engine,
    init_db,
    redact,
    session_scope,
)
from store.models import AuditLog, Candidate, Meta


def test_default_url_is_sqlite_in_data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
    assert database_url() == f"sqlite:///{tmp_path.resolve() / 'hrbot.db'}"


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("postgres://u:p@h/db", "postgresql+psycopg://u:p@h/db"),
        ("postgresql://u:p@h:5433/db", "postgresql+psycopg://u:p@h:5433/db"),
        ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"),
    ],
)
def test_database_url_normalises_postgres_schemes(monkeypatch: pytest.MonkeyPatch, given: str, expected: str) -> None:
    monkeypatch.setenv("DATABASE_URL", given)
    assert database_url() == expected


def test_redact_hides_password() -> None:
    shown = redact("postgresql+psycopg://hr:s3cret@db.internal/hr")
    assert "s3cret" not in shown and "db.internal" in shown


def test_init_db_is_idempotent_and_keeps_data_across_restarts(store, tmp_path: Path) -> None:
    with session_scope(store) as session:
        session.add(Candidate(full_name="Amara Okafor", location="Berlin"))
    # A "restart": a brand-new engine on the same file, schema creation run again.
    url = str(store.url)
    store.dispose()
    _engine_for.cache_clear()
    again = init_db(get_engine(url))
    with Session(again) as session:
        names = session.exec(select(Candidate.full_name)).all()
        version = session.get(Meta, "schema_version")
    assert names == ["Amara Okafor"]
    assert version is not None and version.value == "1"


def test_audit_log_is_append_only(store) -> None:
    with session_scope(store) as session:
        audit.record(session, actor="riley", action="shortlist", entity_type="candidate", entity_id=3, channel="slack")
    with pytest.raises(DBAPIError, match="append-only"):
        with store.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'mallory'"))
    with pytest.raises(DBAPIError, match="append-only"):
        with store.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
    with Session(store) as session:
        entries = session.exec(select(AuditLog)).all()
    assert [(e.actor, e.action, e.entity_id, e.channel) for e in entries] == [("riley", "shortlist", "3", "slack")]


def test_failed_transaction_writes_nothing(store) -> None:
    with pytest.raises(RuntimeError):
        with session_scope(store) as session:
            session.add(Candidate(full_name="Half Written"))
            session.flush()
            raise RuntimeError("boom")
    with Session(store) as session:
        assert session.exec(select(Candidate)).all() == []


def test_unreachable_database_raises_store_unavailable(monkeypatch: pytest.MonkeyPatch) -> None:
    # Port 1 on loopback: nothing listens there, so the connection is refused at once.
    monkeypatch.setenv("DATABASE_URL", "postgresql://hr:pw@127.0.0.1:1/hr?connect_timeout=2")
    with pytest.raises(StoreUnavailable) as info:
        init_db()
    assert "pw" not in str(info.value)
    with pytest.raises(StoreUnavailable):
        with session_scope() as session:
            session.exec(select(Candidate)).all()


def test_unwritable_sqlite_path_raises_store_unavailable(tmp_path: Path) -> None:
    missing = tmp_path / "no" / "such" / "dir" / "hr.db"
    with pytest.raises(StoreUnavailable):
        init_db(get_engine(f"sqlite:///{missing}"))
