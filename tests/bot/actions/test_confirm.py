"""action_affirm / action_deny: do or drop pending writes (audited), rate recommendations, or say nothing waits."""

from __future__ import annotations

import asyncio
import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.actions.confirm import ActionAffirm, ActionDeny
from bot.actions.writes import ActionPrepareShortlist
from store.models import (
    Application,
    AuditLog,
    Course,
    Feedback,
    Shortlist,
    Stage,
    StageEvent,
)
from tests.bot.actions.applicants import BAD_INPUT, pick, single_active
from tests.bot.actions.rasa_turns import MoveStageTurn

NOTHING = ("Okay. There's nothing waiting for a yes or no right now. What would you like to do? "
           "Type 'help' for examples.")


def run(action, tracker, channel: str | None = None) -> tuple[list[dict], dict]:
    if channel:
        tracker.events[0]["input_channel"] = channel
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count(m.id))).one() for m in (Shortlist, StageEvent, AuditLog, Feedback))


def prepared(tracker_for, action, text: str, intent: str, **entities: str) -> dict:
    """The pending write a prepare action leaves in the slot."""
    _, slots = run(action(), tracker_for(text, intent=intent, entities=[{"entity": k, "value": v}
                                                                         for k, v in entities.items()]))
    assert slots["pending_write"], slots
    return slots["pending_write"]


def yes(tracker_for, slots: dict, sender: str = "recruiter", entities: list[dict] | None = None,
        channel: str | None = "slack"):
    return run(ActionAffirm(), tracker_for("yes", sender=sender, intent="affirm", slots=slots, entities=entities),
               channel)


def no(tracker_for, slots: dict, sender: str = "recruiter", entities: list[dict] | None = None):
    return run(ActionDeny(), tracker_for("no", sender=sender, intent="deny", slots=slots, entities=entities), "web")


