"""Talking to the real stack over Rasa's REST channel, and reading what comes back."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from connectors.rasa_client import channel_headers
from connectors.servers import Stack


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
