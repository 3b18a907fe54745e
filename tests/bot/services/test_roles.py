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


def test_role_card_quotes_the_posting_for_each_requirement(seeded) -> None:
    from bot.messages.roles import role_card_reply
    from store.models import Role

    evidence = [{"kind": "required", "value": "Python", "evidence": "You write production Python every day."},
                {"kind": "nice", "value": "Kubernetes", "evidence": "Kubernetes is a plus."},
                {"kind": "years", "value": "3", "evidence": "3+ years in data engineering."}]
    role = Role(id=999, title="Data Engineer (posting)", family="Data Engineer", required_skills=["Python"],
                nice_to_have_skills=["Kubernetes"], requirement_evidence=evidence)
    with Session(seeded) as session:
        card = role_card(session, role, with_applicants=False)
    assert card.evidence == evidence
    reply = role_card_reply(card)
    assert 'Python (required): "You write production Python every day."' in reply.text
    assert 'Kubernetes (nice to have): "Kubernetes is a plus."' in reply.text
    assert reply.payload["evidence"] == evidence
