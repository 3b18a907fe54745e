"""One record, one transaction: written for real, or rolled back in a dry run with what it would have done."""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy.engine import Engine
from sqlalchemy.exc import SQLAlchemyError
from sqlmodel import Session

from ingest.errors import IngestError
from ingest.report import Outcome
from store.engine import session_scope


class DryRun(IngestError):
    """Raised inside the transaction of a dry run so that nothing is committed."""

    def __init__(self, outcome: Outcome) -> None:
        super().__init__("dry run")
        self.outcome = outcome


def write_once(engine: Engine, write: Callable[[Session], Outcome], *, dry_run: bool) -> tuple[Outcome, bool]:
    """Run `write` in its own transaction: (its outcome, whether it was rolled back as a dry run)."""
    try:
        with session_scope(engine) as session:
            outcome = write(session)
            if dry_run:
                raise DryRun(outcome)
    except DryRun as done:
        return done.outcome, True
    return outcome, False


def database_failure(exc: SQLAlchemyError, what: str) -> str:
    """Why a write failed, naming only the kind of database error (its message would quote row values)."""
    return f"database error ({type(getattr(exc, 'orig', None) or exc).__name__}); nothing of this {what} was written"
