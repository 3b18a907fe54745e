"""The text heuristics the services fall back on: levels, places, list positions, pronouns, a role, a stage."""

from __future__ import annotations

import pytest

from bot.services.parsing import (
    first_n,
    level_as_target,
    level_in_text,
    mentions_current_role,
    normalise_level,
    ordinals_in,
    parse_stage,
    person_text,
    place_in_text,
    place_key,
    points_at_list,
    points_at_one,
    stage_in_text,
    target_phrases,
    target_stage,
    wants_next_stage,
)
from store.models import Stage
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


@pytest.mark.parametrize("text, level", [
    ("how can I grow into a lead role?", Seniority.lead),
    ("what is the pay for senior positions", Seniority.senior),
    ("tell me about a Senior-level role", Seniority.senior),
    ("and for a lead?", None),  # a follow-up: the level of the last role
    ("what does a lead data scientist make", None),  # the level of a named role
])
def test_level_as_target(text: str, level: Seniority | None) -> None:
    assert level_as_target(text) == level


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


@pytest.mark.parametrize(
    ("typed", "stage"),
    [("offer", Stage.offer), ("phone_screen", Stage.phone_screen), ("Phone Screen", Stage.phone_screen),
     ("tech interview", Stage.technical_interview), ("on-site", Stage.onsite), ("reject", Stage.rejected),
     ("hire", Stage.hired), ("banana", None), ("", None)],
)
def test_parse_stage(typed: str, stage: Stage | None) -> None:
    assert parse_stage(typed) is stage


def test_stage_in_text_prefers_the_target() -> None:
    assert stage_in_text("move Ana from phone screen to onsite") is Stage.onsite
    assert stage_in_text("reject Ana please") is Stage.rejected
    assert stage_in_text("move Ana to the technical interview stage") is Stage.technical_interview
    assert stage_in_text("move Ana forward") is None


def test_next_stage_words() -> None:
    assert wants_next_stage("advance Ana to the next round")
    assert wants_next_stage("move her forward")
    assert not wants_next_stage("move Ana to offer")


def test_person_text_strips_role_stage_and_verbs() -> None:
    assert person_text("shortlist Ana Silva for Data Engineer", ["Data Engineer"]) == "Ana Silva"
    assert person_text("move the second one to the onsite", []) == "the second one the"


def test_target_stage_prefers_the_entity_then_the_text_then_next() -> None:
    assert target_stage(["reject"], "turn her down") == (Stage.rejected, False)
    assert target_stage(["banana"], "move Ana to onsite") == (Stage.onsite, False)
    assert target_stage([], "advance Ana to the next round") == (None, True)
    assert target_stage([], "change the stage of Ana") == (None, False)
