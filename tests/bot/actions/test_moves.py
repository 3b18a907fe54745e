"""move_stage_form and action_prepare_move_stage: resolve, ask which application or stage, confirm, never write.

Each test plays one move_stage message as the Rasa server runs the form (tests/bot/actions/rasa_turns.py).
"""

from __future__ import annotations

import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlmodel import Session, select

from bot.actions.moves import ActionAskTargetStage, ActionPrepareMoveStage, ValidateMoveStageForm
from bot.messages.writes import label
from store.models import FUNNEL, Application, Candidate, Stage
from tests.bot.actions.applicants import TERMINAL, counts, ents, people, pick, several_active, single_active
from tests.bot.actions.rasa_turns import MoveStageTurn, domain, move_turn, run_action, slot_values


def run(action, tracker) -> tuple[list[dict], dict]:
    messages, events = run_action(action, tracker)
    return messages, slot_values(events)


def test_move_to_a_named_stage(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    app, role = apps[0]
    before = counts(writable)
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"move {cand.full_name} to offer", intent="move_stage", entities=ents(person=cand.full_name, stage="offer")))
    pending = slots["pending_write"]
    assert pending["kind"] == "move_stage" and pending["application_id"] == app.id
    assert (pending["from_stage"], pending["to_stage"]) == (Stage(app.stage).value, "offer")
    text = messages[0]["text"]
    assert text.startswith(f"Move {cand.full_name} from ") and f"to offer for {role.title}?" in text
    assert "This skips" in text and text.endswith("(yes/no)")
    assert messages[0]["custom"]["type"] == "confirmation" and slots["role"] == role.title
    assert counts(writable) == before
    with Session(writable) as session:
        assert session.get(Application, app.id).stage == app.stage


def test_next_round_moves_one_stage_along_the_funnel(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    app = apps[0][0]
    expected = FUNNEL[FUNNEL.index(Stage(app.stage)) + 1]
    _, slots = run(MoveStageTurn(), tracker_for(
        f"advance {cand.full_name} to the next round", intent="move_stage", entities=ents(person=cand.full_name)))
    assert slots["pending_write"]["to_stage"] == expected.value


def test_stage_read_from_the_text_and_reject_wording(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"reject {cand.full_name}", intent="move_stage", entities=ents(person=cand.full_name)))
    assert slots["pending_write"]["to_stage"] == "rejected"
    assert messages[0]["text"].startswith(f"Reject {cand.full_name} for {apps[0][1].title} (currently at ")


def test_same_stage_says_already_there(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    stage = Stage(apps[0][0].stage).value
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"move {cand.full_name} to {stage}", intent="move_stage", entities=ents(person=cand.full_name, stage=stage)))
    assert "is already at" in messages[0]["text"] and slots["pending_write"] is None


def test_backward_move_is_called_out(writable, tracker_for) -> None:
    cand, apps = pick(writable, lambda s, c, a: len(a) == 1 and Stage(a[0][0].stage) in (
        Stage.phone_screen, Stage.technical_interview))
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"move {cand.full_name} back to applied", intent="move_stage",
        entities=ents(person=cand.full_name, stage="applied")))
    assert slots["pending_write"]["backwards"] is True
    assert "back from" in messages[0]["text"] and "step backwards" in messages[0]["text"]


def test_hired_and_rejected_cannot_be_moved(writable, tracker_for) -> None:
    for final in TERMINAL:
        cand, apps = pick(writable, lambda s, c, a, f=final: any(Stage(x.stage) is f for x, _ in a))
        role = next(r for a, r in apps if Stage(a.stage) is final)
        messages, slots = run(MoveStageTurn(), tracker_for(
            f"move {cand.full_name} to onsite for {role.title}", intent="move_stage",
            entities=ents(person=cand.full_name, stage="onsite", role=role.title)))
        assert f"is already {final.value} for {role.title}" in messages[0]["text"]
        assert "needs an HR admin" in messages[0]["text"] and slots["pending_write"] is None


def test_several_active_applications_ask_which_role(writable, tracker_for) -> None:
    cand, _ = pick(writable, several_active)
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"move {cand.full_name} to offer", intent="move_stage", entities=ents(person=cand.full_name, stage="offer")))
    assert "Which role is this about?" in messages[0]["text"] and slots["pending_write"] is None
    assert all('"stage": "offer"' in b["payload"] and cand.full_name in b["payload"] for b in messages[0]["buttons"])


