"""Write checks before the yes: which application or role a write is about, and whether it may be done."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.write_checks import (
    application_for_title,
    check_move,
    check_shortlist,
    choose_application,
    choose_shortlist_role,
    move_target,
)
from store.models import Candidate, Role, Stage
from tests.bot.conftest import application_of


def test_choose_application(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        ana, ben, cy = (session.get(Candidate, ids[k]) for k in ("ana", "ben", "cy"))
        several = choose_application(session, ana, None)
        assert several.problem == "several" and len(several.options) == 2
        named = choose_application(session, ana, session.get(Role, ids["ds"]))
        assert named.application is not None and named.role.title == "Data Scientist"
        assert choose_application(session, ben, session.get(Role, ids["ds"])).problem == "not_applied"
        only = choose_application(session, ben, None)  # the hired one: picked so the check can explain
        assert only.application is not None and only.application.stage is Stage.hired
        assert choose_application(session, cy, None).problem == "no_applications"


def test_choose_shortlist_role(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        ana, ben = session.get(Candidate, ids["ana"]), session.get(Candidate, ids["ben"])
        assert choose_shortlist_role(session, ana, None).problem == "several"
        assert choose_shortlist_role(session, ben, None).problem == "unknown"
        assert choose_shortlist_role(session, ben, session.get(Role, ids["ds"])).role.title == "Data Scientist"

def test_closed_role_cannot_be_shortlisted(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        check = check_shortlist(session, session.get(Candidate, ids["cy"]), session.get(Role, ids["old"]))
    assert not check.ok and check.problem == "role_closed"

def test_move_checks_same_terminal_backwards_and_skips(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        ana, ben = session.get(Candidate, ids["ana"]), session.get(Candidate, ids["ben"])
        de, ds = session.get(Role, ids["de"]), session.get(Role, ids["ds"])
        onsite, screening = application_of(session, ids["ana"], ids["de"]), application_of(session, ids["ana"], ids["ds"])
        assert check_move(session, ana, onsite, de, Stage.onsite).problem == "same_stage"
        assert check_move(session, ben, application_of(session, ids["ben"], ids["de"]), de, Stage.offer).problem == "terminal"
        back = check_move(session, ana, onsite, de, Stage.phone_screen)
        assert back.ok and back.pending["backwards"] is True
        jump = check_move(session, ana, screening, ds, Stage.onsite)
        assert jump.pending["skipped"] == ["phone_screen", "technical_interview"]
        reject = check_move(session, ana, screening, ds, Stage.rejected)
        assert reject.ok and reject.pending["backwards"] is False

def test_application_for_title(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        app, role = application_for_title(session, ids["ana"], "Data Scientist")
        assert app.role_id == ids["ds"] and role.title == "Data Scientist"
        assert application_for_title(session, ids["cy"], "Data Scientist") is None


def test_move_target_named_next_terminal_or_ask() -> None:
    assert move_target(Stage.screening, Stage.offer, True) == (Stage.offer, None)
    assert move_target(Stage.hired, Stage.offer, False) == (Stage.offer, None)  # the check explains it later
    assert move_target(Stage.hired, None, True) == (None, "terminal")
    assert move_target(Stage.rejected, None, False) == (None, "terminal")
    assert move_target(Stage.screening, None, True) == (Stage.phone_screen, None)
    assert move_target(Stage.offer, None, True) == (Stage.hired, None)
    assert move_target(Stage.screening, None, False) == (None, None)
