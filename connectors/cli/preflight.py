"""Before a command touches the store: open it, or say in one line what to run or fix."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func
from sqlmodel import select

from connectors.cli.errors import fail
from store.engine import StoreUnavailable, database_url, init_db, redact, session_scope
from store.models import Candidate

SQLITE = "sqlite:///"


def _unreachable(exc: StoreUnavailable, url: str) -> str:
    return f"{exc}\nCheck DATABASE_URL (now {redact(url)})."


def open_store() -> None:
    """Create missing tables, or exit with a readable message if the database is unreachable."""
    try:
        init_db()
    except StoreUnavailable as exc:
        fail(_unreachable(exc, database_url()))


def candidate_count() -> int:
    """How many candidates the store holds."""
    with session_scope() as session:
        return int(session.exec(select(func.count(Candidate.id))).one())


def store_ready(*, need_candidates: bool = True) -> None:
    """An existing, reachable store (with candidates unless told otherwise), or what to run first."""
    url = database_url()
    if url.startswith(SQLITE) and not Path(url[len(SQLITE):]).is_file():
        fail(f"no database at {Path(url[len(SQLITE):])}; run `hrbot setup` (or `hrbot seed`) first")
    open_store()
    if not need_candidates:
        return
    try:
        count = candidate_count()
    except StoreUnavailable as exc:
        fail(_unreachable(exc, url))
    if not count:
        fail("the store has no candidates yet; run `hrbot seed` first")
