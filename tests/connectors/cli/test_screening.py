"""`hrbot screen` through typer's CliRunner, on an app with only the screening command registered."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from sqlmodel import Session, select

from connectors.cli.screening import register
from store.models import Application, Role
from tests.connectors.cli.helpers import app_with, invoke, runner
from tests.retrieval.helpers import use_dir

app = app_with(register)


def _stages(folder: Path, title: str) -> dict[int, str]:
    from store.engine import get_engine

    engine = get_engine()
    with Session(engine) as session:
        role_id = session.exec(select(Role.id).where(Role.title == title)).one()
        rows = session.exec(select(Application.candidate_id, Application.stage).where(Application.role_id == role_id))
        out = {int(c): s.value for c, s in rows}
    engine.dispose()
    return out


def test_json_lists_everyone_split_by_the_must_haves(cli_store: Path) -> None:
    data = json.loads(invoke(app, ["screen", "--role", "data analyst", "--all", "--json"]).stdout)
    active = {c: s for c, s in _stages(cli_store, "Data Analyst").items() if s != "rejected"}
    assert data["role"] == "Data Analyst" and data["scope"] == "all" and not data["problem"]
    people = data["meets"] + data["lacking"]
    assert {p["candidate_id"]: p["stage"] for p in people} == active
    assert all(p["meets_must_haves"] and not p["missing_required"] for p in data["meets"])
    assert all(p["missing_required"] and not p["meets_must_haves"] for p in data["lacking"])
    assert all(0 <= p["score"] <= 100 and p["experience_fit"] for p in people)


def test_text_shows_the_ranking_with_reasons_and_who_lacks_what(cli_store: Path) -> None:
    new = [c for c, s in _stages(cli_store, "Senior Data Scientist").items() if s == "applied"]
    data = json.loads(invoke(app, ["screen", "-r", "Senior Data Scientist", "--json"]).stdout)
    text = invoke(app, ["screen", "-r", "Senior Data Scientist"]).output
    assert data["scope"] == "new" and data["screened"] == len(new)
    assert f"screened {len(new)} new applicants" in text and "/100" in text
    for p in data["meets"]:
        assert p["name"] in text and f"has {', '.join(p['matched_required'])}" in text
    for p in data["lacking"]:
        assert f"lacks {', '.join(p['missing_required'])}" in text


def test_top_limits_each_list(cli_store: Path) -> None:
    data = json.loads(invoke(app, ["screen", "-r", "Data Analyst", "--all", "--top", "1", "--json"]).stdout)
    assert len(data["meets"]) <= 1 and len(data["lacking"]) <= 1
    assert data["meets_count"] + data["lacking_count"] == data["screened"] >= 3


def test_unknown_role_is_exit_2_with_suggestions(cli_store: Path) -> None:
    done = runner.invoke(app, ["screen", "--role", "deep learning"])
    assert done.exit_code == 2 and "did you mean" in done.output and "Deep Learning Engineer" in done.output
    done = runner.invoke(app, ["screen", "--role", "Chief Wizard"])
    assert done.exit_code == 2 and "no role titled" in done.output and "Traceback" not in done.output


def test_nothing_to_screen_is_an_answer_not_an_error(cli_store: Path) -> None:
    assert "nobody has an open application for Lead NLP Engineer" in invoke(app, ["screen", "-r", "Lead NLP Engineer"]).output
    out = invoke(app, ["screen", "-r", "Senior Data Engineer"]).output
    assert "no new applicants" in out and "--all" in out
    assert json.loads(invoke(app, ["screen", "-r", "Senior Data Engineer", "--json"]).stdout)["problem"] == "no_new_applicants"


def test_no_database_is_a_clear_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    use_dir(monkeypatch, tmp_path)
    done = runner.invoke(app, ["screen", "--role", "Data Analyst"])
    assert done.exit_code == 2 and "no database" in done.output and "hrbot setup" in done.output
