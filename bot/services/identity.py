"""Who is asking: a channel's sender id mapped to a project user and what they may see."""

from __future__ import annotations

from dataclasses import dataclass

from sqlmodel import Session, select

from store.models import User, UserRole


THREAD_SEPARATOR = "~"
"""Channels that keep one Rasa conversation per thread send `<handle>~<thread>` (connectors/slack)."""


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


def resolve_identity(session: Session, sender_id: str | None) -> Identity:
    """Look the sender up by handle; anything unknown gets the employee role and no profile."""
    handle = (sender_id or "").split(THREAD_SEPARATOR, 1)[0].strip()[:120]
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
