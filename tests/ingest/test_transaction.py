"""One record, one transaction: a dry run rolls back and still says what it would have done."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, func, select

from ingest.report import Outcome
from ingest.transaction import database_failure, write_once
from store.engine import get_engine, init_db
from store.models import Skill


def _add_skill(session: Session) -> Outcome:
    session.add(Skill(name="Underwater Welding", category="other"))
    session.flush()
    return Outcome("added", "skills.csv line 2", 1)


def test_a_dry_run_rolls_back_and_a_real_run_commits(tmp_path: Path) -> None:
    engine = init_db(get_engine(f"sqlite:///{tmp_path}/t.db"))
    count = select(func.count()).select_from(Skill)
    outcome, rolled_back = write_once(engine, _add_skill, dry_run=True)
    assert rolled_back and outcome.status == "added"
    with Session(engine) as session:
        assert session.exec(count).one() == 0
    outcome, rolled_back = write_once(engine, _add_skill, dry_run=False)
    assert not rolled_back and outcome.entity_id == 1
    with Session(engine) as session:
        assert session.exec(count).one() == 1
    engine.dispose()


def test_a_database_failure_names_the_kind_of_error_only() -> None:
    exc = IntegrityError("INSERT ... 'ana@example.org'", {}, ValueError("UNIQUE constraint failed: ana@example.org"))
    assert database_failure(exc, "row") == "database error (ValueError); nothing of this row was written"
