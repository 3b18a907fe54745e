"""move_stage_form end to end: its questions over the real stack, an answer it re-asks, and answers it lets go."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.servers import Stack
from store.engine import get_engine
from store.models import Application, Candidate, Role, Stage
from tests.e2e.chat import buttons, conversation, payload, payloads, say, texts

pytestmark = pytest.mark.slow

NOTHING = "There's nothing waiting for a yes or no right now."


@pytest.fixture
def db(e2e_dir: Path) -> Engine:
    """The stack's own store."""
    return get_engine(f"sqlite:///{e2e_dir / 'hrbot.db'}")


def with_several(db: Engine, skip: int = 0) -> Candidate:
    """A candidate with two or more active applications, whose two-word name nobody else has."""
    with Session(db) as session:
        names = Counter(session.exec(select(Candidate.full_name)).all())
        active = Counter(session.exec(select(Application.candidate_id).join(Role).where(
            Role.is_open, Application.stage.not_in([Stage.hired, Stage.rejected]))).all())  # type: ignore[attr-defined]
        picked = [c for c in session.exec(select(Candidate).order_by(Candidate.id))
                  if active[c.id] >= 2 and names[c.full_name] == 1 and len(c.full_name.split()) == 2]
    assert len(picked) > skip, "no candidate with several active applications"
    return picked[skip]


def test_which_application_then_which_stage_then_confirm(stack: Stack, db: Engine) -> None:
    person, convo = with_several(db), f"recruiter~{conversation('move')}"
    asked = say(stack, f"move {person.full_name}", convo)
    assert payload(asked, "ask")["slot"] == "role", asked
    role = buttons(asked)[0]["payload"]
    stage_question = say(stack, role, convo)
    assert payload(stage_question, "ask")["slot"] == "stage", stage_question
    lunch = role.replace("}", ', "stage": "lunch"}')
    again = say(stack, lunch, convo)
    assert texts(again) == texts(stage_question) and buttons(again) == buttons(stage_question)
    confirm = say(stack, buttons(again)[-1]["payload"], convo)
    assert payload(confirm, "confirmation")["to_stage"] == "rejected", confirm
    assert "won't" in texts(say(stack, "no", convo))


def test_another_question_drops_the_move(stack: Stack, db: Engine) -> None:
    person, other, convo = with_several(db), with_several(db, skip=1), f"recruiter~{conversation('move')}"
    asked = say(stack, f"move {person.full_name}", convo)
    assert payload(asked, "ask")["slot"] == "role", asked
    profile = say(stack, f"tell me about {other.full_name}", convo)
    assert other.full_name in texts(profile) and "Which role is this about?" not in texts(profile)
    assert not [p for p in payloads(profile) if p.get("type") == "ask"]
    assert NOTHING in texts(say(stack, "yes", convo))
