"""Audit trail: every write goes through `record`, in the same transaction as the write."""

from __future__ import annotations

from typing import Any

from sqlmodel import Session

from store.models import AuditLog


def record(
    session: Session,
    *,
    actor: str,
    action: str,
    entity_type: str,
    entity_id: str | int = "",
    channel: str = "cli",
    details: dict[str, Any] | None = None,
) -> AuditLog:
    """Add an audit entry to the caller's transaction, so write and audit commit together."""
    entry = AuditLog(
        actor=actor,
        channel=channel,
        action=action,
        entity_type=entity_type,
        entity_id=str(entity_id),
        details=details or {},
    )
    session.add(entry)
    return entry
