"""Talking to the real stack over Rasa's REST channel, and reading what comes back."""

from __future__ import annotations

import uuid
from collections.abc import Collection
from typing import Any

import httpx
from sqlalchemy import func
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from connectors.rasa_client import channel_headers
from connectors.servers import Stack
from store.models import Application, Candidate, Role, Stage


def say(stack: Stack, text: str, sender: str = "recruiter", verified: bool = True) -> list[dict[str, Any]]:
    """One user turn as our connectors send it (vouched for, unless `verified=False`); Rasa's replies."""
    headers = channel_headers(stack.client_env["HRBOT_CHANNEL_SECRET"], verified)
    reply = httpx.post(stack.webhook, json={"sender": sender, "message": text}, headers=headers, timeout=120)
    reply.raise_for_status()
    return reply.json()


def texts(replies: list[dict[str, Any]]) -> str:
    """Everything the bot said, as one string."""
    return "\n".join(r.get("text", "") for r in replies if r.get("text"))


def payloads(replies: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The structured parts (Rasa's REST channel sends them as separate `custom` messages)."""
    return [r["custom"] for r in replies if isinstance(r.get("custom"), dict)]


def payload(replies: list[dict[str, Any]], kind: str) -> dict[str, Any]:
    """The one payload of a type; fails the test with what came instead."""
    found = [p for p in payloads(replies) if p.get("type") == kind]
    assert found, f"no {kind!r} payload in {replies!r}"
    return found[0]


def buttons(replies: list[dict[str, Any]]) -> list[dict[str, str]]:
    """Every button offered in the replies."""
    return [b for r in replies for b in r.get("buttons") or []]


def conversation(prefix: str = "e2e") -> str:
    """A fresh conversation id for one sender (a recruiter's web handle is `recruiter`)."""
    return f"{prefix}-{uuid.uuid4().hex[:8]}"


def unique_applicants(db: Engine, stages: Collection[Stage], newest_first: bool = False) -> list[tuple[Candidate, Application, Role]]:
    """Candidates with one application, at one of `stages`, whose two-word name nobody else has: easy to name in chat."""
    with Session(db) as session:
        dupes = set(session.exec(select(Candidate.full_name).group_by(Candidate.full_name).having(func.count() > 1)))
        one_app = select(Application.candidate_id).group_by(Application.candidate_id).having(func.count() == 1)
        rows = session.exec(
            select(Candidate, Application, Role).join(Application, Application.candidate_id == Candidate.id)
            .join(Role, Role.id == Application.role_id)
            .where(Application.stage.in_(list(stages)), Candidate.id.in_(one_app))  # type: ignore[attr-defined]
            .order_by(Candidate.id.desc() if newest_first else Candidate.id)  # type: ignore[union-attr]
        ).all()
    return [r for r in rows if r[0].full_name not in dupes and len(r[0].full_name.split()) == 2]
