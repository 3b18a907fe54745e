"""resolve_person / resolve_people: ordinals, pronouns, names and their mixtures, on the seeded store."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy import func
from sqlmodel import Session, select

from bot.services.references import name_query, resolve_people, resolve_person, slot_ids
from store.models import Candidate


def _each(seeded, resolve: Callable[..., Any], texts: list[str], slots: dict[str, Any]) -> list[Any]:
    """`resolve(session, text, [], slots)` for each text, in one session."""
    with Session(seeded) as session:
        return [resolve(session, text, [], slots) for text in texts]


@pytest.fixture
def people(seeded) -> list[Candidate]:
    """Six seeded candidates with unique names, in id order."""
    with Session(seeded) as session:
        unique = select(Candidate.full_name).group_by(Candidate.full_name).having(func.count(Candidate.id) == 1)
        return list(session.exec(select(Candidate).where(Candidate.full_name.in_(unique)).order_by(Candidate.id).limit(6)))


@pytest.fixture
def namesakes(seeded) -> list[Candidate]:
    """Two or more candidates sharing one full name (the generator plants a few)."""
    with Session(seeded) as session:
        name = session.exec(
            select(Candidate.full_name).group_by(Candidate.full_name).having(func.count(Candidate.id) > 1)
        ).first()
        assert name is not None
        return list(session.exec(select(Candidate).where(Candidate.full_name == name).order_by(Candidate.id)))


def test_name_query_drops_filler_and_keeps_the_name() -> None:
    assert name_query("tell me more about Amara Okafor's background please") == "Amara Okafor"
    assert name_query("what did the second one study?") == ""


def test_slot_ids_ignores_malformed_values() -> None:
    assert slot_ids({"last_candidates": ["3", 4, "x", None, " 5 "]}) == [3, 4, 5]
    assert slot_ids({"last_candidates": "7"}) == [7]
    assert slot_ids({}) == []


def test_ordinal_indexes_into_last_candidates(seeded, people: list[Candidate]) -> None:
    slots = {"last_candidates": [str(p.id) for p in people[:4]]}
    second, last, hashed = _each(seeded, resolve_person, ["tell me about the second one", "and the last one?", "#3"], slots)
    assert (second.source, second.candidate.id) == ("ordinal", people[1].id)
    assert last.candidate.id == people[3].id and hashed.candidate.id == people[2].id


def test_ordinal_past_the_end_says_how_long_the_list_was(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, "number 9", [], {"last_candidates": [str(p.id) for p in people[:3]]})
        empty = resolve_person(session, "the second one", [], {})
    assert ref.candidate is None and (ref.source, ref.ordinal, ref.list_size) == ("ordinal", 9, 3)
    assert empty.candidate is None and empty.list_size == 0


@pytest.mark.parametrize("text", ["what about her?", "is he still in the process", "tell me more", "this candidate",
                                  "show the profile", ""])
def test_pronoun_or_no_name_uses_person_id(seeded, people: list[Candidate], text: str) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, text, [], {"person_id": str(people[0].id)})
    assert (ref.source, ref.candidate.id) == ("pronoun", people[0].id)


def test_nothing_to_go_on_resolves_to_none(seeded) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, "tell me more about her", [], {})
    assert ref.candidate is None and ref.source == "none" and ref.lookup.query == ""


def test_entity_wins_over_slots(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, "the second one", [people[2].full_name],
                             {"person_id": str(people[0].id), "last_candidates": [str(people[1].id)]})
    assert (ref.source, ref.candidate.id) == ("entity", people[2].id)


def test_name_in_text_without_entity(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, f"tell me about {people[1].full_name.lower()}", [], {})
    assert ref.candidate.id == people[1].id


def test_typo_gives_suggestions_not_a_guess(seeded, people: list[Candidate]) -> None:
    first, *rest = people[0].full_name.split()
    typo = " ".join([first[:-1] + ("q" if first[-1] != "q" else "z"), *rest])
    with Session(seeded) as session:
        ref = resolve_person(session, "", [typo], {"person_id": str(people[1].id)})
    assert ref.candidate is None and people[0].id in [c.id for c in ref.lookup.suggestions]


def test_namesakes_need_disambiguation_unless_the_last_list_decides(seeded, namesakes: list[Candidate]) -> None:
    name = namesakes[0].full_name
    with Session(seeded) as session:
        open_question = resolve_person(session, "", [name], {})
        decided = resolve_person(session, "", [name], {"last_candidates": [str(namesakes[1].id)]})
    assert open_question.candidate is None and len(open_question.lookup.matches) == len(namesakes)
    assert decided.candidate.id == namesakes[1].id


def test_stale_ids_in_slots_do_not_break(seeded) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, "the first one", [], {"last_candidates": ["99999999"], "person_id": "abc"})
    assert ref.candidate is None and ref.source == "ordinal"


@pytest.mark.parametrize("text", ["x" * 20_000, "🙂" * 100, "' OR 1=1; --", "<script>alert(1)</script>"])
def test_bad_input_resolves_to_nobody(seeded, text: str) -> None:
    with Session(seeded) as session:
        ref = resolve_person(session, text, [], {})
    assert ref.candidate is None


def test_people_from_entities(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        refs = resolve_people(session, "compare them", [people[0].full_name, people[1].full_name], {})
    assert [c.id for c in refs.candidates] == [people[0].id, people[1].id] and not refs.unresolved


def test_people_first_two_and_them(seeded, people: list[Candidate]) -> None:
    slots = {"last_candidates": [str(p.id) for p in people[:5]]}
    texts = ["compare the first two", "compare them", "compare the second and the last one"]
    two, them, picked = _each(seeded, resolve_people, texts, slots)
    assert [c.id for c in two.candidates] == [people[0].id, people[1].id]
    assert [c.id for c in them.candidates] == [p.id for p in people[:5]]
    assert [c.id for c in picked.candidates] == [people[1].id, people[4].id]


def test_people_pronoun_plus_name_and_split_text(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        mixed = resolve_people(session, f"compare her with {people[2].full_name}", [], {"person_id": str(people[0].id)})
        split = resolve_people(session, f"{people[3].full_name} vs {people[4].full_name}", [], {})
    assert [c.id for c in mixed.candidates] == [people[0].id, people[2].id]
    assert [c.id for c in split.candidates] == [people[3].id, people[4].id]


def test_people_unknown_name_is_reported(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        refs = resolve_people(session, "", [people[0].full_name, "Qwzx Vbnmk"], {})
    assert [c.id for c in refs.candidates] == [people[0].id]
    assert [u.query for u in refs.unresolved] == ["Qwzx Vbnmk"]


def test_names_typed_without_special_letters_still_match(seeded) -> None:
    with Session(seeded) as session:
        special = [c for c in session.exec(select(Candidate)) if any(ch in c.full_name for ch in "ıđĐ")]
        assert special, "the seed plants Turkish and Vietnamese names"
        person = special[0]
        plain = person.full_name.replace("ı", "i").replace("đ", "d").replace("Đ", "D")
        ref = resolve_person(session, "", [plain], {})
    assert ref.candidate is not None and person.full_name in {ref.candidate.full_name}


def test_people_single_pronoun_alone_gives_one_person(seeded, people: list[Candidate]) -> None:
    with Session(seeded) as session:
        refs = resolve_people(session, "compare her", [], {"person_id": str(people[0].id)})
    assert [c.id for c in refs.candidates] == [people[0].id]


def test_a_first_name_entity_is_widened_by_the_words_after_it(seeded) -> None:
    """The NLU tagged only "James" in "shortlist James Hall for ...": the full name still decides."""
    with Session(seeded) as session:
        firsts = select(Candidate.full_name).group_by(Candidate.full_name).having(func.count(Candidate.id) == 1)
        people = list(session.exec(select(Candidate).where(Candidate.full_name.in_(firsts)).order_by(Candidate.id)))
        by_first: dict[str, list[Candidate]] = {}
        for c in people:
            by_first.setdefault(c.full_name.split()[0], []).append(c)
        shared = next(group for group in by_first.values() if len(group) > 1 and len(group[0].full_name.split()) == 2)
        target = shared[0]
        first = target.full_name.split()[0]
        ref = resolve_person(session, f"shortlist {target.full_name} for the Data Engineer role", [first], {})
    assert ref.candidate is not None and ref.candidate.id == target.id
