"""Faults under a live conversation: servers killed and restarted, a yes sent twice. Nothing is lost.

Each test breaks the real stack (the session's Rasa server or action server, SIGKILL as a crash
would) and starts it again on the same port before it ends, so later tests find it running.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import httpx
import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.servers import Stack
from connectors.web.server import RASA_DOWN, make_server, serve_in_thread
from store.engine import get_engine
from store.models import Application, AuditLog, Candidate, Role, Stage, StageEvent
from tests.e2e.chat import conversation, payload, say, texts, unique_applicants

pytestmark = pytest.mark.slow

ACTIONS_DOWN_START = "Sorry, I couldn't do that just now: part of the assistant is restarting."
"""rasa_server.outages.ACTIONS_DOWN (that package lives in the Rasa environment)."""


@pytest.fixture
def db(e2e_dir: Path) -> Iterator[Engine]:
    """The stack's own store, read after each conversation."""
    yield get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")


BEFORE_ONSITE = (Stage.applied, Stage.screening, Stage.phone_screen, Stage.technical_interview)


def applicant(db: Engine) -> tuple[Candidate, Application, Role]:
    """The last-seeded candidate with one application, before onsite, whose two-word name nobody else has.

    Each test moves its applicant to onsite, so the next test picks another; other e2e tests pick from the first.
    """
    picked = unique_applicants(db, BEFORE_ONSITE, newest_first=True)
    assert picked, "no unique applicant before onsite left"
    return picked[0]


def moves_of(db: Engine, application_id: int) -> tuple[list[StageEvent], list[AuditLog]]:
    """The application's stage events and its move audit entries."""
    with Session(db) as session:
        events = list(session.exec(select(StageEvent).where(StageEvent.application_id == application_id)))
        audits = list(session.exec(select(AuditLog).where(
            AuditLog.action == "move_stage", AuditLog.entity_id == str(application_id))))
    return events, audits


def ask_move(stack: Stack, person: Candidate) -> tuple[str, dict[str, Any]]:
    """A recruiter's fresh conversation asking to move `person` to onsite; the confirmation it got."""
    convo = f"recruiter~{conversation('fault')}"
    asked = payload(say(stack, f"move {person.full_name} to onsite", convo), "confirmation")
    return convo, asked


def web_chat_post(url: str, sender: str, text: str) -> httpx.Response:
    """One message through the local web chat, as its page sends it."""
    return httpx.post(f"{url}api/message", json={"sender": sender, "message": text}, timeout=120)


def test_a_pending_move_survives_a_rasa_restart_and_the_outage_is_told(stack: Stack, db: Engine) -> None:
    """The yes/no question is asked, Rasa dies; meanwhile the channel says so; after the restart "yes" moves once."""
    person, application, _ = applicant(db)
    convo, _ = ask_move(stack, person)
    chat = make_server(stack.webhook, port=0, timeout=120)
    serve_in_thread(chat)
    try:
        stack.kill("rasa")
        down = web_chat_post(chat.url, convo, "yes")
        assert down.status_code == 502 and down.json() == {"error": RASA_DOWN}
        assert "Traceback" not in down.text
        stack.start_child("rasa")
        done = web_chat_post(chat.url, convo, "yes")
    finally:
        chat.shutdown()
        chat.server_close()
    assert done.status_code == 200
    answer = "\n".join(m.get("text", "") for m in done.json()["messages"])
    assert answer.startswith("Done:") and "onsite" in answer.lower(), answer
    events, audits = moves_of(db, application.id)  # type: ignore[arg-type]
    moved = [e for e in events if e.to_stage is Stage.onsite]
    assert len(moved) == 1 and len(audits) == 1
    assert audits[0].details["request_id"] and audits[0].details["to_stage"] == "onsite"


def test_the_conversation_is_kept_when_the_action_server_dies(stack: Stack, db: Engine) -> None:
    """A yes while the action server is down gets a clear answer and changes nothing; resent later, it moves once."""
    person, application, _ = applicant(db)
    convo, _ = ask_move(stack, person)
    stack.kill("actions")
    try:
        down = texts(say(stack, "yes", convo))
    finally:
        stack.start_child("actions")
    assert down.startswith(ACTIONS_DOWN_START), down
    assert moves_of(db, application.id)[1] == []  # type: ignore[arg-type]
    done = texts(say(stack, "yes", convo))  # the question still waits: the slots were kept
    assert done.startswith("Done:"), done
    events, audits = moves_of(db, application.id)  # type: ignore[arg-type]
    assert len([e for e in events if e.to_stage is Stage.onsite]) == 1 and len(audits) == 1


def test_a_yes_sent_twice_at_once_moves_once(stack: Stack, db: Engine) -> None:
    """A double click: two yeses at the same moment; one is carried out, the other finds nothing waiting."""
    person, application, _ = applicant(db)
    convo, _ = ask_move(stack, person)
    start = threading.Barrier(2)

    def click(_: int) -> str:
        start.wait()
        return texts(say(stack, "yes", convo))

    with ThreadPoolExecutor(2) as pool:
        answers = list(pool.map(click, range(2)))
    assert sum(a.startswith("Done:") for a in answers) == 1, answers
    assert all("Traceback" not in a for a in answers)
    events, audits = moves_of(db, application.id)  # type: ignore[arg-type]
    assert len([e for e in events if e.to_stage is Stage.onsite]) == 1 and len(audits) == 1, json.dumps(answers)
