"""Writes after the yes: performed with stage history and audit entry, re-checked, malformed ones refused."""

from __future__ import annotations

import re
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC

import pytest
from sqlmodel import Session, select

from bot.services.write_checks import check_move, check_shortlist, parse_pending
from bot.services.write_perform import perform
from store.engine import transact
from store.models import AuditLog, Candidate, Role, Shortlist, Stage, StageEvent
from tests.bot.conftest import T0, application_of


def test_shortlist_check_perform_and_audit(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        check = check_shortlist(session, session.get(Candidate, ids["cy"]), session.get(Role, ids["de"]))
    request_id = check.pending["request_id"] if check.ok else ""
    assert re.fullmatch(r"[0-9a-f]{32}", request_id)
    assert check.pending == {"kind": "shortlist", "candidate_id": ids["cy"], "candidate_name": "Cy Ray",
                             "role_id": ids["de"], "role_title": "Data Engineer", "request_id": request_id}
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
        assert entry.details == {"candidate_id": ids["cy"], "role_id": ids["de"], "request_id": request_id}
        assert "Cy" not in str(entry.details)
        again = check_shortlist(session, session.get(Candidate, ids["cy"]), session.get(Role, ids["de"]))
        assert again.problem == "already_shortlisted"
        second = perform(session, check.pending, actor="recruiter", channel="slack")
        assert not second.done and second.problem == "already_done"
        older = {k: v for k, v in check.pending.items() if k != "request_id"}  # a pending write from before request ids
        assert perform(session, older, actor="recruiter", channel="slack").problem == "already_shortlisted"

def test_move_check_perform_history_and_audit(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        app = application_of(session, ids["ana"], ids["de"])
        check = check_move(session, session.get(Candidate, ids["ana"]), app, session.get(Role, ids["de"]), Stage.offer)
    assert check.ok and check.pending["from_stage"] == "onsite" and check.pending["to_stage"] == "offer"
    assert check.pending["backwards"] is False and check.pending["skipped"] == []
    with Session(engine) as session:
        outcome = perform(session, check.pending, actor="U0RECRUIT1", channel="web")
        session.commit()
    assert outcome.done
    with Session(engine) as session:
        app = application_of(session, ids["ana"], ids["de"])
        assert app.stage is Stage.offer and app.updated_at.replace(tzinfo=UTC) > T0
        event = session.exec(select(StageEvent).where(StageEvent.application_id == app.id)).one()
        assert (event.from_stage, event.to_stage, event.actor) == (Stage.onsite, Stage.offer, "U0RECRUIT1")
        entry = session.exec(select(AuditLog)).one()
        assert (entry.action, entry.entity_type, entry.entity_id, entry.channel) == (
            "move_stage", "application", str(app.id), "web")
        assert entry.details == {"candidate_id": ids["ana"], "role_id": ids["de"], "from_stage": "onsite",
                                 "to_stage": "offer", "stage_event_id": event.id,
                                 "request_id": check.pending["request_id"]}


def test_a_move_confirmed_twice_is_written_once(world) -> None:
    """A double click on yes (or a yes resent after an outage) finds its request id in the audit trail."""
    engine, ids = world
    with Session(engine) as session:
        app = application_of(session, ids["ana"], ids["de"])
        pending = check_move(session, session.get(Candidate, ids["ana"]), app, session.get(Role, ids["de"]),
                             Stage.offer).pending
    outcomes = []
    for _ in range(2):
        with Session(engine) as session:
            outcomes.append(perform(session, pending, actor="recruiter", channel="web"))
            session.commit()
    assert [o.done for o in outcomes] == [True, False]
    assert outcomes[1].problem == "already_done" and outcomes[1].details["current_stage"] == "offer"
    with Session(engine) as session:
        assert len(session.exec(select(StageEvent)).all()) == 1 and len(session.exec(select(AuditLog)).all()) == 1


def test_concurrent_yeses_to_one_move_write_once(world) -> None:
    """Two yeses at the same moment, each in its own transaction with retries: one move, one audit entry."""
    engine, ids = world
    with Session(engine) as session:
        app = application_of(session, ids["ana"], ids["de"])
        pending = check_move(session, session.get(Candidate, ids["ana"]), app, session.get(Role, ids["de"]),
                             Stage.offer).pending
    start = threading.Barrier(4)

    def confirm(_: int) -> str | None:
        start.wait()
        outcome = transact(lambda s: perform(s, pending, actor="recruiter", channel="web"), engine)
        return "done" if outcome.done else outcome.problem

    with ThreadPoolExecutor(4) as pool:
        results = sorted(map(str, pool.map(confirm, range(4))))
    assert results == ["already_done", "already_done", "already_done", "done"]
    with Session(engine) as session:
        assert len(session.exec(select(StageEvent)).all()) == 1 and len(session.exec(select(AuditLog)).all()) == 1


def test_move_is_rechecked_when_the_stage_changed_meanwhile(world) -> None:
    engine, ids = world
    with Session(engine) as session:
        app = application_of(session, ids["ana"], ids["de"])
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
