"""The text heuristics the services fall back on: levels, places, list positions, pronouns, a role pointed at."""

from __future__ import annotations

import pytest

from bot.services.parsing import (
    first_n,
    level_in_text,
    mentions_current_role,
    normalise_level,
    ordinals_in,
    place_in_text,
    place_key,
    points_at_list,
    points_at_one,
    target_phrases,
)
from store.vocabulary import Seniority


@pytest.mark.parametrize(
    ("typed", "level"),
    [("Senior", "senior"), ("sr", "senior"), ("jr.", "junior"), ("mid-level", "mid"), ("Mid level", "mid"),
     ("intermediate", "mid"), ("staff", "principal"), ("LEAD", "lead"), ("principal", "principal"),
     ("wizard", None), ("", None)],
)
def test_normalise_level(typed: str, level: str | None) -> None:
    assert normalise_level(typed) == level


def test_level_in_text() -> None:
    assert level_in_text("pay for a sr engineer") == "senior"
    assert level_in_text("pay for a data engineer") is None
    assert level_in_text("what does a mid-level analyst earn") is Seniority.mid


def test_places_are_compared_folded_and_with_aliases() -> None:
    assert place_key("  Zürich ") == "zurich" and place_key("NYC") == "new york"
    assert place_in_text("what do they earn in NYC", ["Berlin", "New York"]) == "New York"
    assert place_in_text("nothing here", ["Berlin"]) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("the second one", [2]), ("number 3", [3]), ("#2", [2]), ("what about the 2nd?", [2]), ("first", [1]),
        ("the last one", [-1]), ("tell me about the first and the third", [1, 3]), ("show me candidate 4", [4]),
        ("what was her last job", []), ("the first two", []), ("Amara Okafor", []), ("", []),
    ],
)
def test_ordinals_in(text: str, expected: list[int]) -> None:
    assert ordinals_in(text) == expected


@pytest.mark.parametrize(("text", "n"), [("compare the first two", 2), ("top 3", 3), ("the first 4 please", 4),
                                         ("compare them", None), ("the first one", None)])
def test_first_n(text: str, n: int | None) -> None:
    assert first_n(text) == n


def test_pronouns_point_at_one_person_or_the_list() -> None:
    assert points_at_one("what about her?") and not points_at_list("what about her?")
    assert points_at_list("compare them all") and not points_at_one("compare Ana and Ben")


def test_mentions_current_role() -> None:
    assert mentions_current_role("how is the pipeline for this role")
    assert not mentions_current_role("how is the pipeline overall")




def test_target_phrases_follow_become_and_move_to() -> None:
    assert target_phrases("how do I become a data scientist?") == ["data scientist"]
    assert target_phrases("path to product manager please") == ["product manager please"]
    assert target_phrases("what should I learn next?") == []
