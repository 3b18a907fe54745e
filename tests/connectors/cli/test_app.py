"""The hrbot CLI: seeding into a fresh store, refusing to clobber, and clear errors."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select
from typer.testing import CliRunner

from connectors.cli import app
from store.engine import get_engine
from store.models import AuditLog, Candidate, Role

runner = CliRunner()


def test_seed_then_refuse_then_reset(store) -> None:
    done = runner.invoke(app, ["seed", "--candidates", "40", "--employees", "5", "--no-esco"])
    assert done.exit_code == 0, done.output
    assert "candidates=40" in done.output
    with Session(get_engine()) as session:
        assert session.exec(select(func.count(Candidate.id))).one() == 40
        assert session.exec(select(func.count(Role.id))).one() >= 38

    again = runner.invoke(app, ["seed", "--candidates", "40", "--no-esco"])
    assert again.exit_code == 2
    assert "--reset" in again.output and "Traceback" not in again.output

    reset = runner.invoke(app, ["seed", "--candidates", "25", "--employees", "5", "--no-esco", "--reset"])
    assert reset.exit_code == 0, reset.output
    with Session(get_engine()) as session:
        assert session.exec(select(func.count(Candidate.id))).one() == 25
        assert session.exec(select(func.count(AuditLog.id))).one() >= 2  # both seeds audited, none lost


def test_bad_arguments_are_rejected_clearly(store) -> None:
    done = runner.invoke(app, ["seed", "--candidates", "-5"])
    assert done.exit_code == 2 and "Traceback" not in done.output


def test_unreachable_database_is_a_clear_error(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://hr:topsecret@127.0.0.1:1/hr?connect_timeout=2")
    done = runner.invoke(app, ["seed", "--candidates", "5"])
    assert done.exit_code == 2
    assert "cannot open the database" in done.output
    assert "topsecret" not in done.output


def test_chat_reports_missing_model(store, monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("HRBOT_PROJECT_ROOT", str(tmp_path))  # a project with no models/
    done = runner.invoke(app, ["chat", "--url", "http://127.0.0.1:1"], input="hi\n")
    assert done.exit_code == 2
    assert "no trained model" in done.output
