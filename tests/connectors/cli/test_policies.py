"""`hrbot import policies|leave` and `hrbot policies ask|gaps` on the demo handbook's store."""

from __future__ import annotations

import json
from pathlib import Path

from sqlmodel import Session, select

from connectors.cli import app
from store.models import Employee, LeaveBalance, LeaveRequest
from tests.connectors.cli.helpers import invoke
from tests.handbook import handbook, handbook_dir  # noqa: F401  (fixtures)


def test_ask_as_json_one_line_per_question_best_first(handbook, tmp_path: Path) -> None:
    questions = tmp_path / "q.txt"
    questions.write_text("when is payday\n\ncan i bring my dog to the office\n")
    done = invoke(app, ["policies", "ask", "--file", str(questions), "--json"])
    lines = [json.loads(line) for line in done.output.splitlines() if line.startswith("{")]
    assert [line["answered"] for line in lines] == [True, False]
    assert lines[0]["citations"][0]["section"] == "Pay day" and "25th" in lines[0]["citations"][0]["quote"]
    assert "contact" in lines[1]
    text = invoke(app, ["policies", "ask", "how", "long", "is", "probation"]).output
    assert "Onboarding Guide › Probation" in text and "six months" in text
    gaps = invoke(app, ["policies", "gaps"]).output
    assert "dog" in gaps
    recruiter_only = invoke(app, ["policies", "ask", "--as", "employee", "--json", "how long do we keep candidate data"])
    assert json.loads(recruiter_only.output.splitlines()[-1])["answered"] is False
    assert "no question" in invoke(app, ["policies", "ask"], code=2).output


def test_import_policies_updates_in_place(handbook, tmp_path: Path) -> None:
    doc = tmp_path / "pets.md"
    doc.write_text("---\ntitle: Pets at Work\n---\n## Dogs\nWell-behaved dogs are welcome in the office on Fridays.\n")
    first = invoke(app, ["import", "policies", str(doc)]).output
    assert "added: 1" in first and "policies:" in first
    assert "skipped (unchanged): 1" in invoke(app, ["import", "policies", str(doc)]).output
    answer = json.loads(invoke(app, ["policies", "ask", "--json", "can i bring my dog to the office"]).output.splitlines()[-1])
    assert answer["answered"] and answer["citations"][0]["document"] == "Pets at Work"
    bad = invoke(app, ["import", "policies", "--audience", "aliens", str(doc)], code=2)
    assert "unknown audience" in bad.output


def test_import_leave_balances_and_requests_from_csv(handbook, tmp_path: Path) -> None:
    with Session(handbook) as session:
        email = session.exec(select(Employee.email).order_by(Employee.id)).first()
    balances = tmp_path / "balances.csv"
    balances.write_text(f"email,leave_type,year,entitlement_days,carried_over_days\n{email},annual,2027,30,2\n"
                        "nobody@example.com,annual,2027,30,0\n")
    out = invoke(app, ["import", "leave", str(balances)]).output
    assert "added: 1" in out and "failed: 1" in out and "no employee with that e-mail" in out
    requests = tmp_path / "requests.csv"
    requests.write_text(f"email,leave_type,start_date,end_date,status\n{email},annual,2027-01-11,2027-01-15,approved\n"
                        f"{email},annual,2027-02-30,2027-03-01,approved\n")
    out = invoke(app, ["import", "leave", str(requests)]).output
    assert "added: 1" in out and "not a date" in out
    assert "skipped (unchanged): 1" in invoke(app, ["import", "leave", str(requests)]).output
    with Session(handbook) as session:
        assert session.exec(select(LeaveBalance.entitlement_days).where(LeaveBalance.year == 2027)).all() == [30.0]
        assert session.exec(select(LeaveRequest.days).where(LeaveRequest.start_date.between(  # type: ignore[attr-defined]
            "2027-01-01", "2027-01-31"))).all() == [5.0]
    unknown = tmp_path / "other.csv"
    unknown.write_text("a,b\n1,2\n")
    assert "unknown columns" in invoke(app, ["import", "leave", str(unknown)], code=1).output
