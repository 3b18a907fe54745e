"""Career paths: shortest route by typical years, options from here, gaps per step."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.careers import career_path, entry_points, reachable, shortest_path
from bot.services.identity import resolve_identity
from store.models import Employee, User, UserRole

GRAPH = {
    "A": [("B", 1.0), ("C", 5.0)],
    "B": [("C", 1.5), ("D", 4.0)],
    "C": [("D", 1.0)],
    "D": [],
    "E": [("A", 1.0)],
}


def test_shortest_path_by_years_not_hops() -> None:
    assert shortest_path(GRAPH, "A", "C") == [("A", "B", 1.0), ("B", "C", 1.5)]
    assert shortest_path(GRAPH, "A", "D") == [("A", "B", 1.0), ("B", "C", 1.5), ("C", "D", 1.0)]
    assert shortest_path(GRAPH, "A", "A") == []
    assert shortest_path(GRAPH, "D", "A") is None
    assert shortest_path(GRAPH, "A", "nowhere") is None


def test_reachable_and_entry_points() -> None:
    options = {o.family: o for o in reachable(GRAPH, "A", max_steps=2)}
    assert set(options) == {"B", "C", "D"}
    assert options["C"].years == 2.5 and options["C"].via == ("B",)
    assert options["B"].via == ()
    assert [o.family for o in entry_points(GRAPH, "D")] == ["C", "B"]


def _employee_in(session: Session, family: str | None = None) -> tuple[str, Employee]:
    rows = session.exec(
        select(User.handle, Employee).join(Employee, Employee.id == User.employee_id)
        .where(User.role == UserRole.employee).order_by(User.id)
    ).all()
    for handle, emp in rows:
        if family is None or emp.current_role == family:
            return handle, emp
    raise AssertionError("no such employee")


def test_path_on_the_seeded_store(seeded) -> None:
    with Session(seeded) as session:
        handle, emp = _employee_in(session)
        me = resolve_identity(session, handle)
        options = career_path(session, me, None)
        assert options.start == emp.current_role
        assert options.status in {"options", "ok"}
        if not options.options:
            return
        far = options.options[-1]
        advice = career_path(session, me, far.family)
    assert advice.status == "ok" and advice.steps
    assert advice.steps[0].from_family == emp.current_role and advice.steps[-1].to_family == far.family
    assert advice.total_years <= far.years + 1e-6
    assert all(s.role_title for s in advice.steps)


def test_no_path_unknown_role_and_no_profile(seeded) -> None:
    with Session(seeded) as session:
        handle, emp = _employee_in(session)
        me = resolve_identity(session, handle)
        same = career_path(session, me, emp.current_role)
        unknown = career_path(session, me, "Chief Dragon Officer")
        # Recruiter is a source family only: nothing in the graph leads into it from engineering
        back = career_path(session, me, "Recruiter")
        stranger = career_path(session, resolve_identity(session, "U_STRANGER"), "Data Scientist")
        blank = career_path(session, resolve_identity(session, "U_STRANGER"), "")
    assert same.status == "already_there"
    assert unknown.status == "unknown_role"
    if emp.current_role != "Recruiter":
        assert back.status == "no_path" and back.target == "Recruiter"
    assert stranger.status == "no_profile" and {o.family for o in stranger.entry_points} >= {"Data Analyst"}
    assert blank.status == "no_profile" and blank.suggestions
