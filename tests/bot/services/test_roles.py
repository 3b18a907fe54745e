"""Finding roles from typed text, and the facts of a role card."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.roles import (
    clean_role_text,
    find_role,
    known_families,
    mentions_current_role,
    open_roles,
    pick_role,
    role_card,
    role_in_text,
)
from store.models import Application, Role


@pytest.mark.parametrize(
    ("typed", "title"),
    [
        ("Data Engineer", "Data Engineer"),
        ("data engineer", "Data Engineer"),
        ("the Senior Data Engineer role", "Senior Data Engineer"),
        ("ml engineer", "Machine Learning Engineer"),
        ("ML Platform Lead", "ML Platform Lead"),
    ],
)
def test_find_role(seeded, typed: str, title: str) -> None:
    with Session(seeded) as session:
        lookup = find_role(session, typed)
        assert lookup.role is not None and lookup.role.title == title


def test_unknown_role_suggests_close_titles(seeded) -> None:
    with Session(seeded) as session:
        lookup = find_role(session, "Data Enginer")
    assert lookup.role is None or lookup.role.title.startswith("Data Engineer")
    if lookup.role is None:
        assert "Data Engineer" in lookup.suggestions


def test_nonsense_role_has_no_match(seeded) -> None:
    with Session(seeded) as session:
        lookup = find_role(session, "Qwzx Vbnmk wrangler")
    assert lookup.role is None and lookup.query == "Qwzx Vbnmk wrangler"


@pytest.mark.parametrize("typed", ["", "   ", "🙂" * 30, "x" * 20_000, "'; DROP TABLE role; --"])
def test_bad_input_never_raises(seeded, typed: str) -> None:
    with Session(seeded) as session:
        lookup = find_role(session, typed)
        assert lookup.role is None
        assert role_in_text(session, typed) is None
        assert session.exec(select(func.count(Role.id))).one() > 0


def test_clean_role_text_drops_filler() -> None:
    assert clean_role_text("the Data Engineer role?") == "Data Engineer"


def test_role_in_text_prefers_the_longest_title(seeded) -> None:
    with Session(seeded) as session:
        role = role_in_text(session, "what does the senior data engineer position need?")
    assert role is not None and role.title == "Senior Data Engineer"


def test_pick_role_order_entity_text_slot(seeded) -> None:
    with Session(seeded) as session:
        assert pick_role(session, "Data Analyst", "tell me about it", "Data Engineer").role.title == "Data Analyst"
        written = pick_role(session, None, "what about the Data Analyst role", "Data Engineer")
        assert written.role.title == "Data Analyst"
        assert pick_role(session, None, "what does it need", "Data Engineer").role.title == "Data Engineer"
        assert pick_role(session, None, "what does it need").role is None
        unknown = pick_role(session, "Zzyzx", "tell me about zzyzx", "Data Engineer")
        assert unknown.role is None and unknown.query == "Zzyzx"


def test_mentions_current_role() -> None:
    assert mentions_current_role("how is the pipeline for this role")
    assert not mentions_current_role("how is the pipeline overall")


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
