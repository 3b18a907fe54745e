"""Senders map to users; unknown senders get the least privilege."""

from __future__ import annotations

from sqlmodel import Session

from bot.services.identity import resolve_identity
from store.models import UserRole


def test_seeded_recruiter_is_recruiter(seeded) -> None:
    with Session(seeded) as session:
        who = resolve_identity(session, "recruiter")
    assert who.known and who.is_recruiter


def test_unknown_sender_is_an_employee_without_profile(seeded) -> None:
    with Session(seeded) as session:
        for sender in ["U_UNKNOWN", "", None, "x" * 500]:
            who = resolve_identity(session, sender)
            assert who.role is UserRole.employee and not who.known and who.employee_id is None


def test_thread_suffix_is_not_part_of_the_handle(seeded) -> None:
    with Session(seeded) as session:
        assert resolve_identity(session, "recruiter~C1:1700000000.1").is_recruiter
        assert not resolve_identity(session, "U_SOMEONE~recruiter").known
