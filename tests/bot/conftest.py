"""Fixtures for action and service tests: trackers as Rasa would send them."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlmodel import Session, select

from connectors.store.models import Application, Candidate


def make_tracker(
    text: str,
    sender: str = "recruiter",
    intent: str = "application_status",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
) -> Tracker:
    """A tracker whose latest user message is `text` with the given NLU result."""
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or []}
    return Tracker(
        sender_id=sender,
        slots=slots or {},
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest}],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


@pytest.fixture
def tracker_for() -> Callable[..., Tracker]:
    """Build trackers in tests: tracker_for("status of Ana", entities=[...], sender=...)."""
    return make_tracker


@pytest.fixture
def applicant(seeded) -> Candidate:
    """A seeded candidate with at least one application."""
    with Session(seeded) as session:
        candidate_id = session.exec(select(Application.candidate_id).order_by(Application.id)).first()
        person = session.get(Candidate, candidate_id)
    assert person is not None
    return person
