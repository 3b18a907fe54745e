"""action_prepare_shortlist / action_prepare_move_stage: resolve, validate, ask to confirm, never write."""

from __future__ import annotations

import asyncio
from collections import Counter
from collections.abc import Iterator

import pytest
from rasa_sdk.executor import CollectingDispatcher
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from bot.actions.writes import ActionPrepareMoveStage, ActionPrepareShortlist
from store.models import FUNNEL, Application, AuditLog, Candidate, Role, Shortlist, Stage, StageEvent

TERMINAL = (Stage.hired, Stage.rejected)


@pytest.fixture
def writable(seeded_dir, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A private copy of the seeded store, so writes in one test never leak into another."""
    from store.engine import get_engine
    from tests.retrieval.helpers import copy_store, use_dir

    use_dir(monkeypatch, copy_store(seeded_dir, tmp_path / "store", with_indexes=False))
    engine = get_engine()
    yield engine
    engine.dispose()


def run(action, tracker) -> tuple[list[dict], dict]:
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    return dispatcher.messages, {e["name"]: e["value"] for e in events if e["event"] == "slot"}


def counts(engine: Engine) -> tuple[int, ...]:
    with Session(engine) as session:
        return tuple(session.exec(select(func.count(m.id))).one() for m in (Shortlist, StageEvent, AuditLog))


def people(session: Session) -> dict[int, tuple[Candidate, list[tuple[Application, Role]]]]:
    """Candidates with a unique name, with their applications."""
    names = Counter(session.exec(select(Candidate.full_name)).all())
    out: dict[int, tuple[Candidate, list[tuple[Application, Role]]]] = {}
    for app, role, cand in session.exec(
        select(Application, Role, Candidate).join(Role, Role.id == Application.role_id)
        .join(Candidate, Candidate.id == Application.candidate_id).order_by(Application.id)
    ):
        if names[cand.full_name] == 1:
            out.setdefault(cand.id, (cand, []))[1].append((app, role))
    return out


def pick(engine: Engine, want) -> tuple[Candidate, list[tuple[Application, Role]]]:
    with Session(engine) as session:
        for cand, apps in people(session).values():
            if want(session, cand, apps):
                return cand, apps
    raise AssertionError("no such person in the seeded store")


def single_active(session, cand, apps) -> bool:
    """Exactly one application, active, for an open role, in an early stage, not shortlisted."""
    if len(apps) != 1 or Stage(apps[0][0].stage) not in (Stage.applied, Stage.screening) or not apps[0][1].is_open:
        return False
    return session.exec(select(Shortlist).where(Shortlist.candidate_id == cand.id)).first() is None


def several_active(session, cand, apps) -> bool:
    return sum(1 for a, r in apps if Stage(a.stage) not in TERMINAL and r.is_open) >= 2


def ents(**values: str) -> list[dict]:
    return [{"entity": k, "value": v} for k, v in values.items()]


# ---------------------------------------------------------------- shortlist


def test_shortlist_by_name_and_role_asks_to_confirm_and_writes_nothing(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    role = apps[0][1]
    before = counts(writable)
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name} for {role.title}", intent="shortlist_candidate",
        entities=ents(person=cand.full_name, role=role.title)))
    assert messages[0]["text"] == f"Shortlist {cand.full_name} for {role.title}? (yes/no)"
    assert messages[0]["custom"]["type"] == "confirmation" and messages[0]["custom"]["action"] == "shortlist"
    assert slots["pending_write"] == {"kind": "shortlist", "candidate_id": cand.id, "candidate_name": cand.full_name,
                                      "role_id": role.id, "role_title": role.title}
    assert (slots["person"], slots["person_id"], slots["role"]) == (cand.full_name, str(cand.id), role.title)
    assert counts(writable) == before


def test_shortlist_role_defaults_to_the_single_open_application(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name}", intent="shortlist_candidate", entities=ents(person=cand.full_name)))
    assert slots["pending_write"]["role_id"] == apps[0][1].id
    assert messages[0]["text"].endswith(f"for {apps[0][1].title}? (yes/no)")


def test_shortlist_role_from_the_slot(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    _, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name}", intent="shortlist_candidate", entities=ents(person=cand.full_name),
        slots={"role": "Data Analyst"}))
    assert slots["pending_write"]["role_title"] == "Data Analyst"


def test_shortlist_by_ordinal_and_pronoun(writable, tracker_for) -> None:
    first, _ = pick(writable, single_active)
    second, _ = pick(writable, lambda s, c, a: single_active(s, c, a) and c.id != first.id)
    _, slots = run(ActionPrepareShortlist(), tracker_for(
        "shortlist the second one for Data Analyst", intent="shortlist_candidate", entities=ents(role="Data Analyst"),
        slots={"last_candidates": [str(first.id), str(second.id)]}))
    assert slots["pending_write"]["candidate_id"] == second.id
    _, slots = run(ActionPrepareShortlist(), tracker_for(
        "shortlist her for Data Analyst", intent="shortlist_candidate", entities=ents(role="Data Analyst"),
        slots={"person_id": str(first.id), "person": first.full_name}))
    assert slots["pending_write"]["candidate_id"] == first.id


def test_ordinal_past_the_list_is_explained(writable, tracker_for) -> None:
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        "shortlist the third one", intent="shortlist_candidate", slots={"last_candidates": ["1", "2"]}))
    assert "there's no number 3" in messages[0]["text"] and slots == {"pending_write": None}


def test_already_shortlisted_says_so_and_clears_any_pending(writable, tracker_for) -> None:
    with Session(writable) as session:
        names = Counter(session.exec(select(Candidate.full_name)).all())
        row, cand, role = next(
            (s, c, r) for s, c, r in session.exec(
                select(Shortlist, Candidate, Role).join(Candidate, Candidate.id == Shortlist.candidate_id)
                .join(Role, Role.id == Shortlist.role_id))
            if names[c.full_name] == 1 and r.is_open)
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name} for {role.title}", intent="shortlist_candidate",
        entities=ents(person=cand.full_name, role=role.title),
        slots={"pending_write": {"kind": "shortlist", "candidate_id": 1, "role_id": 1}}))
    assert messages[0]["text"] == f"{cand.full_name} is already on the shortlist for {role.title}. Nothing to do."
    assert slots["pending_write"] is None


def test_closed_role_is_refused(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name} for Lead NLP Engineer", intent="shortlist_candidate",
        entities=ents(person=cand.full_name, role="Lead NLP Engineer")))
    assert "role is closed" in messages[0]["text"] and slots["pending_write"] is None


def test_several_open_applications_ask_which_role(writable, tracker_for) -> None:
    cand, apps = pick(writable, several_active)
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name}", intent="shortlist_candidate", entities=ents(person=cand.full_name)))
    assert "For which role" in messages[0]["text"] and slots["pending_write"] is None
    payloads = [b["payload"] for b in messages[0]["buttons"]]
    assert all(p.startswith("/shortlist_candidate{") and cand.full_name in p for p in payloads)
    assert {r.title for a, r in apps if Stage(a.stage) not in TERMINAL and r.is_open} <= {
        b["title"] for b in messages[0]["buttons"]}


def test_unknown_role_entity_suggests_roles_keeping_the_person(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        f"shortlist {cand.full_name} for data enginer", intent="shortlist_candidate",
        entities=ents(person=cand.full_name, role="data enginer")))
    if "pending_write" in slots and slots["pending_write"]:
        assert slots["pending_write"]["role_title"].startswith("Data Engineer")
    else:
        assert "Data Engineer" in messages[0]["custom"]["names"]
        assert all(cand.full_name in b["payload"] for b in messages[0]["buttons"])


def test_unknown_person_is_answered_clearly(writable, tracker_for) -> None:
    messages, slots = run(ActionPrepareShortlist(), tracker_for(
        "shortlist Qwzx Vbnmk for Data Engineer", intent="shortlist_candidate",
        entities=ents(person="Qwzx Vbnmk", role="Data Engineer")))
    assert "couldn't find anyone called \"Qwzx Vbnmk\"" in messages[0]["text"]
    assert slots == {"pending_write": None}


def test_no_person_asks_who(writable, tracker_for) -> None:
    messages, slots = run(ActionPrepareShortlist(), tracker_for("shortlist", intent="shortlist_candidate"))
    assert messages[0]["custom"] == {"type": "ask", "slot": "person"} and slots == {"pending_write": None}


def test_employee_cannot_prepare_writes(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    for action, intent in ((ActionPrepareShortlist(), "shortlist_candidate"), (ActionPrepareMoveStage(), "move_stage")):
        messages, slots = run(action, tracker_for(
            f"shortlist {cand.full_name} for {apps[0][1].title}", sender="yasemin.bulut", intent=intent,
            entities=ents(person=cand.full_name, role=apps[0][1].title, stage="offer")))
        assert "recruiter-only" in messages[0]["text"] and cand.full_name not in str(messages)
        assert slots.get("pending_write") is None  # nothing waits for a yes


# ---------------------------------------------------------------- move stage


def test_move_to_a_named_stage(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    app, role = apps[0]
    before = counts(writable)
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
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
    _, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"advance {cand.full_name} to the next round", intent="move_stage", entities=ents(person=cand.full_name)))
    assert slots["pending_write"]["to_stage"] == expected.value


def test_stage_read_from_the_text_and_reject_wording(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"reject {cand.full_name}", intent="move_stage", entities=ents(person=cand.full_name)))
    assert slots["pending_write"]["to_stage"] == "rejected"
    assert messages[0]["text"].startswith(f"Reject {cand.full_name} for {apps[0][1].title} (currently at ")


def test_same_stage_says_already_there(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    stage = Stage(apps[0][0].stage).value
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"move {cand.full_name} to {stage}", intent="move_stage", entities=ents(person=cand.full_name, stage=stage)))
    assert "is already at" in messages[0]["text"] and slots["pending_write"] is None


def test_backward_move_is_called_out(writable, tracker_for) -> None:
    cand, apps = pick(writable, lambda s, c, a: len(a) == 1 and Stage(a[0][0].stage) in (
        Stage.phone_screen, Stage.technical_interview))
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"move {cand.full_name} back to applied", intent="move_stage",
        entities=ents(person=cand.full_name, stage="applied")))
    assert slots["pending_write"]["backwards"] is True
    assert "back from" in messages[0]["text"] and "step backwards" in messages[0]["text"]


def test_hired_and_rejected_cannot_be_moved(writable, tracker_for) -> None:
    for final in TERMINAL:
        cand, apps = pick(writable, lambda s, c, a, f=final: any(Stage(x.stage) is f for x, _ in a))
        role = next(r for a, r in apps if Stage(a.stage) is final)
        messages, slots = run(ActionPrepareMoveStage(), tracker_for(
            f"move {cand.full_name} to onsite for {role.title}", intent="move_stage",
            entities=ents(person=cand.full_name, stage="onsite", role=role.title)))
        assert f"is already {final.value} for {role.title}" in messages[0]["text"]
        assert "needs an HR admin" in messages[0]["text"] and slots["pending_write"] is None


def test_several_active_applications_ask_which_role(writable, tracker_for) -> None:
    cand, _ = pick(writable, several_active)
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"move {cand.full_name} to offer", intent="move_stage", entities=ents(person=cand.full_name, stage="offer")))
    assert "Which role is this about?" in messages[0]["text"] and slots["pending_write"] is None
    assert all('"stage": "offer"' in b["payload"] and cand.full_name in b["payload"] for b in messages[0]["buttons"])


def test_role_not_applied_to_lists_the_applications(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    other = "Data Analyst" if apps[0][1].title != "Data Analyst" else "Data Engineer"
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"move {cand.full_name} to offer for {other}", intent="move_stage",
        entities=ents(person=cand.full_name, stage="offer", role=other)))
    assert f"hasn't applied to {other}" in messages[0]["text"] and apps[0][1].title in messages[0]["text"]
    assert slots["pending_write"] is None


def test_no_stage_asks_which(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        f"change the stage of {cand.full_name}", intent="move_stage", entities=ents(person=cand.full_name)))
    assert messages[0]["text"].startswith(f"Which stage should {cand.full_name} move to")
    assert any('"stage": "rejected"' in b["payload"] for b in messages[0]["buttons"])
    assert slots["pending_write"] is None


@pytest.mark.parametrize("text", ["", "🙂" * 50, "x" * 20_000, "<script>alert(1)</script>", "' OR 1=1; --"])
def test_bad_input_never_raises_or_writes(writable, tracker_for, text: str) -> None:
    before = counts(writable)
    for action, intent in ((ActionPrepareShortlist(), "shortlist_candidate"), (ActionPrepareMoveStage(), "move_stage")):
        messages, slots = run(action, tracker_for(text, intent=intent,
                                                  entities=ents(person=text, role=text, stage=text)))
        assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
        assert not slots.get("pending_write")
    assert counts(writable) == before


def test_reject_her_uses_the_person_slot(writable, tracker_for) -> None:
    cand, apps = pick(writable, single_active)
    messages, slots = run(ActionPrepareMoveStage(), tracker_for(
        "reject her", intent="move_stage", entities=ents(stage="reject"),
        slots={"person": cand.full_name, "person_id": str(cand.id)}))
    assert slots["pending_write"]["candidate_id"] == cand.id and slots["pending_write"]["to_stage"] == "rejected"
    assert messages[0]["text"].startswith(f"Reject {cand.full_name} for {apps[0][1].title}")


def test_shortlist_her_for_the_role_opening(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    _, slots = run(ActionPrepareShortlist(), tracker_for(
        "shortlist her for the Data Engineer opening", intent="shortlist_candidate",
        entities=ents(role="Data Engineer"), slots={"person": cand.full_name, "person_id": str(cand.id)}))
    assert slots["pending_write"]["candidate_id"] == cand.id and slots["pending_write"]["role_title"] == "Data Engineer"
