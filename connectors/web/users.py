"""The "who am I" choices of the local web chat: users from the store, or the seeded defaults."""

from __future__ import annotations

import logging
from typing import Any

from sqlmodel import select

from store.engine import session_scope
from store.models import User, UserRole

log = logging.getLogger(__name__)

DEFAULT_USERS: list[dict[str, Any]] = [
    {"handle": "recruiter", "role": "recruiter", "display_name": ""},
    {"handle": "employee", "role": "employee", "display_name": "no profile"},
]


def known_users(limit: int = 25) -> list[dict[str, Any]]:
    """Recruiters first, then HR partners, then employees (up to `limit` of each); an unknown handle is always offered."""
    try:
        users: list[dict[str, Any]] = []
        with session_scope() as session:
            for role in (UserRole.recruiter, UserRole.hr_partner, UserRole.employee):
                rows = session.exec(select(User).where(User.role == role).order_by(User.handle).limit(limit)).all()
                users += [{"handle": u.handle, "role": role.value, "display_name": u.display_name} for u in rows]
    except Exception as exc:  # noqa: BLE001 - the chat works without the store; Rasa decides roles anyway
        log.info("user list unavailable: %s", exc)
        return list(DEFAULT_USERS)
    if not any(u["role"] == "recruiter" for u in users):
        users.insert(0, DEFAULT_USERS[0])
    return users + [DEFAULT_USERS[1]]