def test_yes_shortlists_with_an_audit_entry(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    role = apps[0][1]
    pending = prepared(tracker_for, ActionPrepareShortlist, f"shortlist {cand.full_name} for {role.title}",
                       "shortlist_candidate", person=cand.full_name, role=role.title)
    messages, slots = yes(tracker_for, {"pending_write": pending})
    assert messages[0]["text"] == f"Done: {cand.full_name} is on the shortlist for {role.title}."
    assert slots == {"pending_write": None}
    with Session(writable) as session:
        row = session.exec(select(Shortlist).where(Shortlist.candidate_id == cand.id,
                                                   Shortlist.role_id == role.id)).one()
        assert row.added_by == "recruiter"
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (entry.actor, entry.channel, entry.action, entry.entity_type, entry.entity_id) == (
        "recruiter", "slack", "shortlist_candidate", "shortlist", str(row.id))
    assert entry.details == {"candidate_id": cand.id, "role_id": role.id, "request_id": pending["request_id"]}
    assert not any(part in str(entry.details) for part in cand.full_name.split())
    again, _ = yes(tracker_for, {"pending_write": pending})  # the same question answered twice (a double click)
    assert again[0]["text"].startswith("Already done:") and again[0]["custom"]["reason"] == "already_done"
    with Session(writable) as session:
        assert len(session.exec(select(Shortlist).where(Shortlist.candidate_id == cand.id,
                                                        Shortlist.role_id == role.id)).all()) == 1


def test_yes_moves_the_stage_with_history_and_audit(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    app, role = apps[0]
    pending = prepared(tracker_for, MoveStageTurn, f"advance {cand.full_name} to the next round",
                       "move_stage", person=cand.full_name)
    messages, slots = yes(tracker_for, {"pending_write": pending}, sender="U0RECRUIT2")
    assert messages[0]["text"].startswith(f"Done: {cand.full_name} moved from ")
    assert messages[0]["custom"]["type"] == "write_done" and slots == {"pending_write": None}
    with Session(writable) as session:
        now = session.get(Application, app.id)
        assert now.stage.value == pending["to_stage"] and now.updated_at > app.updated_at
        event = session.exec(select(StageEvent).order_by(StageEvent.id.desc())).first()
        assert (event.application_id, event.from_stage, event.to_stage, event.actor) == (
            app.id, Stage(app.stage), Stage(pending["to_stage"]), "U0RECRUIT2")
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert (entry.actor, entry.channel, entry.action, entry.entity_type, entry.entity_id) == (
        "U0RECRUIT2", "slack", "move_stage", "application", str(app.id))
    assert entry.details == {"candidate_id": cand.id, "role_id": role.id, "from_stage": Stage(app.stage).value,
                             "to_stage": pending["to_stage"], "stage_event_id": event.id,
                             "request_id": pending["request_id"]}


def test_unknown_channel_is_recorded_as_unknown(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    pending = prepared(tracker_for, MoveStageTurn, f"reject {cand.full_name}", "move_stage",
                       person=cand.full_name)
    yes(tracker_for, {"pending_write": pending}, channel=None)
    with Session(writable) as session:
        entry = session.exec(select(AuditLog).order_by(AuditLog.id.desc())).first()
    assert entry.channel == "unknown" and entry.details["to_stage"] == "rejected"


def test_no_cancels_and_writes_nothing(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    pending = prepared(tracker_for, ActionPrepareShortlist, f"shortlist {cand.full_name}", "shortlist_candidate",
                       person=cand.full_name)
    before = counts(writable)
    messages, slots = no(tracker_for, {"pending_write": pending})
    title = apps[0][1].title
    assert messages[0]["text"] == f"Okay, I won't shortlist {cand.full_name} for {title}. Nothing was changed."
    assert slots == {"pending_write": None} and counts(writable) == before
    move = prepared(tracker_for, MoveStageTurn, f"move {cand.full_name} to offer", "move_stage",
                    person=cand.full_name, stage="offer")
    messages, _ = no(tracker_for, {"pending_write": move})
    assert messages[0]["text"].startswith(f"Okay, I won't move {cand.full_name} to offer")
    assert counts(writable) == before
    with Session(writable) as session:
        assert session.get(Application, apps[0][0].id).stage == apps[0][0].stage


def test_yes_rechecks_a_stage_that_changed_meanwhile(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    pending = prepared(tracker_for, MoveStageTurn, f"move {cand.full_name} to offer", "move_stage",
                       person=cand.full_name, stage="offer")
    with Session(writable) as session:
        app = session.get(Application, apps[0][0].id)
        app.stage = Stage.rejected
        session.add(app)
        session.commit()
    before = counts(writable)
    messages, slots = yes(tracker_for, {"pending_write": pending})
    assert "is now at rejected" in messages[0]["text"] and "didn't change anything" in messages[0]["text"]
    assert slots == {"pending_write": None} and counts(writable) == before


def test_non_recruiters_can_never_write(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    pending = prepared(tracker_for, ActionPrepareShortlist, f"shortlist {cand.full_name}", "shortlist_candidate",
                       person=cand.full_name)
    before = counts(writable)
    for sender in ("yasemin.bulut", "U_STRANGER"):
        messages, slots = yes(tracker_for, {"pending_write": pending}, sender=sender)
        assert "recruiter-only" in messages[0]["text"] and slots == {"pending_write": None}
        assert cand.full_name not in str(messages)
    assert counts(writable) == before


@pytest.mark.parametrize(
    "pending", [{"kind": "drop_tables"}, {"kind": "shortlist", "candidate_id": "1; DROP TABLE role"},
                {"kind": "move_stage", "candidate_id": 1, "application_id": 1, "from_stage": "x", "to_stage": "y"}],
)
def test_malformed_pending_write_is_refused(writable, tracker_for, pending: dict) -> None:
    before = counts(writable)
    messages, slots = yes(tracker_for, {"pending_write": pending})
    assert "didn't change anything" in messages[0]["text"] and slots == {"pending_write": None}
    assert counts(writable) == before


def test_nothing_waiting_uses_the_domain_wording(writable, tracker_for) -> None:
    before = counts(writable)
    for action in (ActionAffirm(), ActionDeny()):
        messages, slots = run(action, tracker_for("yes", intent="affirm"))
        assert messages[0]["text"] == NOTHING and slots == {}
    assert counts(writable) == before


def _codes(engine: Engine, n: int) -> list[str]:
    with Session(engine) as session:
        return list(session.exec(select(Course.code).order_by(Course.id).limit(n)))


def test_pending_feedback_is_rated_up_and_down(writable, tracker_for) -> None:
    codes = _codes(writable, 3)
    pending = {"item_type": "course", "item_ids": codes[:2], "context": "training for data engineer"}
    messages, slots = yes(tracker_for, {"pending_feedback": pending}, sender="yasemin.bulut")
    assert messages[0]["text"].startswith("Thanks! Glad") and slots == {"pending_feedback": None}
    messages, _ = no(tracker_for, {"pending_feedback": {"item_type": "course", "item_ids": [codes[2]]}},
                     sender="yasemin.bulut")
    assert messages[0]["text"].startswith("Thanks for telling me")
    with Session(writable) as session:
        rows = session.exec(select(Feedback).where(Feedback.user_handle == "yasemin.bulut")).all()
        audits = session.exec(select(AuditLog).where(AuditLog.action == "feedback")).all()
    assert {(r.item_id, r.rating) for r in rows} == {(codes[0], 1), (codes[1], 1), (codes[2], -1)}
    assert len(audits) == 3


def test_thumbs_button_entities_rate_that_item(writable, tracker_for) -> None:
    code = _codes(writable, 1)[0]
    entities = [{"entity": "item_type", "value": "course"}, {"entity": "item_id", "value": code}]
    messages, slots = no(tracker_for, {}, sender="yasemin.bulut", entities=entities)
    assert messages[0]["custom"]["type"] == "feedback_recorded" and slots == {"pending_feedback": None}
    with Session(writable) as session:
        row = session.exec(select(Feedback).where(Feedback.item_id == code)).one()
    assert row.rating == -1 and row.user_handle == "yasemin.bulut"


def test_thumbs_click_while_a_write_waits_rates_and_keeps_the_write(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    pending = prepared(tracker_for, ActionPrepareShortlist, f"shortlist {cand.full_name}", "shortlist_candidate",
                       person=cand.full_name)
    code = _codes(writable, 1)[0]
    entities = [{"entity": "item_type", "value": "course"}, {"entity": "item_id", "value": code}]
    before = counts(writable)
    messages, slots = yes(tracker_for, {"pending_write": pending}, entities=entities)
    assert "Still waiting for your answer: Shortlist" in messages[0]["text"] and "pending_write" not in slots
    with Session(writable) as session:
        assert session.exec(select(func.count(Shortlist.id))).one() == before[0]
        assert session.exec(select(func.count(Feedback.id))).one() == before[3] + 1


def test_unknown_rated_item_writes_nothing(writable, tracker_for) -> None:
    before = counts(writable)
    messages, _ = yes(tracker_for, {"pending_feedback": {"item_type": "course", "item_ids": ["NOPE-1", "x" * 500]}})
    assert "couldn't record that rating" in messages[0]["text"] and counts(writable) == before


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises_or_writes(writable, tracker_for, text: str) -> None:
    before = counts(writable)
    for action in (ActionAffirm(), ActionDeny()):
        messages, _ = run(action, tracker_for(text, intent="affirm", entities=[{"entity": "item_type", "value": text},
                                                                                {"entity": "item_id", "value": text}]))
        assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
    assert counts(writable) == before
