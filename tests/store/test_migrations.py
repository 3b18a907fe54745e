"""Migrations: a store made by the create-all code (167c6a1) is upgraded losing nothing, a fresh
store gets exactly that schema, and the models and the migrated schema do not drift apart.

`data/hrbot-167c6a1.db.gz` is a real store seeded by the code at 167c6a1 (catalog, 25 candidates,
6 employees, a shortlist, a feedback and an audit entry); `data/make_167c6a1_store.py` says how it
was made and remakes it.
"""

from __future__ import annotations

import gzip
import io
import shutil
import sqlite3
from contextlib import redirect_stdout
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy import text
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlmodel import Session, SQLModel, select
from typer.testing import CliRunner

from connectors.cli import app
from store.engine import _engine_for, get_engine, init_db, migrate
from store.migrations import BASELINE, alembic_config, current, head, runner
from store.models import Application, AuditLog, Candidate, Meta, User

OLD_STORE = Path(__file__).parent / "data" / "hrbot-167c6a1.db.gz"


def _old_store(folder: Path) -> Path:
    """The 167c6a1 store, unpacked as the data dir's hrbot.db."""
    target = folder / "hrbot.db"
    with gzip.open(OLD_STORE) as packed, target.open("wb") as out:
        shutil.copyfileobj(packed, out)
    return target


def _counts(path: Path) -> dict[str, int]:
    """Rows per table, read with plain sqlite3 (no engine, no migration)."""
    with sqlite3.connect(path) as con:
        tables = [r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {t: con.execute(f'SELECT COUNT(*) FROM "{t}"').fetchone()[0] for t in tables}


def _schema(path: Path) -> dict[tuple[str, str], str]:
    """Every table, index and trigger with its SQL, as SQLite stored it."""
    with sqlite3.connect(path) as con:
        rows = con.execute("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'")
        return {(kind, name): sql for kind, name, sql in rows}


def _assert_append_only(engine: Engine) -> None:
    for statement in ("UPDATE audit_log SET actor = 'mallory'", "DELETE FROM audit_log"):
        with pytest.raises(DBAPIError, match="append-only"):
            with engine.begin() as conn:
                conn.execute(text(statement))


def test_store_from_167c6a1_is_upgraded_losing_nothing(tmp_path: Path) -> None:
    path = _old_store(tmp_path)
    before = _counts(path)
    assert "alembic_version" not in before and before["candidate"] == 25 and before["audit_log"] == 2
    engine = get_engine(f"sqlite:///{path}")
    assert current(engine) is None

    result = migrate(engine)

    assert (result.before, result.after, result.adopted) == (None, head(), True)
    after = _counts(path)
    assert after.pop("alembic_version") == 1
    assert {table: after[table] for table in before} == before
    assert all(after[table] == 0 for table in set(after) - set(before))  # tables later revisions add start empty
    assert current(engine) == head()
    with Session(engine) as session:  # the rows read back through today's models
        assert session.get(Meta, "schema_version").value == "1"
        assert {a.stage for a in session.exec(select(Application)).all()}
        assert session.exec(select(User).where(User.handle == "recruiter")).one().role.value == "recruiter"
        entries = session.exec(select(AuditLog)).all()
    _assert_append_only(engine)
    with Session(engine) as session:
        assert session.exec(select(AuditLog)).all() == entries
    engine.dispose()
    _engine_for.cache_clear()


def test_cli_upgrade_adopts_the_old_store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DATABASE_URL", raising=False)
    monkeypatch.setenv("HRBOT_DATA_DIR", str(tmp_path))
    path = _old_store(tmp_path)
    before = _counts(path)
    runner = CliRunner()
    shown = runner.invoke(app, ["db", "current"])
    assert shown.exit_code == 0 and "no revision" in shown.output
    done = runner.invoke(app, ["db", "upgrade"])
    assert done.exit_code == 0, done.output
    assert "adopted" in done.output and head() in done.output
    again = runner.invoke(app, ["db", "upgrade"])
    assert again.exit_code == 0 and "nothing to do" in again.output
    shown = runner.invoke(app, ["db", "current"])
    assert f"revision {head()} (head)" in shown.output
    after = _counts(path)
    after.pop("alembic_version")
    assert {table: after[table] for table in before} == before
    get_engine().dispose()
    _engine_for.cache_clear()


def test_a_fresh_store_at_the_baseline_gets_exactly_the_old_schema(tmp_path: Path) -> None:
    old = _old_store(tmp_path)
    fresh = tmp_path / "fresh.db"
    with get_engine(f"sqlite:///{fresh}").begin() as conn:  # the baseline revision; later ones add to it
        command.upgrade(alembic_config(connection=conn), BASELINE)
    made = _schema(fresh)
    assert made.pop(("table", "alembic_version"))
    assert made == _schema(old)


def test_models_and_migrated_schema_do_not_differ_on_sqlite(store: Engine) -> None:
    with store.connect() as conn:
        assert compare_metadata(MigrationContext.configure(conn), SQLModel.metadata) == []


def test_downgrade_to_base_and_back(tmp_path: Path) -> None:
    engine = init_db(get_engine(f"sqlite:///{tmp_path / 'round.db'}"))
    with engine.begin() as conn:
        command.downgrade(alembic_config(connection=conn), "base")
    with engine.connect() as conn:
        names = set(conn.exec_driver_sql("SELECT name FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'").scalars())
    assert names <= {"alembic_version"}
    assert migrate(engine).before is None and current(engine) == head()


def test_postgresql_sql_is_rendered_offline() -> None:
    out = io.StringIO()
    with redirect_stdout(out):
        command.upgrade(alembic_config(url="postgresql+psycopg://hr@db.invalid/hr"), "head", sql=True)
    sql = out.getvalue()
    assert "CREATE TYPE stage AS ENUM" in sql and "CREATE TABLE audit_log" in sql
    assert "CREATE TRIGGER audit_log_append_only" in sql


def test_revision_drafts_the_next_number_from_the_models(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scripts = tmp_path / "migrations"
    shutil.copytree(runner.HERE, scripts, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(runner, "HERE", scripts)
    head.cache_clear()
    try:
        latest = head()
        drafted = runner.revision("nothing new")
        assert drafted == scripts / "versions" / f"{runner.revision_number(latest) + 1:04d}_nothing_new.py"
        body = drafted.read_text()
        assert f"down_revision: str | None = '{latest}'" in body
        assert "op." not in body  # the models add nothing to the baseline
    finally:
        head.cache_clear()
