"""Conversations through Rasa's HTTP API with the real model, action server and database."""

from __future__ import annotations

import uuid

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from connectors.servers import Stack
from store.engine import get_engine
from store.models import Application, AuditLog, Candidate, Role
from tests.e2e.chat import payloads, say, texts

pytestmark = pytest.mark.slow


def test_greet_help_and_goodbye(stack: Stack) -> None:
    convo = f"web-{uuid.uuid4().hex[:8]}"
    assert "I'm hrbot" in texts(say(stack, "hello", convo))
    helped = say(stack, "what can you do?", convo)
    assert "Here's what I can do" in texts(helped)
    assert any(p.get("type") == "help" for p in payloads(helped))
    assert "Bye" in texts(say(stack, "bye", convo))


def test_application_status_answered_from_sql(stack: Stack, e2e_dir) -> None:
    engine = get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")
    with Session(engine) as session:
        app, person, title = session.exec(
            select(Application, Candidate.full_name, Role.title)
            .join(Candidate, Candidate.id == Application.candidate_id)
            .join(Role, Role.id == Application.role_id)
            .order_by(Application.id)
        ).first()
        audit_before = session.exec(select(func.count(AuditLog.id))).one()
    replies = say(stack, f"what's the status of {person}?")
    answer = texts(replies)
    assert person in answer
    if "Which one do you mean" not in answer:
        assert title in answer
        assert app.stage.value.replace("_", " ") in answer.replace("onsite interview", "onsite")
        assert payloads(replies)[0]["type"] == "application_status"
    with Session(engine) as session:
        assert session.exec(select(func.count(AuditLog.id))).one() == audit_before  # a read writes nothing


def test_unknown_name_is_answered_helpfully(stack: Stack) -> None:
    answer = texts(say(stack, "where is Qwerty Zxcvbnm in the process?"))
    assert "couldn't find anyone" in answer


def test_employee_gets_polite_refusal(stack: Stack, e2e_dir) -> None:
    engine = get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")
    with Session(engine) as session:
        person = session.exec(select(Candidate.full_name).join(Application)).first()
    answer = texts(say(stack, f"what's the status of {person}?", sender="U_NOT_A_RECRUITER"))
    assert "recruiter-only" in answer and person not in answer


@pytest.mark.parametrize("text", ["🙂🙂🙂", "x" * 20_000, "<b>hi</b>", "'; DROP TABLE candidate; --"])
def test_odd_messages_get_a_clear_reply(stack: Stack, text: str) -> None:
    replies = say(stack, text, sender=f"odd-{uuid.uuid4().hex[:6]}")
    assert texts(replies).strip()
    assert "Traceback" not in texts(replies)


def test_terminal_chat_renders_replies_and_buttons(stack: Stack) -> None:
    """`hrbot chat` against the running server, fed from a pipe, picks a button by number."""
    import subprocess
    import sys

    from connectors.servers import project_root

    script = "hello\nstatus of Thaddeus Quorrington\n/quit\n"  # nobody of that name; a realistic one (a keyboard mash reads as off-domain)
    done = subprocess.run(
        [sys.executable, "-m", "connectors.cli", "chat", "--url", stack.rasa_url, "--as", "recruiter"],
        input=script, capture_output=True, text=True, timeout=120, cwd=project_root(),
    )
    assert done.returncode == 0, done.stderr
    assert "you> hello" in done.stdout and "I'm hrbot" in done.stdout
    assert "couldn't find anyone" in done.stdout
