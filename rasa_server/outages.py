"""What a user hears when the action server is down, and SQLite settings for the conversation store.

Rasa 3.6 logs a failed call to the action server (down, restarting, erroring) and answers the turn
with nothing, which every channel would show as no answer at all. `install()` makes such a turn
say clearly that the assistant could not do it and nothing was changed; the conversation keeps its
slots (the failed action's events are the only thing dropped), so the same request works once
the action server is back. A form's rejection (HTTP 400) is still Rasa's to handle.

The SQL tracker store on SQLite gets WAL (readers never wait for the one writer, and a commit is
one append) with synchronous=NORMAL (durable across a process crash; a power cut may lose the last
turns, never corrupt the file) and a busy timeout; Rasa itself sets no pragmas.
"""

from __future__ import annotations

import logging
from typing import Any

from rasa.core.actions.action import ActionExecutionRejection, RemoteAction
from rasa.shared.core.events import BotUttered, Event
from rasa.shared.exceptions import RasaException

log = logging.getLogger(__name__)

ACTIONS_DOWN = (
    "Sorry, I couldn't do that just now: part of the assistant is restarting. Nothing was changed, and "
    "I still remember our conversation; please send that again in a minute."
)
SQLITE_BUSY_MS = 30_000
_PATCHED = "_hrbot_actions_down_message"


async def _run(self: Any, output_channel: Any, nlg: Any, tracker: Any, domain: Any) -> list[Event]:
    """Rasa's `RemoteAction.run`; a failed call to the action server becomes a clear message."""
    try:
        return await _ORIGINAL_RUN(self, output_channel, nlg, tracker, domain)
    except ActionExecutionRejection:
        raise
    except RasaException as exc:
        log.error("action %s not run: %s", self.name(), exc)
        return [BotUttered(ACTIONS_DOWN, metadata={"error": "actions_unavailable"})]


_ORIGINAL_RUN = RemoteAction.run


def sqlite_pragmas(dbapi_conn: Any, _record: Any) -> None:
    """WAL, synchronous=NORMAL and a busy timeout on every SQLite connection of the Rasa server."""
    import sqlite3

    if not isinstance(dbapi_conn, sqlite3.Connection):
        return
    cur = dbapi_conn.cursor()
    cur.execute("PRAGMA journal_mode=WAL")
    cur.execute("PRAGMA synchronous=NORMAL")
    cur.execute(f"PRAGMA busy_timeout={SQLITE_BUSY_MS}")
    cur.close()


def install() -> None:
    """Install both (idempotent): the action-server outage message and the SQLite pragmas."""
    from sqlalchemy import event
    from sqlalchemy.engine import Engine

    if getattr(RemoteAction, _PATCHED, False):
        return
    RemoteAction.run = _run  # type: ignore[method-assign]
    event.listen(Engine, "connect", sqlite_pragmas)
    setattr(RemoteAction, _PATCHED, True)
