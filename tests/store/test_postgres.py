"""The same store on a real PostgreSQL server: migrations, seeding, audit guard, restart safety."""

from __future__ import annotations

import os
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import create_engine, func, inspect, text
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select

from bot.services.applications import application_status
from store import audit
from store.engine import _engine_for, get_engine, init_db, migrate, session_scope
from store.migrations import BASELINE, alembic_config, current, head
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
    engine = init_db(get_engine())  # a second start runs the migrations again (nothing to do)
    with Session(engine) as session:
        assert session.exec(select(func.count(Candidate.id))).one() >= 150
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM audit_log"))


def test_models_and_migrated_schema_do_not_differ_on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", pg_url)
    engine = init_db(get_engine())
    assert current(engine) == head()
    with engine.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_store_from_before_migrations_is_adopted_on_postgres(pg_url: str, monkeypatch: pytest.MonkeyPatch) -> None:
    # The create-all code made exactly the baseline's schema (test_migrations checks it on SQLite),
    # so a store of that code is this one taken back to the baseline, without its alembic_version table.
    monkeypatch.setenv("DATABASE_URL", pg_url)
    engine = init_db(get_engine())
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), BASELINE)
        conn.execute(text("DROP TABLE alembic_version"))
        tables = [t for t in SQLModel.metadata.sorted_tables if inspect(conn).has_table(t.name)]
        before = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
    assert before["candidate"] >= 150 and before["audit_log"] >= 1
    assert current(engine) is None
    result = migrate(engine)
    assert result.adopted and result.after == head()
    with engine.connect() as conn:
        after = {t.name: conn.execute(select(func.count()).select_from(t)).scalar_one() for t in tables}
    assert after == before
    with pytest.raises(DBAPIError, match="append-only"):
        with engine.begin() as conn:
            conn.execute(text("UPDATE audit_log SET actor = 'mallory'"))


def test_concurrent_starts_on_an_empty_postgres_migrate_once(pg_url: str) -> None:
    # A second database on the same server, empty: several processes may start on it at once.
    url = pg_url.replace("postgresql://", "postgresql+psycopg://", 1)
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text("CREATE DATABASE hr_concurrent"))
    admin.dispose()
    engines = [create_engine(url.rsplit("/", 1)[0] + "/hr_concurrent") for _ in range(3)]
    with ThreadPoolExecutor(max_workers=3) as pool:
        results = list(pool.map(migrate, engines))
    assert sorted(r.before is None for r in results) == [False, False, True]
    assert all(r.after == head() for r in results)
    for engine in engines:
        engine.dispose()
