"""The same store on a real PostgreSQL server: schema, seeding, audit guard, restart safety."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest
from sqlalchemy import func, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, select

from bot.services.applications import application_status
from store import audit
from store.engine import _engine_for, get_engine, init_db, session_scope
from store.models import Application, Candidate, Role, StageEvent
from store.seeding import generate, load_catalog
from connectors.servers.postgres import pg_bindir, postgres_server


@pytest.fixture(scope="module")
def pg_url() -> Iterator[str]:
    if pg_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI: .ci/run must install postgresql")
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    with postgres_server() as url:
        yield url


def test_schema_seed_and_queries_on_postgres(pg_url: str, tmp_path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
    engine = init_db(get_engine())
    assert engine.dialect.name == "postgresql"
    with session_scope() as session:
        load_catalog(session)
    with session_scope() as session:
        counts = generate(session, candidates=150, employees=20, seed=11, progress=False)
    assert counts["candidates"] == 150
    with Session(engine) as session:
        assert session.exec(select(func.count(Role.id))).one() >= 38
        app = session.exec(select(Application)).first()
        assert app is not None
        last = session.exec(
            select(StageEvent).where(StageEvent.application_id == app.id).order_by(StageEvent.at.desc())
        ).first()
        assert last is not None and last.to_stage == app.stage
        person = session.get(Candidate, app.candidate_id)
        assert person is not None
        lookup = application_status(session, person.full_name)
    assert any(p.candidate_id == person.id for p in lookup.people)


def test_restart_keeps_data_and_audit_is_append_only(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url)
    engine = init_db(get_engine())
    with session_scope(engine) as session:
        audit.record(session, actor="riley", action="move_stage", entity_type="application", entity_id=1)
    engine.dispose()
    _engine_for.cache_clear()
    engine = init_db(get_engine())  # a second start runs create-all again
    with Session(engine) as session:
        assert session.exec(select(func.count(Candidate.id))).one() >= 150
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))
