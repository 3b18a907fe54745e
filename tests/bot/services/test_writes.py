"""The funnel's rules for a stage move: the next stage, backward moves and skipped stages."""

from __future__ import annotations

from bot.services.writes import funnel_step, next_stage
from store.models import Stage


def test_next_stage_follows_the_funnel() -> None:
    assert next_stage(Stage.onsite) is Stage.offer and next_stage(Stage.offer) is Stage.hired
    assert next_stage(Stage.hired) is None and next_stage(Stage.rejected) is None


def test_funnel_step_flags_backward_moves_and_skips() -> None:
    assert funnel_step(Stage.onsite, Stage.phone_screen) == (True, [])
    assert funnel_step(Stage.screening, Stage.onsite) == (False, ["phone_screen", "technical_interview"])
    assert funnel_step(Stage.screening, Stage.rejected) == (False, [])