def test_role_not_applied_to_lists_the_applications(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    other = "Data Analyst" if apps[0][1].title != "Data Analyst" else "Data Engineer"
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"move {cand.full_name} to offer for {other}", intent="move_stage",
        entities=ents(person=cand.full_name, stage="offer", role=other)))
    assert f"hasn't applied to {other}" in messages[0]["text"] and apps[0][1].title in messages[0]["text"]
    assert slots["pending_write"] is None


def test_no_stage_asks_which(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(MoveStageTurn(), tracker_for(
        f"change the stage of {cand.full_name}", intent="move_stage", entities=ents(person=cand.full_name)))
    assert messages[0]["text"].startswith(f"Which stage should {cand.full_name} move to")
    assert any('"stage": "rejected"' in b["payload"] for b in messages[0]["buttons"])
    assert slots["pending_write"] is None


def test_reject_her_uses_the_person_slot(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(MoveStageTurn(), tracker_for(
        "reject her", intent="move_stage", entities=ents(stage="reject"),
        slots={"person": cand.full_name, "person_id": str(cand.id)}))
    assert slots["pending_write"]["candidate_id"] == cand.id and slots["pending_write"]["to_stage"] == "rejected"
    assert messages[0]["text"].startswith(f"Reject {cand.full_name} for {apps[0][1].title}")


# ---------------------------------------------------------------- the form across turns


def test_several_applications_then_a_button_then_a_stage(writable, tracker_for) -> None:
    cand, apps = pick(writable, several_active)
    messages, slots, asked = move_turn(tracker_for(f"move {cand.full_name}", intent="move_stage",
                                                   entities=ents(person=cand.full_name)))
    assert asked == "application" and "Which role is this about?" in messages[0]["text"]
    assert (slots["person_id"], slots["candidate"], slots["pending_write"]) == (str(cand.id), str(cand.id), None)
    button = messages[0]["buttons"][0]
    assert button["payload"].startswith("/move_stage{") and '"stage"' not in button["payload"]
    role = next(r for a, r in apps if r.title == button["title"])
    app = next(a for a, r in apps if r.id == role.id)
    messages, slots, asked = move_turn(tracker_for(button["payload"], intent="move_stage", slots=slots,
                                                   entities=ents(person=cand.full_name, role=role.title)))
    assert asked == "target_stage" and (slots["application"], slots["role"]) == (role.title, role.title)
    assert messages[0]["text"] == (f"Which stage should {cand.full_name} move to for {role.title}? "
                                   f"They're at {label(app.stage)} now.")
    before = counts(writable)
    messages, slots, asked = move_turn(tracker_for("rejected", intent="move_stage", slots=slots,
                                                   entities=ents(stage="rejected")))
    assert asked is None and slots["pending_write"]["application_id"] == app.id
    assert slots["pending_write"]["to_stage"] == "rejected" and messages[0]["text"].startswith(f"Reject {cand.full_name}")
    assert all(slots[s] is None for s in ("candidate", "application", "target_stage", "requested_slot"))
    assert counts(writable) == before


def test_an_invalid_stage_is_asked_again_then_a_valid_one_confirms(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    first, slots, asked = move_turn(tracker_for(f"change the stage of {cand.full_name}", intent="move_stage",
                                                entities=ents(person=cand.full_name)))
    assert asked == "target_stage" and slots["application"] == apps[0][1].title
    again, slots, asked = move_turn(tracker_for("lunch", intent="move_stage", slots=slots, entities=ents(stage="lunch")))
    assert asked == "target_stage" and slots["target_stage"] is None
    assert [m["text"] for m in again] == [first[0]["text"]] and again[0]["buttons"] == first[0]["buttons"]
    messages, slots, asked = move_turn(tracker_for("the final round please", intent="move_stage", slots=slots))
    assert asked is None and slots["pending_write"]["to_stage"] == "onsite"
    assert messages[0]["custom"]["type"] == "confirmation"


def test_an_unknown_role_offers_close_titles_keeping_person_and_stage(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    messages, slots, asked = move_turn(tracker_for(f"move {cand.full_name} to offer for data enginer",
                                                   intent="move_stage",
                                                   entities=ents(person=cand.full_name, stage="offer", role="data enginer")))
    if asked is None:  # the catalog resolved the typo itself
        assert slots["pending_write"]["role_title"].startswith("Data Engineer") or "hasn't applied" in messages[0]["text"]
        return
    assert asked == "application" and len(messages) == 1 and slots["pending_write"] is None
    assert all(cand.full_name in b["payload"] and '"stage": "offer"' in b["payload"] for b in messages[0]["buttons"])


def test_naming_someone_else_starts_over_for_them(writable, tracker_for) -> None:
    first, _ = pick(writable, several_active)
    other, apps = pick(writable, single_active)
    _, slots, asked = move_turn(tracker_for(f"move {first.full_name}", intent="move_stage",
                                            entities=ents(person=first.full_name)))
    assert asked == "application"
    messages, slots, asked = move_turn(tracker_for(f"move {other.full_name} to offer", intent="move_stage", slots=slots,
                                                   entities=ents(person=other.full_name, stage="offer")))
    assert asked is None and slots["pending_write"]["candidate_id"] == other.id
    assert slots["pending_write"]["application_id"] == apps[0][0].id


def test_no_applications_ends_the_form_with_the_reason(writable, tracker_for) -> None:
    with Session(writable) as session:
        cand = next(c for c in session.exec(select(Candidate).order_by(Candidate.id))
                    if c.id not in people(session) and len(c.full_name.split()) == 2
                    and session.exec(select(Candidate).where(Candidate.full_name == c.full_name)).all() == [c])
    messages, slots, asked = move_turn(tracker_for(f"move {cand.full_name} to offer", intent="move_stage",
                                                   entities=ents(person=cand.full_name, stage="offer")))
    assert asked is None and len(messages) == 1 and "hasn't applied to any role" in messages[0]["text"]
    assert slots["pending_write"] is None and slots["person_id"] == str(cand.id)


def test_employees_get_no_question(writable, tracker_for) -> None:
    cand, _ = pick(writable, several_active)
    messages, slots, asked = move_turn(tracker_for(f"move {cand.full_name}", sender="yasemin.bulut",
                                                   intent="move_stage", entities=ents(person=cand.full_name)))
    assert asked is None and len(messages) == 1 and "recruiter-only" in messages[0]["text"]
    assert cand.full_name not in str(messages) and slots.get("person_id") is None


# ---------------------------------------------------------------- the form's parts, one at a time


@pytest.mark.parametrize(("value", "out"), [("on-site", {"target_stage": "onsite"}), ("Phone Screen", {
    "target_stage": "phone_screen"}), ("lunch", {"target_stage": None}), (None, {})])
def test_validate_target_stage(tracker_for, value, out) -> None:
    dispatcher = CollectingDispatcher()
    assert ValidateMoveStageForm().validate_target_stage(value, dispatcher, tracker_for("x"), domain()) == out
    assert dispatcher.messages == []


def test_validate_candidate_explains_nobody_and_ends_the_form(writable, tracker_for) -> None:
    dispatcher = CollectingDispatcher()
    tracker = tracker_for("move Qwzx Vbnmk to offer", intent="move_stage",
                          entities=ents(person="Qwzx Vbnmk", stage="offer"), slots={"pending_write": {"kind": "x"}})
    out = asyncio.run(ValidateMoveStageForm().validate_candidate(None, dispatcher, tracker, domain()))
    assert out == {"pending_write": None, "requested_slot": None}
    assert "couldn't find anyone called \"Qwzx Vbnmk\"" in dispatcher.messages[0]["text"]


def test_other_messages_extract_nothing(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    tracker = tracker_for(f"tell me about {cand.full_name}", intent="candidate_profile",
                          entities=ents(person=cand.full_name))
    dispatcher = CollectingDispatcher()
    assert asyncio.run(ValidateMoveStageForm().extract_candidate(dispatcher, tracker, domain())) == {}
    assert asyncio.run(ValidateMoveStageForm().extract_target_stage(dispatcher, tracker, domain())) == {}


def test_ask_target_stage_offers_the_next_stage_and_rejection(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    app, role = apps[0]
    messages, events = run_action(ActionAskTargetStage(), tracker_for(
        "move", intent="move_stage", active_loop="move_stage_form",
        slots={"candidate": str(cand.id), "application": role.title, "requested_slot": "target_stage"}))
    nxt = FUNNEL[FUNNEL.index(Stage(app.stage)) + 1].value
    assert messages[0]["custom"] == {"type": "ask", "slot": "stage", "stages": [nxt, "rejected"]}
    assert events == []  # a form's own question never drops the form


def test_submit_after_an_early_end_says_nothing_and_clears(writable, tracker_for) -> None:
    messages, events = run_action(ActionPrepareMoveStage(), tracker_for("move Qwzx Vbnmk", intent="move_stage"))
    assert messages == [] and slot_values(events) == {
        "candidate": None, "application": None, "target_stage": None, "pending_write": None}
