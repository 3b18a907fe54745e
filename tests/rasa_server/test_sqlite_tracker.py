"""Rasa's SQL tracker store on SQLite with hrbot's settings (rasa_server/sqlite_tracker): pooled, WAL, durable."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from rasa.core import tracker_store
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sqlalchemy.pool import QueuePool

from rasa_server import sqlite_tracker

DOMAIN = Domain.from_yaml("version: '3.1'\nslots:\n  pending_write:\n    type: any\n    mappings: [{type: custom}]\n")


@pytest.fixture(autouse=True, scope="module")
def installed() -> None:
    sqlite_tracker.install()


def test_sqlite_files_get_a_pool_and_other_databases_rasas_settings() -> None:
    sqlite_tracker.install()  # idempotent
    assert tracker_store.create_engine_kwargs is sqlite_tracker.engine_kwargs
    kwargs = sqlite_tracker.engine_kwargs("sqlite:////tmp/c.db")
    assert kwargs["poolclass"] is QueuePool and kwargs["connect_args"]["check_same_thread"] is False
    assert sqlite_tracker.engine_kwargs("sqlite://") == {}
    assert "poolclass" not in sqlite_tracker.engine_kwargs("postgresql://rasa@db/rasa")


def test_a_conversation_is_read_back_by_a_new_store_as_after_a_restart(tmp_path: Path) -> None:
    db = str(tmp_path / "conversations.db")
    pending = {"kind": "move_stage", "application_id": 7, "request_id": "a" * 32}

    async def converse() -> DialogueStateTracker | None:
        first = SQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
        tracker = DialogueStateTracker("recruiter~t1", DOMAIN.slots)
        tracker.update(UserUttered("move Ana to onsite", {"name": "move_stage", "confidence": 1.0}))
        tracker.update(ActionExecuted("action_move_stage"))
        tracker.update(SlotSet("pending_write", pending))
        await first.save(tracker)
        first.engine.dispose()
        return await SQLTrackerStore(DOMAIN, dialect="sqlite", db=db).retrieve("recruiter~t1")

    restored = asyncio.run(converse())
    assert restored is not None and restored.get_slot("pending_write") == pending
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=db)
    with store.engine.connect() as conn:
        assert conn.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert conn.exec_driver_sql("PRAGMA synchronous").scalar() == 1  # NORMAL
        assert conn.exec_driver_sql("PRAGMA busy_timeout").scalar() == sqlite_tracker.SQLITE_BUSY_MS
