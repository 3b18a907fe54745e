"""Policy and leave actions with CollectingDispatcher: cited answers, follow-ups, thumbs, own leave with a yes."""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session, select

from bot.actions.confirm import ActionAffirm, ActionDeny
from bot.actions.leave import ActionLeaveBalance, ActionPrepareCancelLeave, ActionPrepareLeave
from bot.actions.policies import ActionAnswerPolicy
from bot.services import leave as leave_service
from store.models import AuditLog, Employee, Feedback, LeaveRequest, User, UserRole
from tests.handbook import TODAY, handbook, handbook_dir  # noqa: F401  (fixtures)


def run(action, tracker) -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e.get("event") == "slot"}


@pytest.fixture
def employee(handbook) -> tuple[str, int]:
    with Session(handbook) as session:
        handle, emp_id = session.exec(
            select(User.handle, Employee.id).join(Employee, Employee.id == User.employee_id)
            .where(User.role == UserRole.employee, Employee.location == "Berlin").order_by(User.id)).first()
    return handle, emp_id


@pytest.fixture(autouse=True)
def fixed_today(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(leave_service, "today", lambda: TODAY)
    import bot.actions.confirm as confirm
    import bot.actions.leave as leave_actions

    monkeypatch.setattr(leave_actions, "today", lambda: TODAY)
    monkeypatch.setattr(confirm, "today", lambda: TODAY)


def test_policy_answer_card_follow_up_and_thumbs(handbook, employee, tracker_for) -> None:
    handle, _ = employee
    messages, slots = run(ActionAnswerPolicy(), tracker_for("what's our parental leave policy?", sender=handle,
                                                            intent="ask_policy"))
    card = messages[0]["custom"]
    assert card["type"] == "policy_answer" and card["answered"] is True
    assert card["citations"][0]["document"] == "Parental Leave Policy"
    assert set(card["citations"][0]) == {"document", "section", "source", "quote"}
    assert card["feedback"]["item_type"] == "policy" and slots["pending_feedback"]["item_type"] == "policy"
    assert messages[0]["text"].startswith("From Parental Leave Policy ›")

    follow, _ = run(ActionAnswerPolicy(), tracker_for("and for adoption?", sender=handle, intent="ask_policy",
                                                      slots={"policy_topic": slots["policy_topic"]}))
    assert follow[0]["custom"]["citations"][0]["section"] == "Adoption and surrogacy"

    thumbs = [{"entity": "item_type", "value": "policy"}, {"entity": "item_id", "value": card["feedback"]["item_id"]}]
    run(ActionDeny(), tracker_for("/deny", sender=handle, intent="deny", entities=thumbs))
    with Session(handbook) as session:
        rated = session.exec(select(Feedback).where(Feedback.item_type == "policy")).all()
    assert [(f.user_handle, f.rating) for f in rated] == [(handle, -1)]


def test_i_dont_know_names_the_contact(handbook, employee, tracker_for, monkeypatch) -> None:
    monkeypatch.setenv("HRBOT_HR_CONTACT", "the People team (#ask-people)")
    messages, slots = run(ActionAnswerPolicy(), tracker_for("can i bring my dog to the office", sender=employee[0],
                                                            intent="ask_policy"))
    assert "I don't know" in messages[0]["text"] and "#ask-people" in messages[0]["text"]
    assert messages[0]["custom"]["answered"] is False
    assert messages[0]["custom"]["feedback"]["item_type"] == "policy_gap" == slots["pending_feedback"]["item_type"]


def test_balance_is_the_askers_own(handbook, employee, tracker_for) -> None:
    handle, emp_id = employee
    messages, _ = run(ActionLeaveBalance(), tracker_for("how many vacation days do i have left?", sender=handle,
                                                        intent="leave_balance"))
    payload = messages[0]["custom"]
    assert payload["type"] == "leave_balance" and messages[0]["text"].startswith("You have ")
    with Session(handbook) as session:
        mine = leave_service.balances(session, emp_id, TODAY)
    assert [b["remaining"] for b in payload["balances"]] == [b.remaining for b in mine]
    anonymous, _ = run(ActionLeaveBalance(), tracker_for("how many vacation days do i have left?", sender=handle,
                                                         intent="leave_balance", verified=False))
    assert anonymous[0]["custom"]["reason"] == "no_profile"  # an unverified sender id sees nobody's leave


def test_book_confirm_then_cancel_confirm(handbook, employee, tracker_for) -> None:
    handle, emp_id = employee
    asked, slots = run(ActionPrepareLeave(), tracker_for("book 15 june to 16 june off", sender=handle,
                                                         intent="request_leave"))
    assert "2 days" in asked[0]["text"] and asked[0]["custom"]["type"] == "confirmation"
    pending = slots["pending_write"]
    done, _ = run(ActionAffirm(), tracker_for("yes", sender=handle, intent="affirm", slots={"pending_write": pending}))
    assert done[0]["text"].startswith("Done: annual leave for Mon 15 Jun 2026 to Tue 16 Jun 2026 requested")

    asked, slots = run(ActionPrepareCancelLeave(), tracker_for("cancel my leave on the 16th of june", sender=handle,
                                                               intent="cancel_leave"))
    no, _ = run(ActionDeny(), tracker_for("no", sender=handle, intent="deny", slots={"pending_write": slots["pending_write"]}))
    assert no[0]["text"] == "Okay, I didn't change your leave."
    yes, _ = run(ActionAffirm(), tracker_for("yes", sender=handle, intent="affirm",
                                             slots={"pending_write": slots["pending_write"]}))
    assert "cancelled" in yes[0]["text"]
    with Session(handbook) as session:
        rows = session.exec(select(LeaveRequest).where(LeaveRequest.employee_id == emp_id,
                                                       LeaveRequest.start_date >= TODAY.replace(month=6))).all()
        audits = session.exec(select(AuditLog.actor, AuditLog.action).where(AuditLog.entity_type == "leave_request")).all()
    assert [r.status for r in rows if r.start_date.day == 15] == ["cancelled"]
    assert audits == [(handle, "request_leave"), (handle, "cancel_leave")]


def test_someone_elses_yes_changes_nothing(handbook, employee, tracker_for) -> None:
    handle, emp_id = employee
    _, slots = run(ActionPrepareLeave(), tracker_for("book 10 june off", sender=handle, intent="request_leave"))
    with Session(handbook) as session:
        other = session.exec(select(User.handle).where(User.role == UserRole.employee, User.handle != handle)).first()
    refused, _ = run(ActionAffirm(), tracker_for("yes", sender=other, intent="affirm",
                                                 slots={"pending_write": slots["pending_write"]}))
    assert refused[0]["custom"]["reason"] == "forbidden"
