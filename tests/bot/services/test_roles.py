"""The role a message is about (entity, written title, slot), and the facts of a role card."""

from __future__ import annotations

from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.roles import find_role, known_families, open_roles, pick_role, role_card
from store.models import Application


def test_pick_role_order_entity_text_slot(seeded) -> None:
    with Session(seeded) as session:
        assert pick_role(session, "Data Analyst", "tell me about it", "Data Engineer").role.title == "Data Analyst"
        written = pick_role(session, None, "what about the Data Analyst role", "Data Engineer")
        assert written.role.title == "Data Analyst"
        assert pick_role(session, None, "what does it need", "Data Engineer").role.title == "Data Engineer"
        assert pick_role(session, None, "what does it need").role is None
        unknown = pick_role(session, "Zzyzx", "tell me about zzyzx", "Data Engineer")
        assert unknown.role is None and unknown.query == "Zzyzx"


def test_role_card_counts_applicants_only_when_asked(seeded) -> None:
    with Session(seeded) as session:
        role = find_role(session, "Data Engineer").role
        assert role is not None
        expected = session.exec(select(func.count(Application.id)).where(Application.role_id == role.id)).one()
        full = role_card(session, role, with_applicants=True)
        public = role_card(session, role, with_applicants=False)
    assert full.applicants == expected and public.applicants is None
    assert full.title == "Data Engineer" and full.family == "Data Engineer" and full.location == "Berlin"
    assert full.required_skills and full.responsibilities and full.is_open


def test_open_roles_and_families(seeded) -> None:
    with Session(seeded) as session:
        roles = open_roles(session)
        families = known_families(session)
    assert roles and all(r.is_open for r in roles)
    assert "Data Scientist" in families
