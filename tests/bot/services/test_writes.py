"""Shortlist and stage-move writes: choosing, checking, performing (with history and audit), parsing."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from sqlmodel import Session, select

from bot.services.writes import (
    check_move,
    check_shortlist,
    choose_application,
    choose_shortlist_role,
    next_stage,
    parse_pending,
    parse_stage,
    perform,
    person_text,
    stage_in_text,
    wants_next_stage,
)
from store.models import Application, AuditLog, Candidate, Role, Shortlist, Stage, StageEvent

T0 = datetime(2026, 3, 1, tzinfo=UTC)


@pytest.fixture
def world(store):
    """Ana applied to two open roles (onsite, screening); Ben was hired; Cy has no application."""
    with Session(store) as session:
        de = Role(title="Data Engineer", family="Data Engineer", location="Berlin")
        ds = Role(title="Data Scientist", family="Data Scientist", location="Paris")
        old = Role(title="Old Role", family="Data Engineer", location="Paris", is_open=False)
        session.add_all([de, ds, old])
        ana, ben, cy = Candidate(full_name="Ana Silva"), Candidate(full_name="Ben Okoro"), Candidate(full_name="Cy Ray")
        session.add_all([ana, ben, cy])
        session.flush()
        session.add_all([
            Application(candidate_id=ana.id, role_id=de.id, stage=Stage.onsite, updated_at=T0),
            Application(candidate_id=ana.id, role_id=ds.id, stage=Stage.screening, updated_at=T0),
            Application(candidate_id=ben.id, role_id=de.id, stage=Stage.hired, updated_at=T0),
        ])
        session.commit()
        ids = {"ana": ana.id, "ben": ben.id, "cy": cy.id, "de": de.id, "ds": ds.id, "old": old.id}
    return store, ids


def _app(session: Session, candidate_id: int, role_id: int) -> Application:
    return session.exec(select(Application).where(Application.candidate_id == candidate_id,
                                                  Application.role_id == role_id)).one()


@pytest.mark.parametrize(
    ("typed", "stage"),
    [("offer", Stage.offer), ("phone_screen", Stage.phone_screen), ("Phone Screen", Stage.phone_screen),
     ("tech interview", Stage.technical_interview), ("on-site", Stage.onsite), ("reject", Stage.rejected),
     ("hire", Stage.hired), ("banana", None), ("", None)],
)
def test_parse_stage(typed: str, stage: Stage | None) -> None:
    assert parse_stage(typed) is stage


def test_stage_in_text_prefers_the_target() -> None:
    assert stage_in_text("move Ana from phone screen to onsite") is Stage.onsite
    assert stage_in_text("reject Ana please") is Stage.rejected
    assert stage_in_text("move Ana to the technical interview stage") is Stage.technical_interview
    assert stage_in_text("move Ana forward") is None


def test_next_stage_words_and_funnel() -> None:
    assert wants_next_stage("advance Ana to the next round")
    assert wants_next_stage("move her forward")
    assert not wants_next_stage("move Ana to offer")
    assert next_stage(Stage.onsite) is Stage.offer and next_stage(Stage.offer) is Stage.hired
    assert next_stage(Stage.hired) is None and next_stage(Stage.rejected) is None


def test_person_text_strips_role_stage_and_verbs() -> None:
    assert person_text("shortlist Ana Silva for Data Engineer", ["Data Engineer"]) == "Ana Silva"
    assert person_text("move the second one to the onsite", []) == "the second one the"


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


def test_shortlist_check_perform_and_audit(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        check = check_shortlist(session, session.get(Candidate, ids["cy"]), session.get(Role, ids["de"]))
    assert check.ok and check.pending == {"kind": "shortlist", "candidate_id": ids["cy"], "candidate_name": "Cy Ray",
                                          "role_id": ids["de"], "role_title": "Data Engineer"}
    with Session(engine) as session:
        outcome = perform(session, check.pending, actor="recruiter", channel="slack")
        session.commit()
    assert outcome.done
    with Session(engine) as session:
        row = session.exec(select(Shortlist)).one()
        assert (row.candidate_id, row.role_id, row.added_by) == (ids["cy"], ids["de"], "recruiter")
        entry = session.exec(select(AuditLog)).one()
        assert (entry.actor, entry.channel, entry.action, entry.entity_type) == (
            "recruiter", "slack", "shortlist_candidate", "shortlist")
        assert entry.details == {"candidate_id": ids["cy"], "role_id": ids["de"]}
        assert "Cy" not in str(entry.details)
        again = check_shortlist(session, session.get(Candidate, ids["cy"]), session.get(Role, ids["de"]))
        assert again.problem == "already_shortlisted"
        second = perform(session, check.pending, actor="recruiter", channel="slack")
        assert not second.done and second.problem == "already_shortlisted"


def test_closed_role_cannot_be_shortlisted(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        check = check_shortlist(session, session.get(Candidate, ids["cy"]), session.get(Role, ids["old"]))
    assert not check.ok and check.problem == "role_closed"


def test_move_check_perform_history_and_audit(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        app = _app(session, ids["ana"], ids["de"])
        check = check_move(session, session.get(Candidate, ids["ana"]), app, session.get(Role, ids["de"]), Stage.offer)
    assert check.ok and check.pending["from_stage"] == "onsite" and check.pending["to_stage"] == "offer"
    assert check.pending["backwards"] is False and check.pending["skipped"] == []
    with Session(engine) as session:
        outcome = perform(session, check.pending, actor="U0RECRUIT1", channel="web")
        session.commit()
    assert outcome.done
    with Session(engine) as session:
        app = _app(session, ids["ana"], ids["de"])
        assert app.stage is Stage.offer and app.updated_at.replace(tzinfo=UTC) > T0
        event = session.exec(select(StageEvent).where(StageEvent.application_id == app.id)).one()
        assert (event.from_stage, event.to_stage, event.actor) == (Stage.onsite, Stage.offer, "U0RECRUIT1")
        entry = session.exec(select(AuditLog)).one()
        assert (entry.action, entry.entity_type, entry.entity_id, entry.channel) == (
            "move_stage", "application", str(app.id), "web")
        assert entry.details == {"candidate_id": ids["ana"], "role_id": ids["de"], "from_stage": "onsite",
                                 "to_stage": "offer", "stage_event_id": event.id}


def test_move_is_rechecked_when_the_stage_changed_meanwhile(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        app = _app(session, ids["ana"], ids["de"])
        pending = check_move(session, session.get(Candidate, ids["ana"]), app, session.get(Role, ids["de"]),
                             Stage.offer).pending
        app.stage = Stage.rejected
        session.add(app)
        session.commit()
    with Session(engine) as session:
        outcome = perform(session, pending, actor="recruiter", channel="cli")
        session.commit()
    assert not outcome.done and outcome.problem == "changed" and outcome.details["current_stage"] == "rejected"
    with Session(engine) as session:
        assert session.exec(select(StageEvent)).all() == [] and session.exec(select(AuditLog)).all() == []


def test_move_checks_same_terminal_backwards_and_skips(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        ana, ben = session.get(Candidate, ids["ana"]), session.get(Candidate, ids["ben"])
        de, ds = session.get(Role, ids["de"]), session.get(Role, ids["ds"])
        onsite, screening = _app(session, ids["ana"], ids["de"]), _app(session, ids["ana"], ids["ds"])
        assert check_move(session, ana, onsite, de, Stage.onsite).problem == "same_stage"
        assert check_move(session, ben, _app(session, ids["ben"], ids["de"]), de, Stage.offer).problem == "terminal"
        back = check_move(session, ana, onsite, de, Stage.phone_screen)
        assert back.ok and back.pending["backwards"] is True
        jump = check_move(session, ana, screening, ds, Stage.onsite)
        assert jump.pending["skipped"] == ["phone_screen", "technical_interview"]
        reject = check_move(session, ana, screening, ds, Stage.rejected)
        assert reject.ok and reject.pending["backwards"] is False


@pytest.mark.parametrize(
    "value",
    [None, {}, "shortlist", {"kind": "delete_everything", "candidate_id": 1},
     {"kind": "shortlist", "candidate_id": "x", "role_id": 1}, {"kind": "move_stage", "candidate_id": 1},
     {"kind": "move_stage", "candidate_id": 1, "application_id": 1, "from_stage": "nowhere", "to_stage": "offer"}],
)
def test_malformed_pending_writes_nothing(world, value) -> None:
    engine, _ = world
    assert parse_pending(value) is None
    with Session(engine) as session:
        outcome = perform(session, value, actor="recruiter", channel="cli")  # type: ignore[arg-type]
        session.commit()
    assert not outcome.done and outcome.problem == "invalid"
    with Session(engine) as session:
        assert session.exec(select(AuditLog)).all() == [] and session.exec(select(Shortlist)).all() == []


def test_pending_for_a_missing_application_is_gone(world) -> None:
    engine, ids = world
    pending = {"kind": "move_stage", "candidate_id": ids["ana"], "application_id": 9999, "from_stage": "onsite",
               "to_stage": "offer", "candidate_name": "Ana Silva", "role_title": "Data Engineer"}
    with Session(engine) as session:
        assert perform(session, pending, actor="recruiter", channel="cli").problem == "gone"
