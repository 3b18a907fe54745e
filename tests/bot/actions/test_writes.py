"""action_prepare_shortlist: resolve who and for which role, validate, ask to confirm, never write."""

from __future__ import annotations

from collections import Counter

import pytest
from sqlmodel import Session, select

from bot.actions.writes import ActionPrepareShortlist
from store.models import Candidate, Role, Shortlist, Stage
from tests.bot.actions.applicants import BAD_INPUT, TERMINAL, counts, ents, pick, several_active, single_active
from tests.bot.actions.rasa_turns import MoveStageTurn, run_action, slot_values


def run(action, tracker) -> tuple[list[dict], dict]:
    messages, events = run_action(action, tracker)
    return messages, slot_values(events)


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
                                      "role_id": role.id, "role_title": role.title,
                                      "request_id": slots["pending_write"]["request_id"]}
    assert len(slots["pending_write"]["request_id"]) == 32  # its yes is carried out once
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
    for action, intent in ((ActionPrepareShortlist(), "shortlist_candidate"), (MoveStageTurn(), "move_stage")):
        messages, slots = run(action, tracker_for(
            f"shortlist {cand.full_name} for {apps[0][1].title}", sender="yasemin.bulut", intent=intent,
            entities=ents(person=cand.full_name, role=apps[0][1].title, stage="offer")))
        assert "recruiter-only" in messages[0]["text"] and cand.full_name not in str(messages)
        assert slots.get("pending_write") is None  # nothing waits for a yes


@pytest.mark.parametrize("text", BAD_INPUT)
def test_bad_input_never_raises_or_writes(writable, tracker_for, text: str) -> None:
    before = counts(writable)
    for action, intent in ((ActionPrepareShortlist(), "shortlist_candidate"), (MoveStageTurn(), "move_stage")):
        messages, slots = run(action, tracker_for(text, intent=intent,
                                                  entities=ents(person=text, role=text, stage=text)))
        assert len(messages) == 1 and messages[0]["text"] and "went wrong" not in messages[0]["text"]
        assert not slots.get("pending_write")
    assert counts(writable) == before


def test_shortlist_her_for_the_role_opening(writable, tracker_for) -> None:
    cand, _ = pick(writable, single_active)
    _, slots = run(ActionPrepareShortlist(), tracker_for(
        "shortlist her for the Data Engineer opening", intent="shortlist_candidate",
        entities=ents(role="Data Engineer"), slots={"person": cand.full_name, "person_id": str(cand.id)}))
    assert slots["pending_write"]["candidate_id"] == cand.id and slots["pending_write"]["role_title"] == "Data Engineer"
