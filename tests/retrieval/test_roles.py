"""The one role resolver: titles, ids, partial titles, aliases, families, spelling, levels, meaning."""

from __future__ import annotations

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from retrieval.errors import UnknownRole
from retrieval.roles import (
    catalog_roles,
    clean_role_text,
    find_role,
    match_role,
    normalise_role_text,
    resolve_role,
    role_at_level,
    role_in_text,
    split_level,
    target_role,
)
from store.models import Role
from store.vocabulary import Seniority


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


def test_normalise_role_text_expands_aliases_and_drops_filler() -> None:
    assert normalise_role_text("the sr ML engineers role") == "senior machine learning engineer"
    assert normalise_role_text("HRBP") == "hr business partner"


@pytest.mark.parametrize(
    ("typed", "title", "how"),
    [
        ("Data Scientist", "Data Scientist", "exact"),
        ("data scientist", "Data Scientist", "exact"),
        ("ML engineer", "Machine Learning Engineer", "alias"),
        ("sr ML engineers", "Senior Machine Learning Engineer", "alias"),
        ("the Senior NLP Engineer opening", "Senior NLP Engineer", "alias"),
        ("Machine Lerning Engineer", "Machine Learning Engineer", "fuzzy"),
    ],
)
def test_catalog_aliases_and_typos_resolve_without_indexes(seeded, typed: str, title: str, how: str) -> None:
    with Session(seeded) as session:
        found = match_role(session, typed)
    assert (found.role.title, found.how) == (title, how)


def test_resolve_role_takes_titles_ids_and_unique_partials(seeded) -> None:
    with Session(seeded) as session:
        role = session.exec(select(Role).where(Role.title == "Senior NLP Engineer")).one()
        assert resolve_role(session, "senior nlp engineer").id == role.id
        assert resolve_role(session, str(role.id)).id == role.id
        assert resolve_role(session, "ml platform").title == "ML Platform Lead"
        with pytest.raises(UnknownRole) as err:
            resolve_role(session, "Data Enginer")
    assert "Data Engineer" in err.value.suggestions


def test_match_role_asks_for_meaning_only_when_no_title_comes_close(seeded) -> None:
    asked: list[str] = []

    def nearest(text: str, k: int) -> list[tuple[str, float]]:
        asked.append(text)
        return []

    with Session(seeded) as session:
        numbered, vague, lost = (match_role(session, t, nearest) for t in ("7", "deep learning", "astronaut"))
    assert numbered.role is None and vague.role is None and lost.role is None
    assert "Deep Learning Engineer" in vague.suggestions and asked == ["astronaut"]


def test_match_role_takes_a_clear_winner_by_meaning(seeded) -> None:
    with Session(seeded) as session:
        target = session.exec(select(Role).where(Role.title == "Talent Matching Engineer")).one()
        found = match_role(session, "someone to match people to jobs", nearest=lambda text, k: [(str(target.id), 0.7)])
    assert (found.role.title, found.how) == ("Talent Matching Engineer", "semantic")


def test_split_level_reads_a_leading_level_word() -> None:
    assert split_level("Senior Data Analyst") == (Seniority.senior, "Data Analyst")
    assert split_level("staff data scientist") == (Seniority.senior, "data scientist")
    assert split_level("Data Analyst") == (None, "Data Analyst") and split_level("Senior") == (None, "Senior")


def test_target_role_picks_the_family_role_at_the_level(seeded) -> None:
    with Session(seeded) as session:
        roles = catalog_roles(session)
        families = sorted({r.family for r in roles})
        senior = target_role(session, "become a senior data engineer", families, roles=roles)
        junior = target_role(session, "data engineering", families, "junior")
        unknown = target_role(session, "Chief Dragon Officer", families)
    assert (senior.role.title, senior.family) == ("Senior Data Engineer", "Data Engineer")
    assert junior.role.title == "Junior Data Engineer" and junior.how == "family"
    assert unknown.role is None and unknown.family is None
    assert role_at_level(roles, "Data Engineer", "lead").title == "Senior Data Engineer"
    assert role_at_level(roles, "No Such Family") is None
