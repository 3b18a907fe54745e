"""Who is asking: a channel's sender id mapped to a project user and what they may see.

A sender id counts only when the channel vouched for it: Rasa's REST channel (rasa_server/channels.py)
sets `metadata["hrbot_verified"]` on every message, True only for callers holding the channel secret
(our connectors). Anyone else is an anonymous employee in a namespace of its own (`anon:`), whatever
sender id it claims.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlmodel import Session, select

from store.models import User, UserRole


THREAD_SEPARATOR = "~"
"""Channels that keep one Rasa conversation per thread send `<handle>~<thread>` (connectors/slack)."""
VERIFIED_KEY = "hrbot_verified"
"""rasa_server/channels.py's: the message metadata flag only the channel sets."""
ANONYMOUS_PREFIX = "anon:"
"""rasa_server/channels.py's: where unverified senders live, apart from every real handle."""


@dataclass(frozen=True)
class Identity:
    """The asking user; unknown senders are employees without a profile (least privilege)."""

    handle: str
    role: UserRole
    display_name: str = ""
    employee_id: int | None = None
    known: bool = False

    @property
    def is_recruiter(self) -> bool:
        """Only recruiters may see candidate data or change the pipeline."""
        return self.role is UserRole.recruiter


def is_verified(latest_message: Mapping[str, Any] | None) -> bool:
    """Whether the channel vouched for the sender of this user message (Rasa's `latest_message`)."""
    metadata = (latest_message or {}).get("metadata")
    return isinstance(metadata, Mapping) and metadata.get(VERIFIED_KEY) is True


def identity_of(session: Session, sender_id: str | None, latest_message: Mapping[str, Any] | None) -> Identity:
    """The identity behind an action call: the sender id when the channel vouched for it, else anonymous."""
    return resolve_identity(session, sender_id, verified=is_verified(latest_message))


def resolve_identity(session: Session, sender_id: str | None, verified: bool = True) -> Identity:
    """Look the sender up by handle; anything unknown or unverified gets the employee role and no profile.

    `verified=True` is for ids a channel has checked (Slack's signed events, a vouched REST message).
    """
    handle = (sender_id or "").split(THREAD_SEPARATOR, 1)[0].strip()[:120]
    if not verified:
        anonymous = handle if handle.startswith(ANONYMOUS_PREFIX) else f"{ANONYMOUS_PREFIX}{handle or 'anonymous'}"
        return Identity(handle=anonymous[:120], role=UserRole.employee)
    if handle:
        user = session.exec(select(User).where(User.handle == handle)).first()
        if user is not None:
            return Identity(
                handle=user.handle,
                role=UserRole(user.role),
                display_name=user.display_name,
                employee_id=user.employee_id,
                known=True,
            )
    return Identity(handle=handle or "anonymous", role=UserRole.employee)
