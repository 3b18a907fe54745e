"""`import_employees`: an HR export becomes employment history; bad rows are reported, nothing half-written."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from ingest import import_employees
from store.models import AuditLog, Employment, EmploymentEvent, EmploymentProtected

SAMPLE = Path(__file__).resolve().parents[2] / "data" / "samples" / "employees.csv"


def _employments(engine: Engine) -> dict[str, Employment]:
    with Session(engine) as session:
        return {e.external_id: e for e in session.exec(select(Employment))}


def test_the_sample_export_is_imported_with_events_managers_and_audit(store: Engine) -> None:
    report = import_employees(SAMPLE, actor="test")
    assert (report.added, report.failed) == (4, 0), report.summary()
    rows = _employments(store)
    assert rows["H003"].left_on == date(2024, 5, 31) and rows["H003"].leave_reason == "voluntary"
    assert rows["H002"].manager_id == rows["H001"].id and rows["H001"].manager_id is None
    with Session(store) as session:
        kinds = sorted(e.kind for e in session.exec(select(EmploymentEvent)
                                                    .where(EmploymentEvent.employment_id == rows["H002"].id)))
        assert kinds == ["pay_review", "survey", "training"]
        assert session.get(EmploymentProtected, rows["H003"].id).gender == "female"
        audits = session.exec(select(AuditLog).where(AuditLog.action == "import_employment")).all()
    assert len(audits) == 4 and all(a.actor == "test" for a in audits)
    again = import_employees(SAMPLE, actor="test")  # the same file twice adds nothing
    assert (again.added, again.updated, again.unchanged) == (0, 0, 4)


def test_bad_rows_fail_their_employee_only_and_are_reported(store: Engine, tmp_path: Path) -> None:
    export = tmp_path / "hr.csv"
    export.write_text(
        "employee_id,name,team,hire_date,termination_date,termination_reason,event_date,event_type,value\n"
        "A1,Ann Ok,Vision,2020-01-01,,,2024-01-01,survey,4.2\n"
        "B2,Bo Bad,Vision,2020-01-01,,,2024-01-01,survey,9\n"
        "C3,Cy Date,Vision,yesterday,,,,,\n"
        "D4,Di Gone,Vision,2021-01-01,2020-01-01,resigned,,,\n"
        "E5,Ed Odd,Vision,2021-01-01,,,2024-02-01,holiday,\n"
        ",No Id,Vision,2021-01-01,,,,,\n"
        "F6,Fi Why,Vision,2021-01-01,2023-01-01,,,,\n",
        encoding="utf-8")
    report = import_employees(export, actor="test")
    reasons = {o.source.split()[-1]: o.reason for o in report.outcomes if o.status == "failed"}
    assert report.added == 1 and set(_employments(store)) == {"A1"}
    assert "outside 1..5" in reasons["B2"] and "not a date" in reasons["C3"]
    assert "before hire_date" in reasons["D4"] and "holiday" in reasons["E5"]
    assert "without termination_reason" in reasons["F6"] and any("no employee id" in r for r in reasons.values())
    assert "Failed:" in report.summary()


def test_a_dry_run_writes_nothing(store: Engine) -> None:
    report = import_employees(SAMPLE, actor="test", dry_run=True)
    assert report.added == 4 and _employments(store) == {}


def test_a_file_without_an_id_column_is_one_clear_failure(store: Engine, tmp_path: Path) -> None:
    export = tmp_path / "wrong.csv"
    export.write_text("name,team\nAnn,Vision\n", encoding="utf-8")
    report = import_employees(export, actor="test")
    assert report.all_failed and "no employee id column" in report.file_failures[0][1]
