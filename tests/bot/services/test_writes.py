"""Write requests in words: stage names and phrases, "next round", the funnel order, what may name a person."""

from __future__ import annotations

import pytest

from bot.services.writes import (
    funnel_step,
    next_stage,
    parse_stage,
    person_text,
    stage_in_text,
    target_stage,
    wants_next_stage,
)
from store.models import Stage


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


def test_next_stage_words_and_funnel() -> None:
    assert wants_next_stage("advance Ana to the next round")
    assert wants_next_stage("move her forward")
    assert not wants_next_stage("move Ana to offer")
    assert next_stage(Stage.onsite) is Stage.offer and next_stage(Stage.offer) is Stage.hired
    assert next_stage(Stage.hired) is None and next_stage(Stage.rejected) is None


def test_person_text_strips_role_stage_and_verbs() -> None:
    assert person_text("shortlist Ana Silva for Data Engineer", ["Data Engineer"]) == "Ana Silva"
    assert person_text("move the second one to the onsite", []) == "the second one the"

def test_target_stage_prefers_the_entity_then_the_text_then_next() -> None:
    assert target_stage(["reject"], "turn her down") == (Stage.rejected, False)
    assert target_stage(["banana"], "move Ana to onsite") == (Stage.onsite, False)
    assert target_stage([], "advance Ana to the next round") == (None, True)
    assert target_stage([], "change the stage of Ana") == (None, False)


def test_funnel_step_flags_backward_moves_and_skips() -> None:
    assert funnel_step(Stage.onsite, Stage.phone_screen) == (True, [])
    assert funnel_step(Stage.screening, Stage.onsite) == (False, ["phone_screen", "technical_interview"])
    assert funnel_step(Stage.screening, Stage.rejected) == (False, [])
