"""Store faults: PostgreSQL restarted under the store, SQLite busy under concurrent writers. Nothing lost or half-written."""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.servers.postgres import PostgresCluster, pg_bindir, postgres_cluster
from store import audit
from store.engine import StoreUnavailable, _engine_for, database_url, init_db, transact
from store.models import Application, AuditLog, Candidate, Role, Stage, StageEvent

WRITERS = 6
MOVES_EACH = 4


def _applications(engine: Engine, count: int) -> list[int]:
    """`count` applications at `applied`, one per candidate, for one role."""
    with Session(engine) as session:
        role = Role(title="Data Engineer", family="Data Engineer", location="Berlin")
        session.add(role)
        session.flush()
        ids = []
        for i in range(count):
            person = Candidate(full_name=f"Person {i}")
            session.add(person)
            session.flush()
            app = Application(candidate_id=person.id, role_id=role.id, stage=Stage.applied)  # type: ignore[arg-type]
            session.add(app)
            session.flush()
            ids.append(app.id)
        session.commit()
    return ids  # type: ignore[return-value]


def _move(application_id: int, to: Stage, actor: str):  # type: ignore[no-untyped-def]
    """One audited stage move as the bot does it: read, check the stage, write the move, its event and audit entry."""
    def work(session: Session) -> Stage:
        app = session.get(Application, application_id)
        assert app is not None
        current = Stage(app.stage)
        app.stage = to
        session.add(app)
        session.add(StageEvent(application_id=application_id, from_stage=current, to_stage=to, actor=actor))
        audit.record(session, actor=actor, action="move_stage", entity_type="application", entity_id=application_id,
                     details={"from_stage": current.value, "to_stage": to.value})
        return current
    return work


@pytest.fixture
def sqlite_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("DATABASE_URL", "")
    engine = init_db(_engine_for(database_url()))
    yield engine
    engine.dispose()


def test_concurrent_audited_moves_on_sqlite_all_land(sqlite_store: Engine) -> None:
    """Writers in threads, each with its own connection, step their applications through the funnel at once."""
    stages = [Stage.screening, Stage.phone_screen, Stage.technical_interview, Stage.onsite][:MOVES_EACH]
    apps = _applications(sqlite_store, WRITERS)
    start = threading.Barrier(WRITERS)

    def writer(app_id: int) -> list[Stage]:
        start.wait()
        return [transact(_move(app_id, to, f"writer-{app_id}"), sqlite_store) for to in stages]

    with ThreadPoolExecutor(WRITERS) as pool:
        seen = list(pool.map(writer, apps))
    assert all(froms == [Stage.applied, *stages[:-1]] for froms in seen)  # each move saw the one before it
    with Session(sqlite_store) as session:
        assert session.exec(select(func.count(AuditLog.id))).one() == WRITERS * MOVES_EACH
        assert session.exec(select(func.count(StageEvent.id))).one() == WRITERS * MOVES_EACH
        assert {a.stage for a in session.exec(select(Application))} == {stages[-1]}


def test_concurrent_moves_of_one_application_are_serialised(sqlite_store: Engine) -> None:
    """Read-then-write units on the same row at once: each sees the previous one's move (no lost update)."""
    (app_id,) = _applications(sqlite_store, 1)
    start = threading.Barrier(WRITERS)
    targets = [Stage.screening, Stage.phone_screen] * (WRITERS // 2)

    def writer(i: int) -> Stage:
        start.wait()
        return transact(_move(app_id, targets[i], f"writer-{i}"), sqlite_store)

    with ThreadPoolExecutor(WRITERS) as pool:
        list(pool.map(writer, range(WRITERS)))
    with Session(sqlite_store) as session:
        events = list(session.exec(select(StageEvent).order_by(StageEvent.id)))
        final = session.get(Application, app_id)
    assert len(events) == WRITERS
    chain = [Stage.applied] + [e.to_stage for e in events]
    assert [e.from_stage for e in events] == chain[:-1]  # every move started where the last one ended
    assert final is not None and final.stage is events[-1].to_stage


@pytest.fixture
def cluster(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Iterator[PostgresCluster]:
    if pg_bindir() is None:
        if os.environ.get("CI"):
            pytest.fail("PostgreSQL binaries missing in CI: .ci/run must install postgresql")
        pytest.skip("PostgreSQL server binaries not installed (apt-get install postgresql)")
    with postgres_cluster() as running:
        monkeypatch.setenv("DATABASE_URL", running.url)
        monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
        yield running


def test_postgres_restart_under_the_store(cluster: PostgresCluster) -> None:
    """Pooled connections die with the server: the next unit reconnects; while it is down, a clear error."""
    engine = init_db(_engine_for(database_url()))
    (app_id,) = _applications(engine, 1)
    transact(_move(app_id, Stage.screening, "before"), engine)  # the pool now holds a live connection
    cluster.restart()
    assert transact(_move(app_id, Stage.phone_screen, "after"), engine) is Stage.screening
    cluster.stop()
    try:
        with pytest.raises(StoreUnavailable, match="unavailable"):
            transact(_move(app_id, Stage.onsite, "down"), engine)
    finally:
        cluster.start()
    with Session(engine) as session:
        actors = [e.actor for e in session.exec(select(StageEvent).order_by(StageEvent.id))]
        assert actors == ["before", "after"]
        assert session.exec(select(func.count(AuditLog.id))).one() == 2
        assert session.get(Application, app_id).stage is Stage.phone_screen  # type: ignore[union-attr]
    engine.dispose()


def test_postgres_restart_mid_transaction_writes_once(cluster: PostgresCluster) -> None:
    """The server goes away between a unit's writes and its commit: rolled back whole, then done once on retry."""
    engine = init_db(_engine_for(database_url()))
    (app_id,) = _applications(engine, 1)
    tries: list[int] = []
    move = _move(app_id, Stage.screening, "recruiter")

    def work(session: Session) -> Stage:
        tries.append(1)
        moved_from = move(session)
        session.flush()  # the move, its event and its audit entry are on the server, not committed
        if len(tries) == 1:
            cluster.restart()
        return moved_from

    assert transact(work, engine) is Stage.applied
    assert len(tries) == 2
    with Session(engine) as session:
        assert session.exec(select(func.count(StageEvent.id))).one() == 1
        assert session.exec(select(func.count(AuditLog.id))).one() == 1
        assert session.get(Application, app_id).stage is Stage.screening  # type: ignore[union-attr]
    engine.dispose()
