"""Who and which role a shortlist or stage-move message names, read once for the whole request."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlmodel import Session

from bot.services.references import PersonRef, resolve_person
from bot.services.roles import RoleLookup, pick_role
from bot.services.parsing import person_text


@dataclass
class WriteRequest:
    """The person a write is about (resolved, or why not) and the role the message names."""

    person: PersonRef
    role: RoleLookup


def read_write_request(
    session: Session, text: str, people: list[str], roles: list[Any], also_drop: list[Any], slots: dict[str, Any]
) -> WriteRequest:
    """The role (entity, else a written title) and the person; role titles and `also_drop` are not read as a name."""
    lookup = pick_role(session, roles[0] if roles else None, text)
    named = person_text(text, [lookup.query, *roles, *also_drop])
    return WriteRequest(resolve_person(session, named, people, slots), lookup)
