"""Fixtures for action and service tests: trackers as Rasa would send them."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from rasa_sdk import Tracker
from sqlalchemy.engine import Engine
from sqlmodel import Session, select

from store.engine import get_engine
from store.models import Application, Candidate, Role, Stage
from tests.retrieval.helpers import copy_store, use_dir

T0 = datetime(2026, 3, 1, tzinfo=UTC)


def make_tracker(
    text: str,
    sender: str = "recruiter",
    intent: str = "application_status",
    entities: list[dict[str, Any]] | None = None,
    slots: dict[str, Any] | None = None,
    extra_events: list[dict[str, Any]] | None = None,
    active_loop: str | None = None,
    verified: bool = True,
) -> Tracker:
    """A tracker whose latest user message is `text` with the given NLU result.

    `extra_events` follow the user message (e.g. slot events a form validates); `active_loop` names a form.
    `verified` is the flag hrbot's REST channel sets: True for our connectors, False for anyone else.
    """
    latest = {"text": text, "intent": {"name": intent, "confidence": 0.99}, "entities": entities or [],
              "metadata": {"hrbot_verified": verified}}
    return Tracker(
        sender_id=sender,
        slots=dict(slots or {}),
        latest_message=latest,
        events=[{"event": "user", "text": text, "parse_data": latest}, *(extra_events or [])],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
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


@pytest.fixture
def indexed(indexed_dir, monkeypatch: pytest.MonkeyPatch):
    """The seeded store with its indexes (root conftest's `indexed_dir`), selected for `session_scope()` and `retrieval.get_indexes()`."""
    use_dir(monkeypatch, indexed_dir)
    return get_engine()


@pytest.fixture
def unindexed(seeded_dir, tmp_path, monkeypatch: pytest.MonkeyPatch):
    """A private copy of the seeded store without any retrieval index (as before `hrbot index build`)."""
    folder = copy_store(seeded_dir, tmp_path / "noindex", with_indexes=False)
    use_dir(monkeypatch, folder)
    engine = get_engine()
    yield engine
    engine.dispose()


@pytest.fixture
def world(store):
    """Ana applied to two open roles (onsite, screening); Ben was hired; Cy has no application."""
    with Session(store) as session:
        de = Role(title="Data Engineer", family="Data Engineer", location="Berlin")
        ds = Role(title="Data Scientist", family="Data Scientist", location="Paris")
        old = Role(title="Old Role", family="Data Engineer", location="Paris", is_open=False)
        session.add_all([de, ds, old])
        ana, ben, cy = Candidate(full_name="Ana Silva"), Candidate(full_name="Ben Okoro"), Candidate(full_name="Cy Ray")
        session.add_all([ana, ben, cy])
        session.flush()
        session.add_all([
            Application(candidate_id=ana.id, role_id=de.id, stage=Stage.onsite, updated_at=T0),
            Application(candidate_id=ana.id, role_id=ds.id, stage=Stage.screening, updated_at=T0),
            Application(candidate_id=ben.id, role_id=de.id, stage=Stage.hired, updated_at=T0),
        ])
        session.commit()
        ids = {"ana": ana.id, "ben": ben.id, "cy": cy.id, "de": de.id, "ds": ds.id, "old": old.id}
    return store, ids


def application_of(session: Session, candidate_id: int, role_id: int) -> Application:
    """The one application of this candidate for this role."""
    return session.exec(select(Application).where(Application.candidate_id == candidate_id,
                                                  Application.role_id == role_id)).one()


@pytest.fixture
def writable(seeded_dir, tmp_path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Engine]:
    """A private copy of the seeded store, so writes in one test never leak into another."""
    use_dir(monkeypatch, copy_store(seeded_dir, tmp_path / "store", with_indexes=False))
    engine = get_engine()
    yield engine
    engine.dispose()
