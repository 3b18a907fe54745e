"""Where the Rasa servers keep conversations: the endpoints.yml `tracker_store` part a stack writes.

Rasa's SQL tracker store on the embedded SQLite file `<data dir>/conversations.db` by default, so a
conversation (a pending yes/no included) goes on after a Rasa restart; a postgresql:// URL for
deployments and scaled stacks; `memory` for Rasa's in-memory store (lost on restart).
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from sqlalchemy.engine import make_url

from connectors.errors import ConnectorError
from store.settings import get_settings

CONVERSATIONS_DB = "conversations.db"
PASSWORD_VAR = "TRACKER_DB_PASSWORD"
"""Rasa reads the tracker password from this variable (`${...}` in endpoints.yml), so no file holds it."""


class TrackerStoreError(ConnectorError, ValueError):
    """HRBOT_TRACKER_STORE names no tracker store we can configure; the message says what is accepted."""


def tracker_store_yaml(env: Mapping[str, str], cwd: Path) -> str:
    """The `tracker_store:` block for a stack started with `env` in `cwd` ("" for the in-memory store)."""
    settings = get_settings(env)
    choice = settings.tracker_store
    if choice.lower() == "memory":
        return ""
    if choice.lower() in {"", "sql", "sqlite"}:
        db = (cwd / settings.data_dir).resolve() / CONVERSATIONS_DB
        db.parent.mkdir(parents=True, exist_ok=True)
        return f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {_quoted(str(db))}\n"
    if choice.startswith(("postgresql://", "postgres://", "postgresql+")):
        return postgres_tracker_yaml(choice)
    raise TrackerStoreError(
        f"HRBOT_TRACKER_STORE={choice[:40]!r}: use sql (SQLite in the data dir), memory, or a postgresql:// URL"
    )


def postgres_tracker_yaml(url: str) -> str:
    """A PostgreSQL tracker store; the password (if any) is left to `${TRACKER_DB_PASSWORD}`."""
    parts = make_url(url)
    lines = ["tracker_store:", "  type: SQL", "  dialect: postgresql", f"  url: {_quoted(parts.host or '127.0.0.1')}"]
    if parts.port:
        lines.append(f"  port: {parts.port}")
    lines.append(f"  db: {_quoted(parts.database or 'rasa')}")
    if parts.username:
        lines.append(f"  username: {_quoted(parts.username)}")
    if parts.password:
        lines.append(f'  password: "${{{PASSWORD_VAR}}}"')
    return "\n".join(lines) + "\n"


def tracker_password(env: Mapping[str, str]) -> dict[str, str]:
    """The variable the Rasa servers need for a PostgreSQL tracker password ({} when there is none)."""
    choice = get_settings(env).tracker_store
    if choice.startswith(("postgresql://", "postgres://", "postgresql+")):
        password = make_url(choice).password
        if password:
            return {PASSWORD_VAR: str(password)}
    return {}


def _quoted(value: str) -> str:
    """A YAML double-quoted scalar (paths and names may hold colons or spaces)."""
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'
