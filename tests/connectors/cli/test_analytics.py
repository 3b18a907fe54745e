"""`hrbot analytics attrition|forecast|fairness` through typer's CliRunner on the generated history."""

from __future__ import annotations

import json
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.cli.analytics import register
from store.models import AuditLog
from tests.connectors.cli.helpers import app_with, invoke

app = app_with(register)


def test_attrition_lists_people_with_factors_and_the_caveat(history_store: Engine) -> None:
    done = invoke(app, ["analytics", "attrition", "--team", "data", "--limit", "3", "--actor", "cli:test"])
    assert done.output.startswith("Data Platform:") and "(raises the risk)" in done.output
    assert "prompt for a conversation, not a decision" in done.output
    with Session(history_store) as session:
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()  # type: ignore[union-attr]
    assert entry is not None and (entry.actor, entry.action, entry.channel) == ("cli:test", "view_attrition_risk", "cli")


def test_attrition_json(history_store: Engine) -> None:
    report = json.loads(invoke(app, ["analytics", "attrition", "--json", "--limit", "4"]).output)
    assert len(report["people"]) == 4 and report["headcount"] == 300 and "not a decision" in report["note"]
    probabilities = [p["probability_12m"] for p in report["people"]]
    assert probabilities == sorted(probabilities, reverse=True)
    assert all(f["direction"] in ("raises", "lowers") for p in report["people"] for f in p["factors"])


def test_forecast_json_and_chart(history_store: Engine, tmp_path: Path) -> None:
    chart = tmp_path / "forecast.png"
    report = json.loads(invoke(app, ["analytics", "forecast", "--team", "platform", "--json", "--chart",
                                     str(chart)]).output)
    assert {"Data Platform", "ML Platform", "Web Platform"} == set(report["teams"])
    quarters = report["quarters"]
    assert len(quarters) == 4 and all(q["leavers_low"] <= q["leavers"] <= q["leavers_high"] for q in quarters)
    assert chart.read_bytes().startswith(b"\x89PNG")


def test_unknown_team_is_one_clear_line(history_store: Engine) -> None:
    done = invoke(app, ["analytics", "forecast", "--team", "basket weaving"], code=2)
    assert "no team matches 'basket weaving'" in done.output and "Data Platform" in done.output


def test_fairness_audit_table(history_store: Engine) -> None:
    done = invoke(app, ["analytics", "fairness"])
    assert "gender: four-fifths rule" in done.output and "age_band" in done.output
