"""Senders map to users; unknown or unverified senders get the least privilege."""

from __future__ import annotations

import pytest
from sqlmodel import Session

from bot.services.identity import identity_of, is_verified, resolve_identity
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


def test_an_unverified_sender_is_anonymous_whoever_it_claims(seeded) -> None:
    with Session(seeded) as session:
        for sender in ["recruiter", "recruiter~C1:1", "anon:recruiter", "", None]:
            who = resolve_identity(session, sender, verified=False)
            assert who.role is UserRole.employee and not who.known and who.handle.startswith("anon:")
        assert resolve_identity(session, "recruiter", verified=False).handle == "anon:recruiter"  # never a real handle


@pytest.mark.parametrize("latest, verified", [
    ({"metadata": {"hrbot_verified": True}}, True),
    ({"metadata": {"hrbot_verified": "true"}}, False),  # only the channel's boolean counts
    ({"metadata": {"hrbot_verified": False}}, False),
    ({"metadata": "hrbot_verified"}, False),
    ({"text": "hi"}, False),
    (None, False),
])
def test_only_the_channels_flag_verifies(latest: dict | None, verified: bool) -> None:
    assert is_verified(latest) is verified


def test_identity_of_an_action_call(seeded) -> None:
    with Session(seeded) as session:
        assert identity_of(session, "recruiter", {"metadata": {"hrbot_verified": True}}).is_recruiter
        assert not identity_of(session, "recruiter", {"metadata": {}}).is_recruiter
