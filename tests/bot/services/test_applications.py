"""Application status reads the stage and its history from the store."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.applications import application_status
from store.models import Application, Candidate, Role, StageEvent


def test_status_lists_every_application_with_its_stage(seeded, applicant: Candidate) -> None:
    with Session(seeded) as session:
        lookup = application_status(session, applicant.full_name)
        apps = session.exec(
            select(Application, Role.title).join(Role).where(Application.candidate_id == applicant.id)
        ).all()
        person = next(p for p in lookup.people if p.candidate_id == applicant.id)
        expected = {(title, app.stage) for app, title in apps}
        assert {(a.role_title, a.stage) for a in person.applications} == expected
        for view in person.applications:
            app = next(a for a, t in apps if t == view.role_title)
            events = session.exec(select(StageEvent).where(StageEvent.application_id == app.id)).all()
            assert view.steps == len(events) >= 1


def test_unknown_name_gives_no_people(seeded) -> None:
    with Session(seeded) as session:
        lookup = application_status(session, "Nobody Atall")
    assert lookup.people == []
