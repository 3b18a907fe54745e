"""Name lookup: exact, partial, accent-insensitive, fuzzy, and safe with odd input."""

from __future__ import annotations

from sqlmodel import Session, select

from bot.services.names import find_candidates_by_name, fold, name_tokens
from store.models import Candidate


def test_fold_ignores_case_and_accents() -> None:
    assert fold("Zoë ŁUKASZ Nguyễn") == "zoe lukasz nguyen"


def test_name_tokens_drop_question_words() -> None:
    assert name_tokens("what's the status of Amara Okafor?") == ["Amara", "Okafor"]


def test_exact_partial_and_case_insensitive(seeded, applicant: Candidate) -> None:
    with Session(seeded) as session:
        exact = find_candidates_by_name(session, applicant.full_name)
        lower = find_candidates_by_name(session, applicant.full_name.lower())
        last = find_candidates_by_name(session, applicant.full_name.split()[-1], limit=50)
    assert applicant.id in [c.id for c in exact.matches]
    assert applicant.id in [c.id for c in lower.matches]
    assert applicant.id in [c.id for c in last.matches]


def test_typo_gives_suggestion_not_match(seeded, applicant: Candidate) -> None:
    first, *rest = applicant.full_name.split()
    typo = first[:-1] + ("x" if first[-1] != "x" else "y") + " " + " ".join(rest)
    with Session(seeded) as session:
        found = find_candidates_by_name(session, typo)
    assert not found.matches
    assert applicant.full_name in [c.full_name for c in found.suggestions]


def test_unknown_and_hostile_input(seeded) -> None:
    with Session(seeded) as session:
        for query in ["Qwzx Vbnmk", "", "🙂🙂🙂", "'; DROP TABLE candidate; --", "<b>x</b>" * 3000]:
            found = find_candidates_by_name(session, query)
            assert not found.matches
        assert session.exec(select(Candidate)).first() is not None  # table still there
