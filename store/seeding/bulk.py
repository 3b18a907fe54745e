"""Fast bulk writes with ids assigned up front, so related rows can be built before any insert."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from sqlalchemy import func, insert, text
from sqlmodel import Session, SQLModel, select


def first_free_id(session: Session, model: type[SQLModel]) -> int:
    """The id after the largest one in use; ids we assign ourselves start here."""
    return int(session.exec(select(func.max(model.id))).one() or 0) + 1  # type: ignore[attr-defined]


def insert_rows(session: Session, model: type[SQLModel], rows: Sequence[dict[str, Any]]) -> None:
    """One executemany per batch through SQLAlchemy core: no ORM objects, no per-row flush."""
    if rows:
        session.execute(insert(model.__table__), list(rows))  # type: ignore[attr-defined]


def sync_id_sequences(session: Session, models: Iterable[type[SQLModel]]) -> None:
    """PostgreSQL sequences do not see explicit ids; move them past max(id) so later inserts work."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for model in models:
        table = model.__tablename__  # type: ignore[attr-defined]
        session.execute(
            text(
                f"SELECT setval(pg_get_serial_sequence('\"{table}\"', 'id'), "
                f"COALESCE((SELECT MAX(id) FROM \"{table}\"), 0) + 1, false)"
            )
        )
