"""Recruiter writes: the two kinds and the funnel's rules for a stage move (the words are in parsing.py)."""

from __future__ import annotations

from store.models import FUNNEL, Stage

SHORTLIST = "shortlist"
MOVE_STAGE = "move_stage"
TERMINAL: frozenset[Stage] = frozenset({Stage.hired, Stage.rejected})
_RANK = {stage: i for i, stage in enumerate(FUNNEL)}


def next_stage(stage: Stage) -> Stage | None:
    """The following funnel stage; None after hired and for rejected."""
    if stage not in _RANK or stage is Stage.hired:
        return None
    return FUNNEL[_RANK[stage] + 1]


def funnel_step(current: Stage, to: Stage) -> tuple[bool, list[str]]:
    """Whether moving `current` -> `to` goes back down the funnel, and the stages it skips going up."""
    backwards = to in _RANK and _RANK[to] < _RANK[current]
    skipped = [s.value for s in FUNNEL[_RANK[current] + 1:_RANK[to]]] if to in _RANK and not backwards else []
    return backwards, skipped
